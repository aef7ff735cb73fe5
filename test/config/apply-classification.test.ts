// Apply-config classification: every section Talos <= v1.13 applies live is immediate, anything
// else needs a reboot (with Talos' reason and diff), v1.14+ never reboots; install changes are
// reported as taking effect at the next install or upgrade.
import { describe, expect, it } from 'vitest';
import {
  IMMEDIATE_FEATURES, IMMEDIATE_MACHINE_SECTIONS, changeTakesEffect, classifyChange, dryRunConfigDiff, parseConfig,
  type ConfigObject, type MachineConfig,
} from '../../nodes/config/index.ts';
import { WORKER_YAML } from './fixtures.ts';

const current = (): MachineConfig => structuredClone(parseConfig(WORKER_YAML).config ?? {});

/** A config as plain objects, so tests can set any field. */
type Editable = ConfigObject & { machine: ConfigObject };

function changed(mutate: (config: Editable) => void): MachineConfig {
  const config = current() as Editable;
  mutate(config);
  return config as MachineConfig;
}

const NEW_SECTION_VALUES: Record<(typeof IMMEDIATE_MACHINE_SECTIONS)[number], ConfigObject[string]> = {
  ca: { crt: 'Y2E=' },
  acceptedCAs: [{ crt: 'Y2E=' }],
  time: { disabled: true },
  certSANs: ['10.5.0.9'],
  install: { disk: '/dev/vda' },
  network: { hostname: 'worker-1' },
  sysfs: { 'devices.system.cpu.cpu0.cpufreq.scaling_governor': 'performance' },
  sysctls: { 'net.core.somaxconn': '65535' },
  logging: { destinations: [{ endpoint: 'udp://10.5.0.1:514', format: 'json_lines' }] },
  controlPlane: { scheduler: { disabled: true } },
  kubelet: { image: 'ghcr.io/siderolabs/kubelet:v1.34.0' },
  kernel: { modules: [{ name: 'br_netfilter' }] },
  registries: { mirrors: { 'docker.io': { endpoints: ['https://mirror.example.com'] } } },
  pods: [{ apiVersion: 'v1', kind: 'Pod' }],
  seccompProfiles: [{ name: 'audit.json', value: { defaultAction: 'SCMP_ACT_LOG' } }],
  nodeAnnotations: { 'example.com/owner': 'ops' },
  nodeLabels: { 'example.com/pool': 'blue' },
  nodeTaints: { 'example.com/dedicated': 'db:NoSchedule' },
};

describe('classifyChange up to v1.13', () => {
  it('uses the live sections listed in the facts sheet (Talos CanApplyImmediate)', () => {
    expect([...IMMEDIATE_MACHINE_SECTIONS].sort()).toEqual([
      'acceptedCAs', 'ca', 'certSANs', 'controlPlane', 'install', 'kernel', 'kubelet', 'logging', 'network', 'nodeAnnotations',
      'nodeLabels', 'nodeTaints', 'pods', 'registries', 'seccompProfiles', 'sysctls', 'sysfs', 'time',
    ]);
    expect([...IMMEDIATE_FEATURES].sort()).toEqual(['hostDNS', 'imageCache', 'kubePrism', 'kubernetesTalosAPIAccess', 'nodeAddressSortAlgorithm']);
  });

  it.each(IMMEDIATE_MACHINE_SECTIONS)('.machine.%s applies immediately', (section) => {
    const next = changed((config) => {
      config.machine[section] = NEW_SECTION_VALUES[section];
    });
    const result = classifyChange(current(), next, 'v1.13.0');
    expect(result.canApplyImmediately).toBe(true);
    expect(result.rebootReason).toBe('');
    expect(result.changedPaths.some((path) => path === `machine.${section}` || path.startsWith(`machine.${section}.`))).toBe(true);
  });

  it.each(IMMEDIATE_FEATURES)('.machine.features.%s applies immediately', (feature) => {
    const next = changed((config) => {
      const features = config.machine.features as ConfigObject;
      features[feature] = feature === 'nodeAddressSortAlgorithm' ? 'v2' : { enabled: false };
    });
    expect(classifyChange(current(), next, 'v1.13.0').canApplyImmediately).toBe(true);
  });

  it('.debug and .cluster apply immediately', () => {
    expect(classifyChange(current(), { ...current(), debug: true }, 'v1.13.0').canApplyImmediately).toBe(true);
    const next = current();
    next.cluster = { ...next.cluster, clusterName: 'renamed', apiServer: { image: 'x' } };
    expect(classifyChange(current(), next, 'v1.13.0').canApplyImmediately).toBe(true);
  });

  it.each([
    ['machine.type', (config: Editable) => { config.machine.type = 'controlplane'; }],
    ['machine.token', (config: Editable) => { config.machine.token = 'zzzzzz.zzzzzzzzzzzzzzzz'; }],
    ['machine.files', (config: Editable) => { config.machine.files = [{ content: 'x', permissions: 0o644, path: '/var/f', op: 'create' }]; }],
    ['machine.env', (config: Editable) => { config.machine.env = { HTTP_PROXY: 'http://proxy:3128' }; }],
    ['machine.disks', (config: Editable) => { config.machine.disks = [{ device: '/dev/sdb' }]; }],
    ['machine.udev', (config: Editable) => { config.machine.udev = { rules: ['SUBSYSTEM=="drm", GROUP="44"'] }; }],
    ['machine.features.rbac', (config: Editable) => { (config.machine.features as ConfigObject).rbac = false; }],
    ['version', (config: Editable) => { config.version = 'v1alpha2'; }],
  ])('%s needs a reboot', (path, mutate) => {
    const result = classifyChange(current(), changed(mutate), 'v1.13.0');
    expect(result.canApplyImmediately).toBe(false);
    expect(result.changedPaths).toContain(path);
    expect(result.rebootReason).toMatch(/^this config change can't be applied in immediate mode\ndiff:\n--- a\n\+\+\+ b\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
  });

  it('shows only the non-live change in the reboot diff', () => {
    const next = changed((config) => {
      config.machine.token = 'zzzzzz.zzzzzzzzzzzzzzzz';
      config.machine.certSANs = ['10.5.0.9'];
    });
    const result = classifyChange(current(), next, 'v1.13.0');
    expect(result.rebootReason).toContain('-    token: abcdef.0123456789abcdef\n+    token: zzzzzz.zzzzzzzzzzzzzzzz\n');
    expect(result.rebootReason).not.toContain('10.5.0.9');
    expect(result.diff).toContain('10.5.0.9');
  });

  it('needs a reboot when the features section disappears (Talos only masks features both configs have)', () => {
    const next = changed((config) => {
      delete config.machine.features;
    });
    expect(classifyChange(current(), next, 'v1.13.0').canApplyImmediately).toBe(false);
  });

  it('sees no change as immediate with an empty diff', () => {
    expect(classifyChange(current(), current(), 'v1.13.0')).toEqual({ canApplyImmediately: true, diff: '', changedPaths: [], rebootReason: '' });
  });
});

describe('classifyChange from v1.14', () => {
  it('is always immediate', () => {
    const next = changed((config) => {
      config.machine.type = 'controlplane';
      config.machine.files = [{ content: 'x', permissions: 0o644, path: '/var/f', op: 'create' }];
    });
    const result = classifyChange(current(), next, 'v1.14.0');
    expect(result.canApplyImmediately).toBe(true);
    expect(result.changedPaths).toEqual(['machine.type', 'machine.files']);
    expect(result.diff).toContain('+    type: controlplane');
  });
});

describe('changeTakesEffect', () => {
  it('lists install changes (kernel arguments included) as waiting for the next install or upgrade', () => {
    const next = changed((config) => {
      (config.machine.install as ConfigObject).extraKernelArgs = ['console=ttyS0'];
      config.machine.certSANs = ['x'];
    });
    expect(classifyChange(current(), next, 'v1.13.0').canApplyImmediately).toBe(true);
    expect(changeTakesEffect(current(), next)).toEqual([{ path: 'machine.install.extraKernelArgs', takesEffect: 'next install or upgrade' }]);
    expect(changeTakesEffect(current(), current())).toEqual([]);
  });
});

describe('dryRunConfigDiff', () => {
  it('prints the dry-run diff or No changes.', () => {
    const parsed = parseConfig(WORKER_YAML);
    expect(dryRunConfigDiff(parsed, parsed)).toBe('Config diff:\n\nNo changes.');
    const next = { config: { ...current(), debug: true }, documents: parsed.documents };
    expect(dryRunConfigDiff(parsed, next)).toBe('Config diff:\n\n--- a\n+++ b\n@@ -1,5 +1,5 @@\n version: v1alpha1\n-debug: false\n+debug: true\n persist: true\n machine:\n     type: worker\n');
  });
});
