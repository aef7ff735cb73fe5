// What Talos's volume config transformers make of the volume documents (volumeconfig/ in
// siderolabs/talos internal/app/machined/pkg/controllers/block at v1.13.9): one spec per volume,
// with its id (EPHEMERAL, u-<name>, r-<name>, s-<name>, e-<name>), its wave (EPHEMERAL first,
// user volumes once the system disk wave is ready), how it is located (a partition label, or an
// ExistingVolumeConfig's CEL selector over discovered volumes), how it is provisioned (disk
// selector, min/max size; EPHEMERAL defaults to the system disk and 2 GiB minimum), its
// filesystem, encryption and mount target. Also the installer's layout: EPHEMERAL is cut on the
// system disk only when its VolumeConfig has no disk selector and no encryption (else the volume
// manager places and encrypts it on first boot, as Talos does for every install since v1.8).
// EPHEMERAL's encryption comes from its VolumeConfig, else from v1alpha1's
// `machine.systemDiskEncryption.ephemeral` (validation refuses both at once, as Talos does).
// Leaves out: STATE and IMAGECACHE volumes (STATE's `systemDiskEncryption.state`), directory user
// volumes beyond their status, `grow`, negative max sizes, ExternalVolumeConfig.
import type { ConfigObject, OtherDocument } from '../config/machine-config-types.ts';

export type VolumeFilesystem = 'xfs' | 'ext4' | 'swap' | 'none';

export interface EncryptionKeySpec {
  slot: number;
  type: 'static' | 'nodeID' | 'kms' | 'tpm';
  passphrase: string;
  kmsEndpoint: string;
  checkSecurebootOnEnroll: boolean;
  lockToState: boolean;
}

export interface VolumeSpec {
  id: string;
  /** 0: the system disk wave (EPHEMERAL); 1: user volumes. */
  wave: 0 | 1;
  type: 'partition' | 'disk' | 'directory';
  /** Partition label it is found by; '' when located by `volumeMatch`. */
  label: string;
  volumeMatch: string;
  /** Absent: the volume is only located, never provisioned (ExistingVolumeConfig). */
  provisioning?: { match: string; minBytes: (diskBytes: number) => number; maxBytes: (diskBytes: number) => number | null };
  filesystem: VolumeFilesystem;
  encryption?: { provider: string; keys: EncryptionKeySpec[] };
  /** Where it is mounted ('' for raw and swap volumes). */
  target: string;
  readOnly: boolean;
}

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, ki: 2 ** 10, kib: 2 ** 10, m: 1e6, mb: 1e6, mi: MiB, mib: MiB,
  g: 1e9, gb: 1e9, gi: GiB, gib: GiB, t: 1e12, tb: 1e12, ti: 2 ** 40, tib: 2 ** 40,
};

/** A document size ("10GiB", "25%") in bytes of a disk of `diskBytes`; null when empty or unreadable. */
export function volumeSizeBytes(text: string, diskBytes: number): number | null {
  const trimmed = text.trim();
  if (trimmed.endsWith('%')) return Math.floor((diskBytes * Number(trimmed.slice(0, -1))) / 100);
  const match = /^([\d.]+)\s*([a-zA-Z]*)$/.exec(trimmed);
  if (match === null) return null;
  const unit = SIZE_UNITS[match[2].toLowerCase()];
  return unit === undefined ? null : Math.floor(Number(match[1]) * unit);
}

type Body = Record<string, unknown>;
const obj = (value: unknown): Body => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function provisioningOf(body: Body, defaultMatch: string, defaultMinBytes: number): VolumeSpec['provisioning'] {
  const provisioning = obj(body.provisioning);
  const minSize = str(provisioning.minSize);
  const maxSize = str(provisioning.maxSize);
  return {
    match: str(obj(provisioning.diskSelector).match) || defaultMatch,
    minBytes: (diskBytes) => volumeSizeBytes(minSize, diskBytes) ?? defaultMinBytes,
    maxBytes: (diskBytes) => volumeSizeBytes(maxSize, diskBytes),
  };
}

function encryptionOf(body: Body): VolumeSpec['encryption'] {
  const encryption = obj(body.encryption);
  if (Object.keys(encryption).length === 0) return undefined;
  const keys = (Array.isArray(encryption.keys) ? encryption.keys : []).map((item): EncryptionKeySpec => {
    const key = obj(item);
    const type = key.static !== undefined ? 'static' : key.nodeID !== undefined ? 'nodeID' : key.kms !== undefined ? 'kms' : 'tpm';
    return {
      slot: typeof key.slot === 'number' ? key.slot : 0,
      type,
      passphrase: str(obj(key.static).passphrase),
      kmsEndpoint: str(obj(key.kms).endpoint),
      checkSecurebootOnEnroll: obj(key.tpm).checkSecurebootStatusOnEnroll === true,
      lockToState: key.lockToState === true,
    };
  });
  return { provider: str(encryption.provider), keys };
}

/** Specs per documents array (and the v1alpha1 systemDiskEncryption they came with): a config's documents do not change, so each is read once. */
const specsByDocuments = new WeakMap<readonly OtherDocument[], { systemDiskEncryption: ConfigObject | undefined; specs: readonly VolumeSpec[] }>();

/**
 * The volumes the documents ask for, EPHEMERAL first, in document order after it (shared: do not
 * change them); `systemDiskEncryption` is the v1alpha1 document's `machine.systemDiskEncryption`.
 */
export function volumeSpecs(documents: readonly OtherDocument[], systemDiskEncryption?: ConfigObject): readonly VolumeSpec[] {
  let read = specsByDocuments.get(documents);
  if (!read || read.systemDiskEncryption !== systemDiskEncryption) {
    specsByDocuments.set(documents, (read = { systemDiskEncryption, specs: readVolumeSpecs(documents, systemDiskEncryption) }));
  }
  return read.specs;
}

/** EPHEMERAL's encryption: its VolumeConfig's, else v1alpha1's systemDiskEncryption.ephemeral. */
function ephemeralEncryption(ephemeral: OtherDocument | undefined, systemDiskEncryption: ConfigObject | undefined): VolumeSpec['encryption'] {
  return (ephemeral ? encryptionOf(ephemeral.body) : undefined) ?? encryptionOf({ encryption: systemDiskEncryption?.ephemeral });
}

function readVolumeSpecs(documents: readonly OtherDocument[], systemDiskEncryption: ConfigObject | undefined): VolumeSpec[] {
  const ephemeral = documents.find((document) => document.kind === 'VolumeConfig' && document.name === 'EPHEMERAL');
  const specs: VolumeSpec[] = [{
    id: 'EPHEMERAL', wave: 0, type: 'partition', label: 'EPHEMERAL', volumeMatch: '',
    provisioning: provisioningOf(ephemeral?.body ?? {}, 'system_disk', 2 * GiB),
    filesystem: 'xfs', encryption: ephemeralEncryption(ephemeral, systemDiskEncryption), target: '/var', readOnly: false,
  }];
  for (const document of documents) {
    const body = document.body;
    const user = { wave: 1 as const, volumeMatch: '', readOnly: false };
    switch (document.kind) {
      case 'UserVolumeConfig': {
        const type = (str(body.volumeType) || 'partition') as VolumeSpec['type'];
        const filesystem = (str(obj(body.filesystem).type) || 'xfs') as VolumeFilesystem;
        specs.push({ ...user, id: `u-${document.name}`, type, label: type === 'partition' ? `u-${document.name}` : '',
          provisioning: type === 'directory' ? undefined : provisioningOf(body, 'false', 100 * MiB), filesystem, encryption: encryptionOf(body), target: `/var/mnt/${document.name}` });
        break;
      }
      case 'RawVolumeConfig':
        specs.push({ ...user, id: `r-${document.name}`, type: 'partition', label: `r-${document.name}`, provisioning: provisioningOf(body, 'false', 100 * MiB), filesystem: 'none', encryption: encryptionOf(body), target: '' });
        break;
      case 'SwapVolumeConfig':
        specs.push({ ...user, id: `s-${document.name}`, type: 'partition', label: `s-${document.name}`, provisioning: provisioningOf(body, 'false', 100 * MiB), filesystem: 'swap', encryption: encryptionOf(body), target: '' });
        break;
      case 'ExistingVolumeConfig':
        specs.push({ ...user, id: `e-${document.name}`, type: 'partition', label: '', volumeMatch: str(obj(obj(body.discovery).volumeSelector).match) || 'false',
          filesystem: 'none', target: `/var/mnt/${document.name}`, readOnly: obj(body.mount).readOnly === true });
        break;
    }
  }
  return specs;
}

/** The installer's layout for EPHEMERAL: on the system disk (up to maxSize) unless a disk selector sends it elsewhere. */
export function ephemeralLayout(documents: readonly OtherDocument[], diskBytes: number, systemDiskEncryption?: ConfigObject): { onSystemDisk: boolean; maxBytes?: number } {
  const document = documents.find((candidate) => candidate.kind === 'VolumeConfig' && candidate.name === 'EPHEMERAL');
  const provisioning = obj(document?.body.provisioning);
  if (str(obj(provisioning.diskSelector).match) !== '' || ephemeralEncryption(document, systemDiskEncryption) !== undefined) return { onSystemDisk: false };
  const maxBytes = volumeSizeBytes(str(provisioning.maxSize), diskBytes);
  return { onSystemDisk: true, maxBytes: maxBytes ?? undefined };
}
