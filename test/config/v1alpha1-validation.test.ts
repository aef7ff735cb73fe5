// Talos' static validation of the v1alpha1 document: texts, order, and the multierror format a
// node answers with.
import { describe, expect, it } from 'vitest';
import {
  formatApplyValidationError, formatValidationErrors, parseConfig, validateConfig, type ValidationOptions,
} from '../../nodes/config/index.ts';
import { CONTROLPLANE_YAML, FAKE_CERTIFICATE, WORKER_YAML, edit } from './fixtures.ts';

function errorsOf(text: string, options: ValidationOptions = {}): string[] {
  const config = parseConfig(text, { talosVersion: options.talosVersion }).config;
  if (config === null) throw new Error('no v1alpha1 document');
  return validateConfig(config, options).errors.map((issue) => issue.message);
}

function warningsOf(text: string, options: ValidationOptions = {}): string[] {
  const config = parseConfig(text).config;
  if (config === null) throw new Error('no v1alpha1 document');
  return validateConfig(config, options).warnings.map((issue) => issue.message);
}

describe('validateConfig: generated configs', () => {
  it('accepts the worker and control plane configs, also when the node must install', () => {
    expect(errorsOf(WORKER_YAML, { requiresInstall: true })).toEqual([]);
    expect(errorsOf(CONTROLPLANE_YAML, { requiresInstall: true })).toEqual([]);
    expect(warningsOf(WORKER_YAML)).toEqual([]);
  });
});

describe('validateConfig: machine type', () => {
  it('rejects an unknown machine type', () => {
    expect(errorsOf(edit(WORKER_YAML, 'type: worker', 'type: master'))).toEqual(['unknown machine type "master"']);
  });

  it('accepts join and empty as worker with a warning, and init as control plane', () => {
    expect(errorsOf(edit(WORKER_YAML, 'type: worker', 'type: join'))).toEqual([]);
    expect(warningsOf(edit(WORKER_YAML, 'type: worker', 'type: join'))).toEqual(['use "worker" instead of "join" for machine type']);
    expect(warningsOf(edit(WORKER_YAML, 'type: worker', 'type: ""'))).toEqual(['use "worker" instead of "" for machine type']);
    expect(errorsOf(edit(CONTROLPLANE_YAML, 'type: controlplane', 'type: init'))).toEqual([]);
  });

  it('turns warnings into errors in strict mode', () => {
    expect(errorsOf(edit(WORKER_YAML, 'type: worker', 'type: join'), { strict: true })).toEqual([
      'warning: use "worker" instead of "join" for machine type',
    ]);
  });
});

describe('validateConfig: cluster section', () => {
  it('requires the control plane endpoint, and stops the cluster checks there', () => {
    const text = edit(WORKER_YAML, '    controlPlane:\n        endpoint: https://10.5.0.2:6443\n', '');
    expect(errorsOf(text)).toEqual(['cluster controlplane endpoint is required']);
  });

  it('checks the endpoint host and port', () => {
    expect(errorsOf(edit(WORKER_YAML, 'endpoint: https://10.5.0.2:6443', 'endpoint: https://:6443'))).toEqual([
      'invalid controlplane endpoint: hostname must not be blank',
    ]);
    expect(errorsOf(edit(WORKER_YAML, 'endpoint: https://10.5.0.2:6443', 'endpoint: https://10.5.0.2:99999'))).toEqual([
      'invalid controlplane endpoint: port number must be between 1 and 65535',
    ]);
    expect(errorsOf(edit(WORKER_YAML, 'endpoint: https://10.5.0.2:6443', 'endpoint: controlplane.example.com'))).toEqual([
      'invalid controlplane endpoint: hostname must not be blank',
    ]);
  });

  it('rejects cluster.etcd on a worker since v1.7, and validates it the old way before', () => {
    const text = `${WORKER_YAML}    etcd:\n        image: gcr.io/etcd-development/etcd:v3.5.16\n`;
    expect(errorsOf(text)).toEqual(['etcd config is only allowed on control plane machines']);
    expect(errorsOf(text, { talosVersion: 'v1.6.0' })).toEqual(['key/cert combination should not be empty']);
  });

  it('rejects CA keys on workers', () => {
    const text = edit(WORKER_YAML, `    ca:\n        crt: ${FAKE_CERTIFICATE}\n        key: ""\n    discovery`, `    ca:\n        crt: ${FAKE_CERTIFICATE}\n        key: ${FAKE_CERTIFICATE}\n    discovery`);
    expect(errorsOf(text)).toEqual([
      'cluster CA key is not allowed on non-controlplane nodes (.cluster.ca)',
      'issuing Kubernetes API CA key is not allowed on non-controlplane nodes (.cluster.ca)',
    ]);
  });

  it('checks inline manifests, DNS domain and discovery', () => {
    const text = edit(
      edit(WORKER_YAML, 'dnsDomain: cluster.local', 'dnsDomain: "bad domain"'),
      '    discovery:',
      '    inlineManifests:\n        - name: ""\n          contents: x\n        - name: foo\n          contents: x\n        - name: foo\n          contents: y\n    discovery:',
    );
    expect(errorsOf(text)).toEqual([
      '"bad domain" is not a valid DNS name',
      "inline manifest name can't be empty",
      'inline manifest name "foo" is duplicate',
    ]);
    const noId = edit(WORKER_YAML, '    id: c2ltdWxhdGVkLWNsdXN0ZXItaWQtMzItYnl0ZXMtbG9uZyE=\n', '');
    expect(errorsOf(noId)).toEqual(['cluster discovery service requires .cluster.id']);
  });

  it('checks the CNI on control plane nodes only', () => {
    const cni = (text: string) => edit(text, '        dnsDomain: cluster.local', '        cni:\n            name: calico\n        dnsDomain: cluster.local');
    expect(errorsOf(cni(CONTROLPLANE_YAML))).toEqual(['cni name should be one of ["flannel", "custom", "none"]']);
    expect(errorsOf(cni(WORKER_YAML))).toEqual([]);
  });
});

describe('validateConfig: install', () => {
  it('requires an install disk or selector when the node must install', () => {
    const text = edit(WORKER_YAML, '        disk: /dev/sda\n', '');
    expect(errorsOf(text, { requiresInstall: true })).toEqual(['either install disk or diskSelector should be defined']);
    expect(errorsOf(text)).toEqual([]);
    const withSelector = edit(WORKER_YAML, '        disk: /dev/sda\n', '        diskSelector:\n            size: ">= 8GB"\n');
    expect(errorsOf(withSelector, { requiresInstall: true })).toEqual([]);
  });

  it('requires the install section itself', () => {
    const text = edit(WORKER_YAML, '    install:\n        disk: /dev/sda\n        image: ghcr.io/siderolabs/installer:v1.13.0\n        wipe: false\n', '');
    expect(errorsOf(text, { requiresInstall: true })).toEqual(['install instructions are required in "metal" mode']);
  });

  it('rejects selectors Talos cannot translate', () => {
    const text = edit(WORKER_YAML, '        disk: /dev/sda\n', '        diskSelector:\n            name: sda\n');
    expect(errorsOf(text, { requiresInstall: true })).toEqual([
      'install disk selector is invalid: selector on name is not supported',
      'either install disk or diskSelector should be defined',
    ]);
  });
});

describe('validateConfig: network interfaces', () => {
  const withInterfaces = (interfaces: string) => edit(WORKER_YAML, '    network: {}\n', `    network:\n        interfaces:\n${interfaces}`);

  it('requires addresses to be IPs or CIDRs', () => {
    const text = withInterfaces('            - interface: eth0\n              addresses:\n                - 10.5.0.300/24\n                - 10.3.x\n');
    expect(errorsOf(text)).toEqual([
      '[networking.os.device.addresses] "eth0": invalid CIDR address: 10.5.0.300/24',
      '[networking.os.device.addresses] "eth0": failed to parse IP address "10.3.x"',
    ]);
  });

  it('requires an interface name or a device selector, not both', () => {
    expect(errorsOf(withInterfaces('            - dhcp: true\n'))).toEqual([
      '[networking.os.device.interface], [networking.os.device.deviceSelector]: required either config section to be set',
    ]);
    expect(errorsOf(withInterfaces('            - interface: eth0\n              deviceSelector:\n                  driver: virtio_net\n'))).toEqual([
      '[networking.os.device.interface], [networking.os.device.deviceSelector]: config sections are mutually exclusive',
    ]);
  });

  it('warns that cidr is deprecated and rejects it next to addresses', () => {
    const text = withInterfaces('            - interface: eth0\n              cidr: 10.5.0.3/24\n              addresses: [10.5.0.4/24]\n');
    expect(errorsOf(text)).toEqual(['[networking.os.device] "eth0": interface can\'t have both .cidr and .addresses set']);
    expect(warningsOf(text)).toEqual(['"eth0": machine.network.interface.cidr is deprecated, please use machine.network.interface.addresses']);
  });

  it('checks routes', () => {
    const text = withInterfaces('            - interface: eth0\n              routes:\n                - network: 0.0.0.0/0\n                  gateway: 10.5.0.x\n                - metric: 10\n');
    expect(errorsOf(text)).toEqual([
      '[networking.os.device.route[0].gateway] "10.5.0.x": invalid network address',
      '[networking.os.device.route[1]]: either network or gateway should be set',
    ]);
  });

  it('rejects a VIP on a worker', () => {
    const text = withInterfaces('            - interface: eth0\n              dhcp: true\n              vip:\n                  ip: 10.5.0.10\n');
    expect(errorsOf(text)).toEqual(['virtual (shared) IP is not allowed on non-controlplane nodes']);
  });

  it('checks bonds: mode, delays, members claimed twice', () => {
    const text = withInterfaces(
      '            - interface: bond0\n              bond:\n                  mode: roundrobin\n                  updelay: 200\n                  interfaces: [eth0, eth1]\n' +
        '            - interface: bond1\n              bond:\n                  mode: active-backup\n                  interfaces: [eth1]\n',
    );
    expect(errorsOf(text)).toEqual([
      'interface "eth1" is declared as part of two separate links: "bond0" and "bond1"',
      'invalid bond type roundrobin',
      "bond.upDelay can't be set if miiMon is zero",
    ]);
  });

  it('skips ignored interfaces', () => {
    expect(errorsOf(withInterfaces('            - interface: eth0\n              ignore: true\n              addresses: [bad]\n'))).toEqual([]);
  });
});

describe('validateConfig: labels, features, kubelet', () => {
  it('nests label problems the way Talos wraps them', () => {
    const text = edit(WORKER_YAML, '    network: {}\n', '    network: {}\n    nodeLabels:\n        /foo: a\n        ok: "#$"\n');
    const result = validateConfig(parseConfig(text).config ?? {});
    expect(result.errors.map((issue) => issue.message)).toEqual([
      'invalid machine node labels: 2 errors occurred:\n\t* prefix cannot be empty: "/foo"\n\t* label value "#$" is invalid\n\n',
    ]);
    expect(formatValidationErrors(result.errors)).toBe(
      '1 error occurred:\n\t* invalid machine node labels: 2 errors occurred:\n\t* prefix cannot be empty: "/foo"\n\t* label value "#$" is invalid\n\n\n\n',
    );
  });

  it('rejects Kubernetes Talos API access on workers', () => {
    const text = edit(WORKER_YAML, '        rbac: true\n', '        rbac: true\n        kubernetesTalosAPIAccess:\n            enabled: true\n            allowedRoles: [os:reader, os:root]\n');
    expect(errorsOf(text)).toEqual([
      'feature Kubernetes Talos API Access can only be enabled on control plane machines',
      'invalid role "os:root" in allowed roles for Kubernetes Talos API Access',
    ]);
  });

  it('rejects protected kubelet fields and bad node IP subnets', () => {
    const text = edit(WORKER_YAML, '        disableManifestsDirectory: true\n', '        disableManifestsDirectory: true\n        extraConfig:\n            port: 1234\n        nodeIP:\n            validSubnets: ["!10"]\n');
    expect(errorsOf(text)).toEqual(['kubelet nodeIP subnet is not valid: "10"', 'kubelet configuration field "port" can\'t be overridden']);
  });

  it('requires persist and hostDNS for forwarding', () => {
    const text = edit(edit(WORKER_YAML, 'persist: true', 'persist: false'), '            enabled: true\n            forwardKubeDNSToHost', '            enabled: false\n            forwardKubeDNSToHost');
    expect(errorsOf(text)).toEqual([
      'feature hostDNS.forwardKubeDNSToHost requires hostDNS.enabled to be true (.machine.features.hostDNS)',
      '.persist should be enabled',
    ]);
  });

  it('requires machine instructions', () => {
    expect(validateConfig({ version: 'v1alpha1' }).errors.map((issue) => issue.message)).toEqual(['machine instructions are required']);
  });
});

describe('validateConfig: v1.14 differences', () => {
  it('warns about deprecated .machine.files and no longer requires .machine.install', () => {
    const withFiles = edit(WORKER_YAML, '    network: {}\n', '    network: {}\n    files:\n        - content: x\n          permissions: 0o644\n          path: /var/f\n          op: create\n');
    expect(warningsOf(withFiles)).toEqual([]);
    const config = parseConfig(withFiles).config ?? {};
    expect(validateConfig(config, { talosVersion: 'v1.14.0' }).warnings.map((issue) => issue.message)).toEqual([
      '.machine.files is deprecated; use dedicated configuration documents instead',
    ]);
    const noInstall = edit(WORKER_YAML, '    install:\n        disk: /dev/sda\n        image: ghcr.io/siderolabs/installer:v1.13.0\n        wipe: false\n', '');
    expect(errorsOf(noInstall, { requiresInstall: true, talosVersion: 'v1.14.0' })).toEqual([]);
    expect(errorsOf(noInstall, { requiresInstall: true, talosVersion: 'v1.13.0' })).toEqual(['install instructions are required in "metal" mode']);
  });
});

describe('validation error texts', () => {
  it('formats one and several errors like Talos multierror', () => {
    const errors = [{ path: 'a', message: 'first' }, { path: 'b', message: 'second' }];
    expect(formatValidationErrors(errors.slice(0, 1))).toBe('1 error occurred:\n\t* first\n\n');
    expect(formatValidationErrors(errors)).toBe('2 errors occurred:\n\t* first\n\t* second\n\n');
    expect(formatValidationErrors([])).toBe('');
  });

  it('wraps the v1alpha1 errors once more in ApplyConfiguration answers', () => {
    expect(formatApplyValidationError([{ path: '', message: 'cluster controlplane endpoint is required' }])).toBe(
      '1 error occurred:\n\t* v1alpha1.Config: 1 error occurred:\n\t* cluster controlplane endpoint is required\n\n\n\n',
    );
  });
});
