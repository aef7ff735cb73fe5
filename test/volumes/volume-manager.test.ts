// The volume documents acting on a node, checked through VolumeStatus as `talosctl get
// volumestatus` shows it: the EPHEMERAL disk selector (on another disk, or matching nothing so
// the boot waits), LUKS2 encryption with static/nodeID/tpm/kms keys and their failures, swap
// volumes and ExistingVolumeConfig. Each case runs a small cluster and checks expectations; a
// control case shows a check can fail.
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

interface Case {
  documents: string;
  hardware?: string;
  expect: string[];
  duration?: string;
}

/** A control plane (bootstrapped) and worker-1 on the bare-metal profile (sda 480 GB SSD, sdb 4 TB HDD) with `documents`. */
function run({ documents, hardware = 'bare-metal', expect: checks, duration = '6m' }: Case): string[] {
  const patch = documents.trim().split('\n').map((line) => `          ${line}`).join('\n');
  const text = `
name: volumes
duration: ${duration}
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - name: worker-1
      role: worker
      hardware: ${hardware}
      patches:
        - |
${patch}
steps:
  - at: 0s
    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }
  - at: 0s
    bootstrap: { node: cp-1 }
expect:
${checks.map((check) => `  - { at: ${duration === '6m' ? '5m' : '4m'}, node: worker-1, ${check} }`).join('\n')}
`;
  const result = runScenario(loadScenarioText(text, 'volumes.yaml', () => ''), { seed: '7' });
  return result.failures.map((failure) => `${failure.name}: ${failure.detail}`);
}

const status = (id: string, field: string, equals: string | number) => `resource: { type: volumestatus, id: ${id}, field: ${field}, equals: ${JSON.stringify(equals)} }`;

describe('EPHEMERAL disk selector (VolumeConfig EPHEMERAL)', () => {
  it('a selector for the data disk puts EPHEMERAL there: located, ready, /var mounted, the node runs', () => {
    expect(run({
      documents: 'apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  maxSize: 100GiB',
      expect: [status('EPHEMERAL', 'phase', 'ready'), status('EPHEMERAL', 'location', '/dev/sdb1'), status('EPHEMERAL', 'mountSpec.targetPath', '/var'), 'stage: running'],
    })).toEqual([]);
  });

  it('a selector that matches no disk: EPHEMERAL failed with Talos\'s error, the boot waits, user volumes wait', () => {
    expect(run({
      documents: [
        'apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"',
        '---\napiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  maxSize: 10GiB',
      ].join('\n'),
      expect: [status('EPHEMERAL', 'phase', 'failed'), status('EPHEMERAL', 'errorMessage', 'no disks matched selector for volume'), status('u-data', 'phase', 'waiting'), 'stage: booting',
        "log: { source: machined, contains: 'volume \"EPHEMERAL\" to be mounted' }"],
    })).toEqual([]);
  });

  it('the checks can fail: the same selector does not leave the node running', () => {
    const failures = run({
      documents: 'apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"',
      expect: ['stage: running'],
    });
    expect(failures.length).toBe(1);
  });
});

const encrypted = (keys: string) => `apiVersion: v1alpha1
kind: UserVolumeConfig
name: data
provisioning:
  diskSelector:
    match: disk.rotational
  maxSize: 10GiB
encryption:
  provider: luks2
  keys:
${keys.trim().split('\n').map((line) => `    ${line}`).join('\n')}`;

describe('encrypted volumes (encryption: luks2)', () => {
  it('a static key: provisioned, encrypted, opened and mounted from its dm device', () => {
    expect(run({
      documents: encrypted('- slot: 0\n  static:\n    passphrase: s3cret'),
      expect: [status('u-data', 'phase', 'ready'), status('u-data', 'encryptionProvider', 'luks2'), status('u-data', 'mountLocation', '/dev/dm-0'), status('u-data', 'location', '/dev/sdb1'),
        status('u-data', 'filesystem', 'xfs')],
    })).toEqual([]);
  });

  it('a nodeID key opens on its own machine', () => {
    expect(run({ documents: encrypted('- slot: 0\n  nodeID: {}'), expect: [status('u-data', 'phase', 'ready'), status('u-data', 'encryptionSlot', 0)] })).toEqual([]);
  });

  it('a TPM key on hardware without a TPM: failed, the TPM device is missing', () => {
    expect(run({
      documents: encrypted('- slot: 0\n  tpm: {}'),
      expect: [status('u-data', 'phase', 'failed'), status('u-data', 'preFailPhase', 'provisioned'),
        status('u-data', 'errorMessage', 'error formatting and encrypting volume: no handlers available to get encryption keys from: 1 error occurred:\n\t* open /dev/tpm0: no such file or directory\n\n')],
    })).toEqual([]);
  });

  it('the same TPM key on hardware with a TPM is ready; with checkSecurebootStatusOnEnroll and SecureBoot off it fails', () => {
    expect(run({ documents: encrypted('- slot: 0\n  tpm: {}'), hardware: '{ profile: bare-metal, tpm: true }', expect: [status('u-data', 'phase', 'ready')] })).toEqual([]);
    expect(run({
      documents: encrypted('- slot: 0\n  tpm:\n    checkSecurebootStatusOnEnroll: true'), hardware: '{ profile: bare-metal, tpm: true }',
      expect: [status('u-data', 'errorMessage', 'error formatting and encrypting volume: no handlers available to get encryption keys from: 1 error occurred:\n\t* failed to enroll the TPM2 key, as SecureBoot is disabled (and checkSecurebootOnEnroll is enabled)\n\n')],
    })).toEqual([]);
  });

  it('a KMS key cannot seal (no KMS server); a static key in another slot still encrypts but the KMS slot fails the format', () => {
    expect(run({
      documents: encrypted('- slot: 0\n  kms:\n    endpoint: grpc://kms.example.org:4050'),
      expect: [status('u-data', 'phase', 'failed')],
    })).toEqual([]);
    const unreachable = 'failed to seal KMS passphrase, slot 1: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp kms.example.org:4050: connect: connection refused"';
    expect(run({
      documents: encrypted('- slot: 0\n  static:\n    passphrase: a\n- slot: 1\n  kms:\n    endpoint: grpc://kms.example.org:4050'),
      expect: [status('u-data', 'phase', 'failed'), status('u-data', 'errorMessage', `error formatting and encrypting volume: ${unreachable}`)],
    })).toEqual([]);
  });
});

describe('swap and existing volumes', () => {
  it('SwapVolumeConfig: a partition s-<name> with swap on it, not mounted', () => {
    expect(run({
      documents: 'apiVersion: v1alpha1\nkind: SwapVolumeConfig\nname: swap1\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  minSize: 1GiB\n  maxSize: 2GiB',
      expect: [status('s-swap1', 'phase', 'ready'), status('s-swap1', 'filesystem', 'swap'), status('s-swap1', 'location', '/dev/sdb1')],
    })).toEqual([]);
  });

  it('ExistingVolumeConfig: missing when its selector finds nothing, located and mounted when it finds a filesystem, failed on a raw partition', () => {
    expect(run({
      documents: [
        'apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  maxSize: 10GiB',
        '---\napiVersion: v1alpha1\nkind: RawVolumeConfig\nname: scratch\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  maxSize: 1GiB',
        '---\napiVersion: v1alpha1\nkind: ExistingVolumeConfig\nname: old\ndiscovery:\n  volumeSelector:\n    match: volume.partition_label == "u-data" && disk.rotational',
        '---\napiVersion: v1alpha1\nkind: ExistingVolumeConfig\nname: raw\ndiscovery:\n  volumeSelector:\n    match: volume.partition_label == "r-scratch"',
        '---\napiVersion: v1alpha1\nkind: ExistingVolumeConfig\nname: gone\ndiscovery:\n  volumeSelector:\n    match: volume.partition_label == "MY-DATA"',
      ].join('\n'),
      expect: [status('e-old', 'phase', 'ready'), status('e-old', 'filesystem', 'xfs'), status('e-old', 'mountSpec.targetPath', 'old'),
        status('e-raw', 'phase', 'failed'), status('e-raw', 'errorMessage', 'filesystem not found on /dev/sdb2'), status('e-gone', 'phase', 'missing')],
    })).toEqual([]);
  });
});

describe('disk-type user volumes (volumeType: disk)', () => {
  const diskVolume = (match: string, name = 'data') => `apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: ${name}\nvolumeType: disk\nprovisioning:\n  diskSelector:\n    match: ${match}`;

  it('the one disk its selector matches is located whole, formatted xfs and mounted under /var/mnt', () => {
    expect(run({
      documents: diskVolume('disk.rotational'),
      expect: [status('u-data', 'phase', 'ready'), status('u-data', 'type', 'disk'), status('u-data', 'location', '/dev/sdb'), status('u-data', 'mountLocation', '/dev/sdb'),
        status('u-data', 'filesystem', 'xfs'), status('u-data', 'size', 4e12), status('u-data', 'mountSpec.targetPath', 'data'),
        'resource: { type: MountStatuses.block.talos.dev, id: u-data, field: target, equals: /var/mnt/data }',
        'resource: { type: discoveredvolumes, id: sdb, field: name, equals: xfs }'],
    })).toEqual([]);
  });

  it('the system disk holds partitions: blkid finds gpt, so the volume fails with Talos\'s mismatch', () => {
    expect(run({
      documents: diskVolume('system_disk'),
      expect: [status('u-data', 'phase', 'failed'), status('u-data', 'errorMessage', 'filesystem type mismatch: gpt != xfs'), status('u-data', 'location', '/dev/sda')],
    })).toEqual([]);
  });

  it('two matching disks: refused by the locator; none: no disks matched', () => {
    expect(run({
      hardware: 'poweredge-r650',
      documents: [diskVolume('disk.transport == "nvme"'), '---', diskVolume('disk.transport == "virtio"', 'none')].join('\n'),
      expect: [status('u-data', 'phase', 'failed'), status('u-data', 'errorMessage', 'multiple disks matched locator for disk volume; matched disks: [/dev/nvme0n1 /dev/nvme1n1]'),
        status('u-none', 'phase', 'failed'), status('u-none', 'errorMessage', 'no disks matched selector for volume')],
    })).toEqual([]);
  });

  it('encrypted (v1.13 allows it): the whole disk gets a LUKS2 header, opened to /dev/dm-0 with xfs inside, located -> ready', () => {
    const encryptedDisk = `${diskVolume('disk.rotational')}\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      nodeID: {}`;
    expect(run({
      documents: encryptedDisk,
      expect: [status('u-data', 'phase', 'ready'), status('u-data', 'type', 'disk'), status('u-data', 'location', '/dev/sdb'), status('u-data', 'mountLocation', '/dev/dm-0'),
        status('u-data', 'encryptionProvider', 'luks2'), status('u-data', 'encryptionSlot', 0), status('u-data', 'configuredEncryptionKeys.0', 'nodeID'), status('u-data', 'filesystem', 'xfs'),
        'resource: { type: discoveredvolumes, id: sdb, field: name, equals: luks }',
        'resource: { type: MountStatuses.block.talos.dev, id: u-data, field: target, equals: /var/mnt/data }'],
    })).toEqual([]);
  });

  it('encrypted with a TPM key on a machine without one: failed at provisioned; on a disk holding partitions: not a LUKS2 device', () => {
    const keyed = (match: string, key: string) => `${diskVolume(match)}\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      ${key}`;
    expect(run({
      documents: keyed('disk.rotational', 'tpm: {}'),
      expect: [status('u-data', 'phase', 'failed'), status('u-data', 'preFailPhase', 'provisioned'),
        status('u-data', 'errorMessage', 'error formatting and encrypting volume: no handlers available to get encryption keys from: 1 error occurred:\n\t* open /dev/tpm0: no such file or directory\n\n')],
    })).toEqual([]);
    expect(run({
      documents: keyed('system_disk', 'nodeID: {}'),
      expect: [status('u-data', 'phase', 'failed'), status('u-data', 'errorMessage', 'block dev type mismatch: gpt != luks')],
    })).toEqual([]);
  });

  it('a partition volume on a disk a disk volume formatted whole: wrong format', () => {
    expect(run({
      documents: [diskVolume('disk.rotational'), '---', 'apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: logs\nprovisioning:\n  diskSelector:\n    match: disk.rotational\n  maxSize: 10GiB'].join('\n'),
      expect: [status('u-data', 'phase', 'ready'),
        status('u-logs', 'errorMessage', 'no disks matched for volume (1 matched selector): 0 have not enough space, 1 have wrong format, 0 have other issues')],
    })).toEqual([]);
  });
});
