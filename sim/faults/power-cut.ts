// Which injected faults outlive a power cut of the whole cluster (a SIGKILLed `talsim up` that is
// started again resumes as after one). A fault survives when its cause lies outside the nodes'
// memory: in the hardware (a failing disk, a pulled cable, a slow firmware, a skewed hardware
// clock), in data on disk (a full EPHEMERAL, an old etcd data directory), in the network or the
// world beyond it (partitions, latency, DHCP, DNS, NTP, registries, the upstream route, the KMS
// server), or in
// the power supply itself (a node still without power stays off). A fault
// that lives in running processes ends with them: a crash loop, a failing health check, a service
// stuck waiting, etcd's election and commit timing. `ca-mismatch` rewrote the node's config, which
// the node keeps on disk: it is resumed as the fault it is (listed, healable; its heal handle is
// kept, FaultKind.keep/resume), and applying the right config mends the node as well.
import type { ActiveFault } from './active-faults.ts';

/** Whether each injectable kind survives a power cut (true) or ends with it (false), by kind name. */
export const SURVIVES_POWER_CUT: Readonly<Record<string, boolean>> = {
  'disk-read-only': true,
  'disk-slow': true,
  'disk-write-errors': true,
  'install-disk-missing': true,
  'install-disk-too-small': true,
  'ephemeral-full': true,
  'etcd-data-not-empty': true,
  'link-down': true,
  'link-flap': true,
  partition: true,
  'network-latency': true,
  'etcd-member-unreachable': true,
  'dhcp-timeout': true,
  'dns-failure': true,
  'upstream-unreachable': true,
  'kms-down': true,
  'time-never-synced': true,
  'image-pull-failure': true,
  'clock-skew': true,
  'slow-boot': true,
  'power-loss': true,
  'ca-mismatch': true,
  'etcd-commit-delay': false,
  'etcd-slow-election': false,
  'service-crash-loop': false,
  // The hog pod's memory is gone with the power.
  'memory-pressure': false,
  'service-health-failing': false,
  'service-stuck-waiting': false,
  // Kept when it is a partition of the control planes; a stopped etcd starts again with the node.
  'etcd-quorum-loss': true,
};

/** Whether `fault` is still in force after the cluster lost power and came back. */
export function survivesPowerCut(fault: Pick<ActiveFault, 'kind' | 'options'>): boolean {
  if (fault.kind === 'etcd-quorum-loss') return fault.options.method !== 'stop';
  return SURVIVES_POWER_CUT[fault.kind] === true;
}
