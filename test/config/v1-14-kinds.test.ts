// Kinds Talos first registers in v1.14, with the version a setting: under v1.13 they are "not
// registered"; under v1.14 SysctlConfig, SysfsConfig, KernelModuleConfig and UdevRulesConfig are
// decoded strictly (unknown keys rejected) and validated with Talos's texts.
import { describe, expect, it } from 'vitest';
import { lintConfig } from '../../nodes/config/index.ts';
import { WORKER_YAML } from './fixtures.ts';

const errors = (text: string, talosVersion: string) =>
  lintConfig(`${WORKER_YAML}---\napiVersion: v1alpha1\n${text}`, { file: 'c.yaml', talosVersion }).errors.map((error) => error.message).join('\n');

describe('v1.14 document kinds follow the Talos version setting', () => {
  it('are not registered before v1.14', () => {
    expect(errors('kind: SysctlConfig\nparams:\n  net.ipv4.ip_forward: "1"\n', 'v1.13.9')).toContain('"SysctlConfig" "v1alpha1": not registered');
  });
  it('are accepted from v1.14 on', () => {
    expect(errors('kind: SysctlConfig\nparams:\n  net.ipv4.ip_forward: "1"\n', 'v1.14.0')).toBe('');
    expect(errors('kind: KernelModuleConfig\nname: br_netfilter\nparameters: [nf_conntrack_max=131072]\n', 'v1.14.0')).toBe('');
    expect(errors('kind: UdevRulesConfig\nrules:\n  - SUBSYSTEM=="drm", GROUP="44", MODE="0660"\n', 'v1.14.0')).toBe('');
    expect(errors('kind: SysfsConfig\nparams:\n  devices.system.cpu.cpu0.cpufreq.scaling_governor: performance\n', 'v1.14.0')).toBe('');
  });
  it('reject unknown keys and invalid values with Talos texts', () => {
    expect(errors('kind: SysctlConfig\nparam:\n  a: "1"\n', 'v1.14.0')).toContain('unknown keys found during decoding:\nparam:');
    expect(errors('kind: SysctlConfig\nparams:\n  "": "1"\n', 'v1.14.0')).toContain('sysctl key cannot be empty');
    expect(errors('kind: SysfsConfig\nparams:\n  "": "1"\n', 'v1.14.0')).toContain('sysfs key cannot be empty');
    expect(errors('kind: KernelModuleConfig\nname: ""\n', 'v1.14.0')).toContain('name is required');
  });
});
