// LUKS2 volume encryption as Talos's encryption handler does it (internal/pkg/encryption at
// v1.13.9), on emulated partitions: formatting tries the configured keys in order until one can
// make a key (static: its passphrase; nodeID: the machine's UUID; tpm: needs a TPM, and
// SecureBoot when checkSecurebootStatusOnEnroll; kms: 32 random bytes sealed by the KMS endpoint
// with the machine's UUID, the sealed bytes kept in the slot's LUKS token), then enrols every other
// key (one that cannot be made fails the whole format). Opening tries each key against the slot it
// was enrolled in (a KMS key unseals its token: an unreachable KMS fails the key). Error
// texts are Talos's, joined as hashicorp/go-multierror joins them; the innermost text of a key
// that opens nothing (wrong passphrase, other machine, missing slot) approximates go-blockdevice's.
// Leaves out: real LUKS headers and crypto, PCR policies changing after enrolment, lockToState
// salts, key rotation (syncKeys' adding/removing of slots after the volume exists).
import type { EncryptionKeySpec } from './volume-specs.ts';
import type { PartitionEncryption } from '../devices/disk.ts';
import type { KmsAnswer } from '../node-world.ts';

export interface MachineSecrets {
  /** Machine UUID (SMBIOS), what a nodeID key derives from and a KMS request carries. */
  uuid: string;
  tpm: boolean;
  secureBoot: boolean;
  /** A KMSService call from this machine to `endpoint`. */
  kms(endpoint: string, method: 'Seal' | 'Unseal', data: Uint8Array): KmsAnswer;
  /** 32 fresh random bytes: the passphrase a KMS key handler makes. */
  randomKey(): Uint8Array;
}

type Enrolled = PartitionEncryption['slots'][number];

/** hashicorp/go-multierror's text for a list of errors. */
function multierror(errors: readonly string[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n${errors.map((error) => `\t* ${error}`).join('\n')}\n\n`;
}

/** The secret a key handler makes for a new key (with its token for a KMS key), or its error. */
function newKey(key: EncryptionKeySpec, machine: MachineSecrets): Omit<Enrolled, 'type'> | { error: string } {
  switch (key.type) {
    case 'static':
      return key.passphrase === '' ? { error: 'static key must have key data defined' } : { secret: `static:${key.passphrase}` };
    case 'nodeID':
      return { secret: `node:${machine.uuid}` };
    case 'kms': {
      const passphrase = machine.randomKey();
      const answer = machine.kms(key.kmsEndpoint, 'Seal', passphrase);
      if ('error' in answer) return { error: `failed to seal KMS passphrase, slot ${key.slot}: ${answer.error}` };
      return { secret: `kms:${Buffer.from(passphrase).toString('base64')}`, token: Buffer.from(answer.data).toString('base64') };
    }
    case 'tpm':
      if (key.checkSecurebootOnEnroll && !machine.secureBoot) return { error: 'failed to enroll the TPM2 key, as SecureBoot is disabled (and checkSecurebootOnEnroll is enabled)' };
      return machine.tpm ? { secret: `tpm:${machine.uuid}` } : { error: 'open /dev/tpm0: no such file or directory' };
  }
}

/** The secret a key handler gets back for an enrolled slot (a KMS key unseals the slot's token), or its error. */
function existingKey(key: EncryptionKeySpec, enrolled: Enrolled, machine: MachineSecrets): { secret: string } | { error: string } {
  if (key.type !== 'kms') return newKey(key, machine);
  if (enrolled.token === undefined) return { error: 'token not found' };
  const answer = machine.kms(key.kmsEndpoint, 'Unseal', Buffer.from(enrolled.token, 'base64'));
  if ('error' in answer) return { error: `failed to unseal KMS passphrase, slot ${key.slot}: ${answer.error}` };
  return { secret: `kms:${Buffer.from(answer.data).toString('base64')}` };
}

/** Formats and encrypts: the enrolled slots, or Talos's error (the volume fails and is retried). */
export function formatAndEncrypt(keys: readonly EncryptionKeySpec[], machine: MachineSecrets, inner: PartitionEncryption['inner']): PartitionEncryption | { error: string } {
  if (keys.length === 0) return { error: 'error formatting and encrypting volume: no encryption keys found' };
  const errors: string[] = [];
  let first: EncryptionKeySpec | undefined;
  const slots: PartitionEncryption['slots'] = {};
  for (const key of keys) {
    const made = newKey(key, machine);
    if ('secret' in made) {
      first = key;
      slots[key.slot] = { type: key.type, ...made };
      break;
    }
    errors.push(made.error);
  }
  if (first === undefined) return { error: `error formatting and encrypting volume: no handlers available to get encryption keys from: ${multierror(errors)}` };
  for (const key of keys) {
    if (key.slot === first.slot) continue;
    const made = newKey(key, machine);
    if ('error' in made) return { error: `error formatting and encrypting volume: ${made.error}` };
    slots[key.slot] = { type: key.type, ...made };
  }
  return { provider: 'luks2', inner, slots };
}

/** Opens an encrypted partition with the configured keys: the slot that opened it, or Talos's error. */
export function openEncrypted(partition: PartitionEncryption, keys: readonly EncryptionKeySpec[], machine: MachineSecrets): { slot: number } | { error: string } {
  if (keys.length === 0) return { error: 'error opening encrypted volume: no encryption keys found' };
  const errors: string[] = [];
  for (const key of keys) {
    const enrolled = partition.slots[key.slot];
    if (enrolled === undefined) {
      errors.push(key.type === 'static' ? 'failed to open luks device: no key available with this passphrase' : 'token not found');
      continue;
    }
    const made = existingKey(key, enrolled, machine);
    if ('error' in made) {
      errors.push(made.error);
      continue;
    }
    if (made.secret !== enrolled.secret) {
      errors.push(key.type === 'nodeID' ? 'failed to open luks device: no key available with this passphrase' : key.type === 'tpm' ? 'failed to unseal the TPM2 key: policy check failed' : 'failed to open luks device: no key available with this passphrase');
      continue;
    }
    return { slot: key.slot };
  }
  return { error: `error opening encrypted volume: no handlers available to get encryption keys from: ${multierror(errors)}` };
}
