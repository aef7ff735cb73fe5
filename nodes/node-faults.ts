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

/** A pod that holds memory, and the node's tasks stalling on it (memory-pressure.ts). */
export interface MemoryPressureFault {
  /** PSI `full` share the node settles at, percent. */
  fullPercent: number;
  /** PSI `some` share, percent (at least `full`). */
  somePercent: number;
  /** The hog pod's QoS class (a kubepods subtree). */
  hogClass: 'besteffort' | 'burstable' | 'guaranteed';
  /** Memory the hog pod holds, bytes. */
  hogBytes: number;
  /** When the pressure began (virtual ms). */
  sinceMs: number;
  /** When it ended (the hog killed, the fault healed); undefined while it lasts. */
  endedMs?: number;
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
  /** Memory pressure from a hog pod (the OOM handler's input); kept after it ends so PSI decays. */
  memoryPressure: MemoryPressureFault | undefined;
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
    memoryPressure: undefined,
  };
}

/** Whether pulling `image` fails: an injected fault, or a reference the registry does not have. */
export function shouldFailImagePull(faults: NodeFaults, image: string): boolean {
  for (const pattern of faults.unpullableImages) if (image.includes(pattern)) return true;
  return missingImageReason(image) !== null;
}
