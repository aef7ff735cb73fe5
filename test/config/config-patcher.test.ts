// talosctl's patch flags end to end on text: patch loading (strategic vs RFC 6902, @file, bare
// names, joined JSON patches), multi-document strategic merges with deletes, JSON patches and
// their refusal on multi-document configs. Cases written after the situations Talos'
// configpatcher testdata covers (multidoc, patchdelete, patchdeletemissing, auditpolicy).
import { describe, expect, it } from 'vitest';
import { applyConfigPatches, ConfigError, loadPatch, loadPatches, JSON6902_MULTI_DOCUMENT_ERROR } from '../../nodes/config/index.ts';

const V = 'v1.13.0';

const MULTI = `version: v1alpha1
machine:
  network:
    hostname: node-a
    interfaces:
      - interface: enp1s0
        dhcp: true
      - interface: enp2s0
        addresses: [192.168.7.4/24]
---
apiVersion: v1alpha1
kind: SideroLinkConfig
apiUrl: https://omni.example/join?token=one
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: probe
configFiles:
    - content: first
      mountPath: /etc/probe/a
environment:
    - LEVEL=1
`;

const SINGLE = `version: v1alpha1
machine:
  type: worker
  network:
    hostname: node-b
  certSANs: [one.example]
`;

const files: Record<string, string> = {
  'names.yaml': 'machine:\n  network:\n    hostname: from-file\n',
  'ops.yaml': '- op: add\n  path: /machine/certSANs/-\n  value: two.example\n',
  'ops.json': '[{"op": "replace", "path": "/machine/network/hostname", "value": "json-host"}]',
};
const read = (path: string) => {
  if (!(path in files)) throw new ConfigError(`open ${path}: no such file or directory`, 0, 0, '');
  return files[path]!;
};

const apply = (text: string, patches: string[]) => applyConfigPatches(text, loadPatches(patches, read, V), V).text;

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loading patches as talosctl reads --config-patch', () => {
  it('tells strategic merge patches from RFC 6902 patches in JSON and YAML', () => {
    expect(loadPatch('machine:\n  network:\n    hostname: x\n', V).kind).toBe('strategic');
    expect(loadPatch(files['ops.json']!, V).kind).toBe('json6902');
    expect(loadPatch(files['ops.yaml']!, V).kind).toBe('json6902');
  });

  it('reads @file and bare file names, keeps inline text, and joins consecutive JSON patches', () => {
    const patches = loadPatches(['@ops.yaml', 'ops.json', '{"machine": {"network": {"hostname": "inline"}}}', '@names.yaml'], read, V);
    expect(patches.map((patch) => patch.kind)).toEqual(['json6902', 'strategic', 'strategic']);
    expect(patches[0]!.kind === 'json6902' && patches[0]!.operations.length).toBe(2);
    expect(failure(() => loadPatches(['@missing.yaml'], read, V))).toBe('open missing.yaml: no such file or directory');
  });

  it('gives the config loader error for a strategic patch with an unknown key', () => {
    expect(failure(() => loadPatch('machine:\n  netwrk:\n    hostname: x\n', V))).toContain('unknown keys found during decoding');
  });
});

describe('strategic merge across documents', () => {
  it('merges documents with the same apiVersion/kind/name and keeps the rest', () => {
    const out = apply(MULTI, [
      'machine:\n  network:\n    interfaces:\n      - interface: enp1s0\n        dhcp: false\n',
      'apiVersion: v1alpha1\nkind: SideroLinkConfig\napiUrl: https://omni.example/join?token=two\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: probe\nconfigFiles:\n  - content: second\n    mountPath: /etc/probe/a\n  - content: extra\n    mountPath: /etc/probe/b\nenvironment:\n  - MODE=x\n',
    ]);
    expect(out).toBe(`version: v1alpha1
machine:
    network:
        hostname: node-a
        interfaces:
            - interface: enp1s0
              dhcp: false
            - interface: enp2s0
              addresses:
                - 192.168.7.4/24
---
apiVersion: v1alpha1
kind: SideroLinkConfig
apiUrl: https://omni.example/join?token=two
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: probe
configFiles:
    - content: second
      mountPath: /etc/probe/a
    - content: extra
      mountPath: /etc/probe/b
environment:
    - LEVEL=1
    - MODE=x
`);
  });

  it('appends a document of a kind the config does not have yet', () => {
    const out = apply(SINGLE, ['apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n']);
    expect(out).toContain('---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n');
  });

  it('deletes whole documents, fields and list items before merging the rest of the patch', () => {
    const out = apply(MULTI, [
      `apiVersion: v1alpha1
kind: SideroLinkConfig
$patch: delete
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: probe
configFiles:
  - mountPath: /etc/probe/a
    $patch: delete
  - content: other
    mountPath: /etc/probe/c
---
machine:
  network:
    hostname:
      $patch: delete
    interfaces:
      - interface: enp1s0
        $patch: delete
      - interface: enp2s0
        addresses: [192.168.7.5/24]
`,
    ]);
    expect(out).toBe(`version: v1alpha1
machine:
    network:
        interfaces:
            - interface: enp2s0
              addresses:
                - 192.168.7.4/24
                - 192.168.7.5/24
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: probe
configFiles:
    - content: other
      mountPath: /etc/probe/c
environment:
    - LEVEL=1
`);
  });

  it('drops a map or list emptied by a delete, as Talos omits it', () => {
    const config = 'version: v1alpha1\nmachine:\n  nodeLabels:\n    zone: a\n';
    expect(apply(config, ['machine:\n  nodeLabels:\n    zone:\n      $patch: delete\n'])).toBe('version: v1alpha1\nmachine: {}\n');
  });

  it('refuses to delete what is not there, with Talos text', () => {
    expect(failure(() => apply('version: v1alpha1\nmachine: {}\n', ['machine:\n  network:\n    hostname:\n      $patch: delete\n']))).toBe(
      "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed",
    );
  });

  it('replaces the audit policy instead of merging it', () => {
    const config = 'version: v1alpha1\ncluster:\n  apiServer:\n    auditPolicy:\n      apiVersion: audit.k8s.io/v1\n      kind: Policy\n      rules:\n        - level: Metadata\n';
    const out = apply(config, ['cluster:\n  apiServer:\n    auditPolicy:\n      apiVersion: audit.k8s.io/v1\n      kind: Policy\n      rules:\n        - level: None\n']);
    expect(out).toContain('rules:\n                - level: None\n');
    expect(out).not.toContain('Metadata');
  });
});

describe('RFC 6902 JSON patches', () => {
  it('applies to a single-document config and prints as ghodss/yaml does', () => {
    expect(apply(SINGLE, ['@ops.yaml', '@ops.json'])).toBe(`machine:
  certSANs:
  - one.example
  - two.example
  network:
    hostname: json-host
  type: worker
version: v1alpha1
`);
  });

  it('refuses a multi-document config with Talos text', () => {
    expect(failure(() => apply(MULTI, ['@ops.yaml']))).toBe(JSON6902_MULTI_DOCUMENT_ERROR);
  });

  it('reports an operation that does not apply with the library text', () => {
    expect(failure(() => apply(SINGLE, ['[{"op": "add", "path": "/cluster/network/cni", "value": {}}]']))).toBe(
      'failure applying rfc6902 patches to talos machine config: add operation does not apply: doc is missing path: "/cluster/network/cni": missing value',
    );
    expect(failure(() => apply(SINGLE, ['[{"op": "remove", "path": "/machine/kubelet"}]']))).toBe(
      "failure applying rfc6902 patches to talos machine config: error in remove for path: '/machine/kubelet': Unable to remove nonexistent key: kubelet: missing value",
    );
    expect(failure(() => apply(SINGLE, ['[{"op": "test", "path": "/machine/type", "value": "controlplane"}]']))).toBe(
      'failure applying rfc6902 patches to talos machine config: testing value /machine/type failed: test failed',
    );
  });

  it('a strategic patch after a JSON patch works on the decoded result again', () => {
    const out = apply(SINGLE, ['@ops.json', 'machine:\n  network:\n    hostname: last\n']);
    expect(out).toBe('version: v1alpha1\nmachine:\n    type: worker\n    certSANs:\n        - one.example\n    network:\n        hostname: last\n');
  });
});
