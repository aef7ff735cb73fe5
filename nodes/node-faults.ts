// The node's own fault options (devices keep theirs: Disk.faults, Nic.faults). Every field has a
// unit in its name; scenarios and `talsim fault inject` only fill these in, the node's normal
// machinery produces the symptoms.
import { missingImageReason } from './registry/image-registry.ts';

export interface ServiceCrashFault {
  /** The runner dies this long after each start, ms. */
  crashAfterMs: number;
  /** Exit reason, as Talos prints it (`task "kubelet" failed: exit code 255`). */
  message: string;
}

export interface NodeFaults {
  /** Offset of the node's clock from true time, ms (certificates, logs, TLS). */
  clockSkewMs: number;
  /** NTP never succeeds: the `time` unmet condition stays. */
  timeNeverSyncs: boolean;
  /** Services whose runner crashes in a loop. */
  crashLoops: Map<string, ServiceCrashFault>;
  /** Services whose health check fails with this message. */
  failingHealth: Map<string, string>;
  /** Services that stay Waiting on an extra condition with this name. */
  stuckWaiting: Map<string, string>;
  /** Image references (or substrings) that cannot be pulled. */
  unpullableImages: Set<string>;
  /** Multiplies firmware and boot durations (slow firmware/boot). */
  bootSlowdownFactor: number;
  /** No mains power: the node is off and powering it on does nothing until power returns. */
  powerLost: boolean;
}

export function noNodeFaults(): NodeFaults {
  return {
    clockSkewMs: 0,
    timeNeverSyncs: false,
    crashLoops: new Map(),
    failingHealth: new Map(),
    stuckWaiting: new Map(),
    unpullableImages: new Set(),
    bootSlowdownFactor: 1,
    powerLost: false,
  };
}

/** Whether pulling `image` fails: an injected fault, or a reference the registry does not have. */
export function shouldFailImagePull(faults: NodeFaults, image: string): boolean {
  for (const pattern of faults.unpullableImages) if (image.includes(pattern)) return true;
  return missingImageReason(image) !== null;
}
