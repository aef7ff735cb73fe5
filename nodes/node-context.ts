// What a node's parts that act on it (the service supervisor, the sequencer's tasks, the apply
// machine, the immutable filesystem) see of their node: everything a controller sees, plus
// machined's log, the conditions services wait for, etcd's pre state, and the services and
// filesystem to drive. Declared here, implemented by VirtualNode, so none of these parts imports
// node.ts. Leaves out: the lifecycle machine, the reconcile loop and the API edge.
import type { ControllerContext, ServiceView } from './controllers/controller-context.ts';
import type { ServiceDefinition } from './services/service-catalog.ts';
import type { PreStateResult } from './machines/service-machine.ts';
import type { ServiceState } from './vocabulary.ts';
import type { StaticPodState } from './controllers/kubernetes-controller.ts';

export interface ServiceRecord {
  id: string;
  state: ServiceState;
  events: Array<{ message: string; state: ServiceState; timeMs: number }>;
  health: { unknown: boolean; healthy: boolean; lastMessage: string; lastChangeMs: number };
}

/** The service supervisor as tasks and the apply predicate drive and read it. */
export interface ServiceControl extends ServiceView {
  readonly records: ReadonlyMap<string, ServiceRecord>;
  applicable(): ServiceDefinition[];
  start(id: string): void;
  stopAll(): void;
  allFinished(): boolean;
}

/** The filesystem as tasks and applies touch it. */
export interface FilesystemControl {
  /** The config changed: rendered /etc files are rendered anew at the next pass. */
  configChanged(): void;
  /** The writeUserFiles task: `machine.files` into /var. */
  writeUserFiles(): void;
}

export interface NodeContext extends ControllerContext {
  readonly bootStartedMs: number;
  readonly services: ServiceControl;
  readonly fs: FilesystemControl;
  /** A machined line: `[talos] <msg>`. */
  talosLog(message: string): void;
  /** Whether a condition a service waits for holds (time sync, network, etcd spec...). */
  conditionHolds(condition: string): boolean;
  /** etcd's pre state: bootstrap, join, or wait. */
  etcdPreState(): PreStateResult;
  staticPodStates(): Record<string, StaticPodState>;
}
