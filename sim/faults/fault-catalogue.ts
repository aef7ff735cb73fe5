// Every fault talsim knows, as data: the injectable kinds (one file each, grouped below as etcd,
// PKI, network, disk, clock, services, power), the client-side credential faults (functions that
// return PEMs, for the API edge) and the config mutators (inputs for apply-config steps). Lookups
// throw a FaultError that lists what exists.
import { closestName } from '../errors.ts';
import type { FaultKind } from './fault-kind.ts';
import { FaultError } from './fault-error.ts';
import { etcdCommitDelay } from './etcd-commit-delay.ts';
import { etcdSlowElection } from './etcd-slow-election.ts';
import { etcdMemberUnreachable } from './etcd-member-unreachable.ts';
import { etcdQuorumLoss } from './etcd-quorum-loss.ts';
import { etcdDataNotEmpty } from './etcd-data-not-empty.ts';
import { caMismatch } from './ca-mismatch.ts';
import { clockSkew } from './clock-skew.ts';
import { linkDown } from './link-down.ts';
import { linkFlap } from './link-flap.ts';
import { networkLatency } from './network-latency.ts';
import { partition } from './partition.ts';
import { dhcpTimeout } from './dhcp-timeout.ts';
import { dnsFailure } from './dns-failure.ts';
import { upstreamUnreachable } from './upstream-unreachable.ts';
import { kmsDown } from './kms-down.ts';
import { diskSlow } from './disk-slow.ts';
import { diskReadOnly } from './disk-read-only.ts';
import { diskWriteErrors } from './disk-write-errors.ts';
import { ephemeralFull } from './ephemeral-full.ts';
import { installDiskMissing } from './install-disk-missing.ts';
import { installDiskTooSmall } from './install-disk-too-small.ts';
import { timeNeverSynced } from './time-never-synced.ts';
import { serviceCrashLoop } from './service-crash-loop.ts';
import { memoryPressure } from './memory-pressure.ts';
import { serviceStuckWaiting } from './service-stuck-waiting.ts';
import { serviceHealthFailing } from './service-health-failing.ts';
import { imagePullFailure } from './image-pull-failure.ts';
import { powerLoss } from './power-loss.ts';
import { slowBoot } from './slow-boot.ts';
import { clientCertNoClientAuth, clientWrongRole, type ClientCredentialFault } from './client-credentials.ts';
import type { ConfigMutator } from './config-mutator.ts';
import { configMalformedYaml } from './config-malformed-yaml.ts';
import { configUnknownKeys } from './config-unknown-keys.ts';
import { configWrongVersion } from './config-wrong-version.ts';
import { configIgnoredSection } from './config-ignored-section.ts';

export const FAULT_KINDS: readonly FaultKind[] = [
  // etcd
  etcdCommitDelay,
  etcdSlowElection,
  etcdMemberUnreachable,
  etcdQuorumLoss,
  etcdDataNotEmpty,
  // PKI and clock
  caMismatch,
  clockSkew,
  timeNeverSynced,
  // network
  linkDown,
  linkFlap,
  networkLatency,
  partition,
  dhcpTimeout,
  dnsFailure,
  upstreamUnreachable,
  kmsDown,
  // disk
  diskSlow,
  diskReadOnly,
  diskWriteErrors,
  ephemeralFull,
  installDiskMissing,
  installDiskTooSmall,
  // services
  serviceCrashLoop,
  serviceStuckWaiting,
  serviceHealthFailing,
  imagePullFailure,
  memoryPressure,
  // power
  powerLoss,
  slowBoot,
] as readonly FaultKind[];

export const CLIENT_CREDENTIAL_FAULTS: readonly ClientCredentialFault[] = [clientCertNoClientAuth, clientWrongRole] as readonly ClientCredentialFault[];

export const CONFIG_MUTATORS: readonly ConfigMutator[] = [configMalformedYaml, configUnknownKeys, configWrongVersion, configIgnoredSection];

export const FAULT_KIND_NAMES = FAULT_KINDS.map((kind) => kind.kind);
export const CONFIG_MUTATOR_NAMES = CONFIG_MUTATORS.map((mutator) => mutator.kind);

export function faultKind(name: string): FaultKind {
  const kind = FAULT_KINDS.find((candidate) => candidate.kind === name);
  if (kind) return kind;
  const elsewhere = CONFIG_MUTATOR_NAMES.includes(name)
    ? ' (a config fault: use it as `apply-config: { fault: ... }`)'
    : CLIENT_CREDENTIAL_FAULTS.some((fault) => fault.kind === name)
      ? ' (a client-side fault: it makes credentials, it is not injected)'
      : '';
  const guess = elsewhere === '' ? closestName(name, FAULT_KIND_NAMES) : undefined;
  if (guess) throw new FaultError(name, `no such fault kind; did you mean ${guess}? (\`talsim fault kinds\` lists them)`);
  throw new FaultError(name, `no such fault kind${elsewhere}; kinds: ${FAULT_KIND_NAMES.join(', ')}`);
}

export function configMutator(name: string): ConfigMutator {
  const mutator = CONFIG_MUTATORS.find((candidate) => candidate.kind === name);
  if (!mutator) throw new FaultError(name, `no such config fault; config faults: ${CONFIG_MUTATOR_NAMES.join(', ')}`);
  return mutator;
}

/** The config text an apply-config step with `fault: <name>` submits. */
export function mutateConfigText(faultName: string, text: string): string {
  return configMutator(faultName).mutateConfig(text);
}
