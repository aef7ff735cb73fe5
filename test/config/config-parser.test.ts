// Loading config streams like Talos' decoder: which document is v1alpha1, Talos' exact error
// texts for bad documents, unknown keys and type errors, and the positions errors point at.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../nodes/config/index.ts';
import { CONTROLPLANE_YAML, WORKER_YAML, edit } from './fixtures.ts';

function parseError(text: string, talosVersion?: string): ConfigError {
  try {
    parseConfig(text, { talosVersion });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig: which document is v1alpha1', () => {
  it('reads a generated worker config into typed fields', () => {
    const parsed = parseConfig(WORKER_YAML);
    expect(parsed.config?.machine?.type).toBe('worker');
    expect(parsed.config?.cluster?.controlPlane?.endpoint).toBe('https://10.5.0.2:6443');
    expect(parsed.config?.machine?.features?.kubePrism).toEqual({ enabled: true, port: 7445 });
    expect(parsed.text).toBe(WORKER_YAML);
    expect(parsed.v1alpha1Line).toBe(1);
  });

  it('treats a document with machine keys as v1alpha1 whatever version says', () => {
    const parsed = parseConfig(edit(WORKER_YAML, 'version: v1alpha1', 'version: v1alpha2'));
    expect(parsed.config?.version).toBe('v1alpha2');
    expect(parsed.config?.machine?.type).toBe('worker');
  });

  it('keeps further documents with their apiVersion, kind, name and line', () => {
    const text = `${WORKER_YAML}---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: worker-1\n---\napiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n    minSize: 1GB\n`;
    const parsed = parseConfig(text);
    expect(parsed.documents.map((document) => [document.kind, document.name])).toEqual([
      ['HostnameConfig', ''],
      ['UserVolumeConfig', 'data'],
    ]);
    expect(parsed.documents[0].line).toBe(WORKER_YAML.split('\n').length + 1);
    expect(parsed.documents[0].body.hostname).toBe('worker-1');
  });

  it('reads values with Go rules: octal modes, strings as written, durations printed by Go', () => {
    const parsed = parseConfig(`machine:
  token: 0644
  files:
    - content: x
      permissions: 0644
      path: /var/f
      op: create
  time:
    bootTimeout: 90s
  sysctls:
    net.ipv4.ip_forward: 1
  kubelet:
    registerWithFQDN: yes
    extraArgs:
      v: 2
      feature-gates: [A=true, B=false]
`);
    const machine = parsed.config?.machine;
    expect(machine?.token).toBe('0644');
    expect(machine?.files?.[0].permissions).toBe(0o644);
    expect(machine?.time?.bootTimeout).toBe('1m30s');
    expect(machine?.sysctls).toEqual({ 'net.ipv4.ip_forward': '1' });
    expect(machine?.kubelet?.registerWithFQDN).toBe(true);
    expect(machine?.kubelet?.extraArgs).toEqual({ v: '2', 'feature-gates': ['A=true', 'B=false'] });
  });

  it('records key positions by dotted path', () => {
    const parsed = parseConfig(CONTROLPLANE_YAML);
    const apiServerLine = CONTROLPLANE_YAML.split('\n').findIndex((line) => line === '    apiServer:') + 1;
    expect(parsed.positions.get('cluster.apiServer')).toEqual({ line: apiServerLine, column: 5 });
    expect(parsed.positions.get('machine.type')).toEqual({ line: 5, column: 5 });
    expect(parsed.positions.get('cluster.network.podSubnets[0]')?.column).toBe(15);
  });
});

describe('parseConfig: Talos decoder errors', () => {
  it('requires kind when there are no v1alpha1 keys (the kind shows as v1alpha1 in the id)', () => {
    const error = parseError('---\napiVersion: v1alpha2\ntest: true\n');
    expect(error.message).toBe('error decoding document v1alpha2/v1alpha1/ (line 2): missing kind');
    expect([error.line, error.column]).toEqual([2, 1]);
  });

  it('treats an empty kind as missing', () => {
    expect(parseError('---\nkind:\napiVersion: v1alpha2\ntest: true\n').message).toBe(
      'error decoding document v1alpha2/v1alpha1/ (line 2): missing kind',
    );
  });

  it('requires apiVersion next to kind (a misspelt apiversion does not count)', () => {
    expect(parseError('---\napiversion: v1alpha1\nkind: ExtensionServiceConfig\nname: nut\n').message).toBe(
      'error decoding document /ExtensionServiceConfig/nut (line 2): missing apiVersion',
    );
  });

  it('a lone `version: v1alpha1` document is not v1alpha1', () => {
    expect(parseError('version: v1alpha1\n').message).toBe('error decoding document /v1alpha1/ (line 1): missing kind');
  });

  it('rejects kinds the emulated release does not register', () => {
    const text = `${WORKER_YAML}---\napiVersion: v1alpha1\nkind: KubeNodeConfig\nlabels:\n    a: b\n`;
    const line = WORKER_YAML.split('\n').length + 1;
    expect(parseError(text, 'v1.13.0').message).toBe(
      `error decoding document v1alpha1/KubeNodeConfig/ (line ${line}): "KubeNodeConfig" "v1alpha1": not registered`,
    );
    expect(parseConfig(text, { talosVersion: 'v1.14.0' }).documents[0].kind).toBe('KubeNodeConfig');
    expect(parseError('apiVersion: v1alpha2\nkind: HostnameConfig\nhostname: a\n').message).toBe(
      'error decoding document v1alpha2/HostnameConfig/ (line 1): "HostnameConfig" "v1alpha2": not registered',
    );
  });

  it('rejects a second v1alpha1 document', () => {
    const error = parseError('machine:\n  type: worker\n---\ncluster:\n  id: x\n');
    expect(error.message).toBe('duplicate document /v1alpha1/ is not allowed (line 4)');
    expect(error.line).toBe(4);
  });

  it('rejects duplicate named documents', () => {
    const doc = 'apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\n';
    expect(parseError(`${doc}---\n${doc}`).message).toBe('duplicate document v1alpha1/UserVolumeConfig/data is not allowed (line 5)');
  });

  it('rejects scalar and list documents but skips empty ones', () => {
    expect(parseError('---\nfoo\n').message).toBe('expected a YAML document at line 2');
    expect(parseError('- a\n- b\n').message).toBe('expected a YAML document at line 1');
    expect(parseConfig('---\n---\n~\n---\nmachine:\n  type: worker\n').config?.machine?.type).toBe('worker');
  });

  it('says config not found for a stream without documents', () => {
    expect(parseError('# only a comment\n').message).toBe('config not found');
  });

  it('reproduces the decoder panic on a trailing `kind` value', () => {
    expect(parseError('name: kind\n').message).toBe('recovered: runtime error: index out of range [2] with length 2');
  });

  it('reports malformed YAML with line and column', () => {
    const error = parseError('machine:\n\ttype: worker\n');
    expect(error.message).toMatch(/^decode error: yaml: line 2, column 1: /);
    expect([error.line, error.column]).toEqual([2, 1]);
  });
});

describe('parseConfig: unknown keys', () => {
  it('lists unknown keys under their known parents, sorted, with values as written', () => {
    const error = parseError('version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    nodeLabels:\n      a: b\ncluster:\n  nodeLabels: {}\nextra: fail\n');
    expect(error.message).toBe(
      'error decoding document /v1alpha1/ (line 1): unknown keys found during decoding:\n' +
        'cluster:\n    nodeLabels: {}\nextra: fail\nmachine:\n    kubelet:\n        nodeLabels:\n            a: b\n',
    );
    expect(error.fieldPath).toBe('machine.kubelet.nodeLabels');
    expect([error.line, error.column]).toEqual([5, 5]);
  });

  it('shows only the list items that hold unknown keys', () => {
    const error = parseError('machine:\n  network:\n    interfaces:\n      - interface: eth0\n      - interface: eth1\n        more: extra\n        fields: "here"\n');
    expect(error.message).toBe(
      'error decoding document /v1alpha1/ (line 1): unknown keys found during decoding:\n' +
        'machine:\n    network:\n        interfaces:\n            - fields: "here"\n              more: extra\n',
    );
    expect(error.fieldPath).toBe('machine.network.interfaces[1].more');
  });

  it('rejects apiVersion inside the v1alpha1 document', () => {
    expect(parseError('apiVersion: v1alpha1\nmachine:\n  type: worker\n').message).toBe(
      'error decoding document v1alpha1/v1alpha1/ (line 1): unknown keys found during decoding:\napiVersion: v1alpha1\n',
    );
  });

  it('accepts any key under free-form maps', () => {
    const parsed = parseConfig('machine:\n  nodeLabels:\n    anything/goes: "1"\n  kubelet:\n    extraArgs:\n      whatever-flag: x\n    extraConfig:\n      serializeImagePulls: false\n');
    expect(parsed.config?.machine?.nodeLabels).toEqual({ 'anything/goes': '1' });
    expect(parsed.config?.machine?.kubelet?.extraConfig).toEqual({ serializeImagePulls: false });
  });

  it('knows fields by release: flannel network policies arrived in v1.13', () => {
    const text = 'cluster:\n  network:\n    cni:\n      name: flannel\n      flannel:\n        kubeNetworkPoliciesEnabled: true\n';
    expect(parseConfig(text, { talosVersion: 'v1.13.0' }).config?.cluster?.network?.cni?.flannel?.kubeNetworkPoliciesEnabled).toBe(true);
    expect(parseError(text, 'v1.12.0').message).toContain('unknown keys found during decoding:\ncluster:\n    network:\n        cni:\n            flannel:\n                kubeNetworkPoliciesEnabled: true\n');
  });
});

describe('parseConfig: type errors', () => {
  it('collects go-yaml construct errors with their lines', () => {
    const error = parseError('machine:\n  type: worker\n  kubelet:\n    registerWithFQDN: abc\n  network:\n    interfaces:\n      - interface: eth0\n        mtu: big\n');
    expect(error.message).toBe(
      'error decoding document /v1alpha1/ (line 1): error decoding  to *v1alpha1.Config: yaml: construct errors:\n' +
        '  line 4: cannot construct !!str `abc` into bool\n  line 8: cannot construct !!str `big` into int',
    );
    expect(error.fieldPath).toBe('machine.kubelet.registerWithFQDN');
    expect([error.line, error.column]).toEqual([4, 23]);
  });

  it('names the Go type of a section given the wrong shape, cutting long values', () => {
    expect(parseError('machine:\n  kubelet: a-very-long-value\n').message).toContain('line 2: cannot construct !!str `a-very-...` into v1alpha1.KubeletConfig');
    expect(parseError('machine:\n  certSANs: {a: b}\n').message).toContain('line 2: cannot construct !!map into []string');
  });

  it('rejects an endpoint url.Parse refuses', () => {
    expect(parseError('cluster:\n  controlPlane:\n    endpoint: 10.0.0.1:6443\n').message).toContain(
      'line 3: parse "10.0.0.1:6443": first path segment in URL cannot contain colon',
    );
  });

  it('rejects duplicate keys', () => {
    expect(parseError('machine:\n  type: worker\n  type: controlplane\n').message).toContain('line 3: mapping key "type" already defined at line 2');
  });

  it('accepts extraArgs lists only from v1.13', () => {
    const text = 'machine:\n  kubelet:\n    extraArgs:\n      feature-gates: [A=true]\n';
    expect(parseError(text, 'v1.12.0').message).toContain('line 4: cannot construct !!seq into string');
    expect(parseError('machine:\n  kubelet:\n    extraArgs:\n      x: {a: b}\n').message).toContain(
      'line 4: arg value must be a string or list of strings',
    );
  });

  it('rejects certificates that are not base64', () => {
    expect(parseError('machine:\n  ca:\n    crt: not*base64\n').message).toContain('line 3: illegal base64 data at input byte 3');
  });
});
