// Strategic-merge patches with Talos' rules: maps merge, most lists append, a few replace,
// interfaces/vlans merge by key, `$patch: delete`, and strict decoding of the patch itself.
import { describe, expect, it } from 'vitest';
import { applyPatches, ConfigError, parseConfig, renderConfig, type MachineConfig } from '../../nodes/config/index.ts';
import { WORKER_YAML } from './fixtures.ts';

const base = (): MachineConfig => parseConfig(WORKER_YAML).config ?? {};

function patchError(patches: Record<string, unknown>[]): ConfigError {
  try {
    applyPatches(base(), patches);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('applyPatches: merging', () => {
  it('merges maps and overrides scalars, leaving the input untouched', () => {
    const input = base();
    const patched = applyPatches(input, [{ machine: { kubelet: { image: 'ghcr.io/siderolabs/kubelet:v1.34.0' }, nodeLabels: { pool: 'blue' } } }]);
    expect(patched.machine?.kubelet).toEqual({
      image: 'ghcr.io/siderolabs/kubelet:v1.34.0', defaultRuntimeSeccompProfileEnabled: true, disableManifestsDirectory: true,
    });
    expect(patched.machine?.nodeLabels).toEqual({ pool: 'blue' });
    expect(input.machine?.kubelet?.image).toBe('ghcr.io/siderolabs/kubelet:v1.33.0');
  });

  it('appends lists such as certSANs and files', () => {
    const patched = applyPatches(base(), [{ machine: { certSANs: ['a.example.com'] } }, { machine: { certSANs: ['b.example.com'] } }]);
    expect(patched.machine?.certSANs).toEqual(['a.example.com', 'b.example.com']);
  });

  it('replaces pod and service subnets', () => {
    const patched = applyPatches(base(), [{ cluster: { network: { podSubnets: ['10.42.0.0/16'] } } }]);
    expect(patched.cluster?.network?.podSubnets).toEqual(['10.42.0.0/16']);
    expect(patched.cluster?.network?.serviceSubnets).toEqual(['10.96.0.0/12']);
  });

  it('merges network interfaces by name and vlans by id', () => {
    const first = applyPatches(base(), [
      { machine: { network: { interfaces: [{ interface: 'eth0', dhcp: true, vlans: [{ vlanId: 10, dhcp: true }] }] } } },
    ]);
    const patched = applyPatches(first, [
      { machine: { network: { interfaces: [{ interface: 'eth0', addresses: ['10.5.0.3/24'], vlans: [{ vlanId: 10, mtu: 1400 }, { vlanId: 20 }] }, { interface: 'eth1', dhcp: true }] } } },
    ]);
    expect(patched.machine?.network?.interfaces).toEqual([
      { interface: 'eth0', dhcp: true, addresses: ['10.5.0.3/24'], vlans: [{ vlanId: 10, dhcp: true, mtu: 1400 }, { vlanId: 20 }] },
      { interface: 'eth1', dhcp: true },
    ]);
  });

  it('applies false but ignores empty strings and zeros', () => {
    const patched = applyPatches(base(), [{ machine: { install: { disk: '', wipe: true }, features: { rbac: false, kubePrism: { port: 0 } } } }]);
    expect(patched.machine?.install?.disk).toBe('/dev/sda');
    expect(patched.machine?.install?.wipe).toBe(true);
    expect(patched.machine?.features?.rbac).toBe(false);
    expect(patched.machine?.features?.kubePrism?.port).toBe(7445);
  });

  it('overwrites extraArgs keys and decodes values with Go rules', () => {
    const patched = applyPatches(base(), [
      { machine: { kubelet: { extraArgs: { v: 2, 'feature-gates': ['A=true'] } } } },
      { machine: { kubelet: { extraArgs: { v: '4' } } } },
    ]);
    expect(patched.machine?.kubelet?.extraArgs).toEqual({ v: '4', 'feature-gates': ['A=true'] });
  });

  it('renders the patched config as YAML that loads back to the same config', () => {
    const patched = applyPatches(base(), [{ machine: { files: [{ content: 'x', permissions: 0o600, path: '/var/f', op: 'create' }] } }]);
    const text = renderConfig(patched);
    expect(text).toContain('    files:\n        - content: x\n          permissions: 0o600\n          path: /var/f\n          op: create\n');
    expect(parseConfig(text).config).toEqual(patched);
  });
});

describe('applyPatches: $patch: delete', () => {
  it('deletes a section', () => {
    const patched = applyPatches(base(), [{ cluster: { discovery: { $patch: 'delete' } } }]);
    expect(patched.cluster?.discovery).toBeUndefined();
    expect(patched.cluster?.clusterName).toBe('talsim');
  });

  it('deletes the matching list item, then merges the rest of the patch', () => {
    const withInterfaces = applyPatches(base(), [{ machine: { network: { interfaces: [{ interface: 'eth0', dhcp: true }, { interface: 'eth1', dhcp: true }] } } }]);
    const patched = applyPatches(withInterfaces, [
      { machine: { network: { interfaces: [{ interface: 'eth1', $patch: 'delete' }] }, nodeLabels: { a: 'b' } } },
    ]);
    expect(patched.machine?.network?.interfaces).toEqual([{ interface: 'eth0', dhcp: true }]);
    expect(patched.machine?.nodeLabels).toEqual({ a: 'b' });
  });

  it('fails with Talos text when there is nothing to delete', () => {
    expect(patchError([{ machine: { nodeLabels: { missing: { $patch: 'delete' } } } }]).message).toBe(
      "patch delete: path 'machine.nodeLabels.missing' in document '/v1alpha1': failed to delete path 'machine.nodeLabels.missing': lookup failed",
    );
  });
});

describe('applyPatches: strict decoding', () => {
  it('rejects unknown keys in a patch with Talos text', () => {
    const error = patchError([{ machine: { kubelet: { nodeLabels: { a: 'b' } } } }]);
    expect(error.message).toBe(
      'error decoding document /v1alpha1/ (line 1): unknown keys found during decoding:\nmachine:\n    kubelet:\n        nodeLabels:\n            a: b\n',
    );
    expect(error.fieldPath).toBe('machine.kubelet.nodeLabels');
  });

  it('rejects values of the wrong type', () => {
    expect(patchError([{ machine: { network: { interfaces: [{ interface: 'eth0', mtu: 'big' }] } } }]).message).toContain(
      'cannot construct !!str `big` into int',
    );
  });
});
