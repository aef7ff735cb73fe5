// LUKS2 volume encryption as Talos's encryption handler does it (internal/pkg/encryption at
// v1.13.9), on emulated partitions: formatting tries the configured keys in order until one can
// make a key (static: its passphrase; nodeID: the machine's UUID; tpm: needs a TPM, and
// SecureBoot when checkSecurebootStatusOnEnroll; kms: talsim has no KMS server, so sealing always
// fails as an unreachable endpoint does), then enrols every other key (one that cannot be made
// fails the whole format). Opening tries each key against the slot it was enrolled in. Error
// texts are Talos's, joined as hashicorp/go-multierror joins them; the innermost text of a key
// that opens nothing (wrong passphrase, other machine, missing slot) approximates go-blockdevice's.
// Leaves out: real LUKS headers and crypto, PCR policies changing after enrolment, lockToState
// salts, key rotation (syncKeys' adding/removing of slots after the volume exists).
import type { EncryptionKeySpec } from './volume-specs.ts';
import type { PartitionEncryption } from '../devices/disk.ts';

export interface MachineSecrets {
  /** Machine UUID (SMBIOS), what a nodeID key derives from. */
  uuid: string;
  tpm: boolean;
  secureBoot: boolean;
}

/** hashicorp/go-multierror's text for a list of errors. */
function multierror(errors: readonly string[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n${errors.map((error) => `\t* ${error}`).join('\n')}\n\n`;
}

function kmsHost(endpoint: string): string {
  return endpoint.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

/** The secret a key handler makes for a new key, or its error. */
function newKey(key: EncryptionKeySpec, machine: MachineSecrets): { secret: string } | { error: string } {
  switch (key.type) {
    case 'static':
      return key.passphrase === '' ? { error: 'static key must have key data defined' } : { secret: `static:${key.passphrase}` };
    case 'nodeID':
      return { secret: `node:${machine.uuid}` };
    case 'kms':
      return { error: `failed to seal KMS passphrase, slot ${key.slot}: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${kmsHost(key.kmsEndpoint)}: connect: connection refused"` };
    case 'tpm':
      if (key.checkSecurebootOnEnroll && !machine.secureBoot) return { error: 'failed to enroll the TPM2 key, as SecureBoot is disabled (and checkSecurebootOnEnroll is enabled)' };
      return machine.tpm ? { secret: `tpm:${machine.uuid}` } : { error: 'open /dev/tpm0: no such file or directory' };
  }
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
      slots[key.slot] = { type: key.type, secret: made.secret };
      break;
    }
    errors.push(made.error);
  }
  if (first === undefined) return { error: `error formatting and encrypting volume: no handlers available to get encryption keys from: ${multierror(errors)}` };
  for (const key of keys) {
    if (key.slot === first.slot) continue;
    const made = newKey(key, machine);
    if ('error' in made) return { error: `error formatting and encrypting volume: ${made.error}` };
    slots[key.slot] = { type: key.type, secret: made.secret };
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
    const made = newKey(key, machine);
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
