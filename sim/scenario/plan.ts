// A loaded scenario: a pure, serialisable plan. Loading (YAML -> schema -> plan) produces it
// without reading time or the environment; the runner executes it. All times are virtual
// milliseconds from the start of the run. The cluster's own inputs (cluster and node plans,
// selectors, fault targets) are sim/cluster/cluster-plan.ts's, re-exported here.
import type { ApplyMode as TalosApplyMode, MachineStage, NodeRole, RebootMode, ServiceOperation, EtcdOperation } from '../../nodes/vocabulary.ts';
import type { ClusterPlan, FaultOptionValue, FaultTargetPlan, NodeSelector, PlanSource } from '../cluster/cluster-plan.ts';

export type { NodeRole };
export type { ClusterPlan, FaultOptionValue, FaultTargetPlan, HardwarePlan, NodeConfigPlan, NodePlan, NodeSelector, OptionRange, PlanSource } from '../cluster/cluster-plan.ts';
/** A scenario's apply modes: Talos's, plus talosctl's `--dry-run` as a mode of its own. */
export type ApplyMode = TalosApplyMode | 'dry-run';
export type MachineStageName = MachineStage;

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
  /** The node's Kubernetes objects as the API serves them (sim/scenario/kubernetes-check.ts). */
  kubernetes?: KubernetesCheck;
  /** An address (CIDR) present / absent in AddressStatuses. */
  address?: { cidr: string; present: boolean };
  /** A file under /etc or /var as the node sees it. */
  file?: { path: string; contains?: string; absent?: boolean };
}

export interface KubernetesCheck {
  condition?: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string };
  label?: { key: string; equals?: string; absent?: boolean };
  unschedulable?: boolean;
  pod?: { name: string; phase?: string; ready?: boolean; absent?: boolean };
}

export interface ApplyConfigAction {
  action: 'apply-config';
  node: string;
  mode: ApplyMode;
  /**
   * Whole config text, or patches over the node's current config, or a config fault (a mutator
   * from sim/faults, e.g. `config-unknown-keys`) applied to the node's current config.
   */
  config: { text?: string; path?: string; patches?: Record<string, unknown>[]; fault?: string };
  /** For try mode, in ms (default 60,000). */
  tryTimeoutMs?: number;
  /** Use maintenance-mode (insecure) semantics as talosctl --insecure would. */
  insecure?: boolean;
}

export type StepAction =
  | ApplyConfigAction
  | { action: 'bootstrap'; node: string }
  | { action: 'reboot'; node: string; mode?: RebootMode }
  | { action: 'shutdown'; node: string; force?: boolean }
  | { action: 'reset'; node: string; graceful?: boolean; reboot?: boolean; wipeMode?: 'all' | 'system-disk' | 'user-disks'; userDisksToWipe?: string[]; systemLabelsToWipe?: string[] }
  | { action: 'upgrade'; node: string; image: string; stage?: boolean }
  | { action: 'power-on'; node: string }
  | { action: 'service'; node: string; operation: ServiceOperation; id: string }
  | { action: 'etcd'; node: string; operation: EtcdOperation; member?: string }
  | { action: 'kubectl'; node: string; write: KubectlWrite }
  | { action: 'debug-shell-edit'; node: string; path: string; content: string }
  | { action: 'wait-until'; condition: StateCondition; timeoutMs: number }
  | { action: 'confirm-try'; node: string }
  | { action: 'probe'; node: string }
  /**
   * Inject the fault named `fault`; `spec` is its plan (the same as in `faults`, where an inline
   * `inject:` is added under its name), so the step needs nothing else to run.
   */
  | { action: 'inject'; fault: string; spec: FaultPlan }
  /** Heal every active fault with this name, or every active fault. */
  | { action: 'heal'; fault?: string; all?: boolean };

/** A `kubectl` step's write (the node it concerns is the step's). */
export type KubectlWrite =
  | { write: 'cordon'; cordon: boolean }
  | { write: 'label'; label: Record<string, string | null> }
  | { write: 'evict' | 'delete-pod'; pod: string; namespace: string };

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

/** Who makes a step's API call (default: the cluster's talosconfig, os:admin). */
export interface CallerPlan {
  /** `talosctl --insecure`: TLS without a client certificate. */
  insecure?: boolean;
  /** `other-cluster`: a talosconfig from another `gen config` (another CA). */
  talosconfig?: 'cluster' | 'other-cluster';
  roles?: string[];
}

export interface StepPlan {
  /** Optional label, used by `talsim up --until NAME` and in reports. */
  name?: string;
  caller?: CallerPlan;
  atMs: number;
  act: StepAction;
  expect?: StepExpectation;
  source: PlanSource;
}

export interface ExpectationPlan {
  /** Human label; default derived from the condition. */
  name: string;
  /**
   * `at`: holds at exactly this time; `by`: holds at some moment at or before it; `throughout`:
   * holds from `atMs` on until `untilMs`; `within`: holds at some moment within `withinMs` after
   * the fault event `after` (`atMs` is 0 and unused).
   */
  when: 'at' | 'by' | 'throughout' | 'within';
  atMs: number;
  /** For `within`: length of the window, ms. */
  withinMs?: number;
  /** For `within`: the window opens when the named fault is healed (or injected). */
  after?: { fault: string; event: 'healed' | 'injected' };
  /** For `throughout`: end of the window (default end of run). */
  untilMs?: number;
  condition: StateCondition;
  /** `not: true` inverts the condition. */
  not?: boolean;
  source: PlanSource;
}

/** Which part of the cluster a fault acts on: nodes, the paths between endpoints, or the whole cluster. */

export interface FaultPlan {
  /** Unique among the scenario's faults; names the random stream its ranges are drawn from. */
  name: string;
  /** A kind of the fault catalogue (sim/faults/fault-catalogue.ts), e.g. `etcd-commit-delay`. */
  kind: string;
  targets: FaultTargetPlan;
  /** Options as written (defaults are filled in by the kind when injected); ranges still open. */
  options: Record<string, FaultOptionValue>;
  /** Injected at this time; neither `atMs` nor `when`: only by an `inject` step. */
  atMs?: number;
  /** Injected the first moment this condition holds. */
  when?: StateCondition;
  /** Healed this long after each injection (default: stays until a heal step or the end). */
  durationMs?: number;
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
  /** Declared faults and the inline ones of `inject` steps; absent when there are none. */
  faults?: FaultPlan[];
  /** `expectFailure: true`: the run passes when it fails (a canary), and fails when it passes. */
  expectFailure?: boolean;
}

/** A lesson's condition: a state condition plus the checks only lessons use. */
export interface LessonCondition extends StateCondition {
  /** The Kubernetes Node object carries this label (any value when `value` is absent). */
  kubernetesNodeLabel?: { key: string; value?: string };
  /** Whether the cluster's talosconfig reaches the node (its machine CA is the cluster's). */
  talosconfigAccepted?: boolean;
}

export interface LessonGoalPlan {
  name: string;
  condition: LessonCondition;
  source: PlanSource;
}

/** The `lesson:` of a scenario: what the trainee reads, the goals checked against the live cluster, hints, the pass condition. */
export interface LessonPlan {
  title: string;
  story: string;
  goals: LessonGoalPlan[];
  hints: string[];
  /** When the lesson is passed; undefined: every goal holds at once. */
  success?: LessonCondition;
  /** Virtual time the trainee has, counted from the end of the setup steps. */
  timeLimitMs?: number;
  source: PlanSource;
}
