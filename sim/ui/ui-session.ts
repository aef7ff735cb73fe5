// What the terminal UI is handed: the live cluster, the clock it may pause and speed up, where the
// trainee's talosconfig and the nodes' API listeners are, and optionally the fault catalogue and
// a lesson. The UI reads the cluster and sends commands (node commands, pacer, faults); it never
// advances time by itself except for the explicit "step to the next event".
import type { SimCluster } from '../cluster/cluster.ts';
import type { LessonTracker } from './lesson-tracker.ts';
import type { FaultRegistry } from '../faults/active-faults.ts';

/** The part of RealTimePacer the UI drives (time controls). */
export interface TimeControl {
  readonly speed: number;
  readonly isPaused: boolean;
  pause(): void;
  resume(): void;
  setSpeed(speed: number): void;
}

/** One option of a fault kind, as the fault panel's form shows it. */
export interface FaultParameter {
  name: string;
  description: string;
  type: 'number' | 'integer' | 'string' | 'boolean' | 'enum';
  /** For `enum`. */
  choices?: string[];
  default?: unknown;
  required: boolean;
}

export interface FaultKindInfo {
  kind: string;
  description: string;
  /** What its targets are: nodes, the paths between endpoints (`from->to`), or the whole cluster. */
  targets: 'nodes' | 'link' | 'cluster';
  parameters: FaultParameter[];
}

export interface ActiveFaultInfo {
  id: string;
  kind: string;
  /** Node names the fault acts on (both ends of a link fault; none for a cluster-wide one). */
  nodes: string[];
  /** Its targets as written: `cp-1,worker-1`, `cp-1->client`, `cluster`. */
  targets: string;
  /** One line: the options as given. */
  summary: string;
  /** Virtual ms it was injected at. */
  sinceMs: number;
}

/** The fault catalogue as the UI uses it (an adapter over sim/faults' FaultRegistry). */
export interface FaultControl {
  kinds(): FaultKindInfo[];
  active(): ActiveFaultInfo[];
  /** Injects now on targets written as in the form (see FaultKindInfo.targets); returns the id. Throws FaultError on bad input. */
  inject(kind: string, targets: string, options: Record<string, unknown>): string;
  heal(id: string): void;
}

/** A node's Talos API listener on this machine (what talosctl's endpoints name). */
export interface NodeApiAddress {
  node: string;
  /** What `talosctl -n` names the node by (its own listener address, else its LAN address: talosctlNode). */
  address: string;
  /** `127.0.0.2:50000`. */
  apiEndpoint: string;
}

export interface UiSession {
  cluster: SimCluster;
  /** The real-time pacer (RealTimePacer satisfies this). */
  pacer: TimeControl;
  /** Directory holding talosconfig, controlplane.yaml, worker.yaml (exports of node configs go here too). */
  stateDir?: string;
  talosconfigPath?: string;
  /** API listeners, when the nodes serve the real API (talsim up); empty when they do not. */
  nodeApis: NodeApiAddress[];
  /** How to reach the cluster from outside (talosctl, kubectl, talsim): the lines `talsim up` printed as its banner. */
  connect?: readonly string[];
  /** The cluster's fault registry; default: the cluster's shared one (`faultRegistryOf`). */
  faults?: FaultRegistry;
  /** The lesson in progress (its plan, start time, hints revealed); the UI shows and scores it. */
  lesson?: LessonTracker;
  /** Shown in the header (scenario or lesson name). */
  title?: string;
}
