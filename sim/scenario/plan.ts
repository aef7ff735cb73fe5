// A loaded scenario: a pure, serialisable plan. Loading (YAML -> schema -> plan) produces it
// without reading time or the environment; the runner executes it. All times are virtual
// milliseconds from the start of the run.

export type NodeRole = 'controlplane' | 'worker';
export type ApplyMode = 'auto' | 'no-reboot' | 'reboot' | 'staged' | 'try' | 'dry-run';
export type MachineStageName =
  | 'unknown'
  | 'booting'
  | 'installing'
  | 'maintenance'
  | 'running'
  | 'rebooting'
  | 'shutting down'
  | 'resetting'
  | 'upgrading';

/** Where a value came from in the scenario file, for messages that point at it. */
export interface PlanSource {
  file: string;
  line: number;
  column: number;
}

export interface HardwarePlan {
  /** Bundled profile name (`default`, `small-vm`, ...) or a path relative to the scenario file. */
  profile: string;
  /** Fields that override the profile (same shape as a hardware profile YAML). */
  overrides?: Record<string, unknown>;
  /** When `profile` is a path (holds `/` or ends in `.yaml`/`.yml`): the file's text, read by the loader. */
  text?: string;
}

export interface NodeConfigPlan {
  /** `generated`: from the cluster's secrets for the node's role; otherwise inline YAML text read from a file. */
  source: 'generated' | 'file';
  /** For `file`: the file's path (as written) and its text. */
  path?: string;
  text?: string;
  /** Strategic-merge style patches (plain objects deep-merged into the generated/loaded config, in order). */
  patches: Record<string, unknown>[];
}

export interface NodePlan {
  name: string;
  role: NodeRole;
  hardware: HardwarePlan;
  config: NodeConfigPlan;
  /** false: the node boots from ISO into maintenance mode with no config. */
  configured: boolean;
  source: PlanSource;
}

export interface ClusterPlan {
  name: string;
  /** e.g. `https://10.5.0.2:6443`; empty = first control plane's address. */
  endpoint: string;
  /** IPv4 /24 the nodes get addresses from, e.g. `10.5.0.0/24`. */
  subnet: string;
  /** Talos version the nodes emulate, e.g. `v1.13.0`. */
  talosVersion: string;
  nodes: NodePlan[];
}

/** Which nodes a step or check is about. */
export type NodeSelector =
  | { kind: 'names'; names: string[] }
  | { kind: 'role'; role: NodeRole }
  | { kind: 'all' };

/** A predicate over the cluster's state, shared by wait-until steps and expectations. */
export interface StateCondition {
  nodes: NodeSelector;
  stage?: MachineStageName;
  ready?: boolean;
  /** An unmet condition of MachineStatus that must be present (reason: substring, optional). */
  unmetCondition?: { name: string; reasonContains?: string };
  /** No unmet condition with this name may be present. */
  noUnmetCondition?: string;
  /** A service's state (Talos words: Running, Waiting, Preparing, Failed, Finished...). */
  service?: { id: string; state?: string; healthy?: boolean; lastEventContains?: string };
  /** A field of a resource, by dotted path into its YAML spec. */
  resource?: { type: string; namespace?: string; id: string; field: string; equals?: unknown; exists?: boolean };
  /** A line in a log: `kmsg` (dmesg) or a service id (`machined`, `etcd`, `controller-runtime`...). */
  log?: { source: string; contains: string };
  /** The talsim apply state of the node: idle, Reconciling, applied, stuck, reboot-pending. */
  applyState?: { state: string; reasonContains?: string };
  /** Whether the Kubernetes node object is Ready. */
  kubernetesNodeReady?: boolean;
  /** An address (CIDR) present / absent in AddressStatuses. */
  address?: { cidr: string; present: boolean };
  /** A file under /etc or /var as the node sees it. */
  file?: { path: string; contains?: string; absent?: boolean };
}

export interface ApplyConfigAction {
  action: 'apply-config';
  node: string;
  mode: ApplyMode;
  /** Whole config text, or patches over the node's current config. */
  config: { text?: string; path?: string; patches?: Record<string, unknown>[] };
  /** For try mode, in ms (default 60,000). */
  tryTimeoutMs?: number;
  /** Use maintenance-mode (insecure) semantics as talosctl --insecure would. */
  insecure?: boolean;
}

export type StepAction =
  | ApplyConfigAction
  | { action: 'bootstrap'; node: string }
  | { action: 'reboot'; node: string; mode?: 'default' | 'powercycle' | 'force' }
  | { action: 'shutdown'; node: string; force?: boolean }
  | { action: 'reset'; node: string; graceful?: boolean; reboot?: boolean }
  | { action: 'upgrade'; node: string; image: string; stage?: boolean }
  | { action: 'power-on'; node: string }
  | { action: 'service'; node: string; operation: 'start' | 'stop' | 'restart'; id: string }
  | { action: 'debug-shell-edit'; node: string; path: string; content: string }
  | { action: 'wait-until'; condition: StateCondition; timeoutMs: number }
  | { action: 'confirm-try'; node: string };

/** What a step's own result must be (the API reply or error). */
export interface StepExpectation {
  /** The call must fail and its message contain this text. */
  errorContains?: string;
  /** gRPC code name of the failure (InvalidArgument, FailedPrecondition, ...). */
  errorCode?: string;
  /** The call must succeed. */
  ok?: boolean;
  /** For apply-config: reply mode (`auto`, `no-reboot`, `reboot`, `staged`, `try`). */
  mode?: string;
  modeDetailsContains?: string;
  /** A warning whose text contains this must be returned. */
  warningContains?: string;
}

export interface StepPlan {
  /** Optional label, used by `talsim up --until NAME` and in reports. */
  name?: string;
  atMs: number;
  act: StepAction;
  expect?: StepExpectation;
  source: PlanSource;
}

export interface ExpectationPlan {
  /** Human label; default derived from the condition. */
  name: string;
  /** `at`: holds at exactly this time; `by`: holds at some moment at or before it; `always-after`: holds from `atMs` on until the end. */
  when: 'at' | 'by' | 'throughout';
  atMs: number;
  /** For `throughout`: end of the window (default end of run). */
  untilMs?: number;
  condition: StateCondition;
  /** `not: true` inverts the condition. */
  not?: boolean;
  source: PlanSource;
}

export interface ScenarioPlan {
  file: string;
  name: string;
  description: string;
  seed: string;
  /** Run ends here (default: last step/expectation time + 1 minute). */
  durationMs: number;
  cluster: ClusterPlan;
  steps: StepPlan[];
  expectations: ExpectationPlan[];
}
