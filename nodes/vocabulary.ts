// Talos's own words, declared once: machine stages, service states, roles, sequence/phase/task
// names, unmet-condition names and reasons. Everything that prints or compares these uses this
// file, so the simulator reads like a real node (see shared/talos-api-facts.md §8, §9).

/** MachineStatus `stage` values as they appear in YAML (`talosctl get machinestatus`). */
export const MACHINE_STAGES = [
  'unknown',
  'booting',
  'installing',
  'maintenance',
  'running',
  'rebooting',
  'shutting down',
  'resetting',
  'upgrading',
] as const;
export type MachineStage = (typeof MACHINE_STAGES)[number];

/** The enum number of a stage (machine.MachineStatusEvent.MachineStage and the resource proto). */
export function machineStageNumber(stage: MachineStage): number {
  return MACHINE_STAGES.indexOf(stage);
}

/** Service states, in the order of machine.ServiceStateEvent.Action. */
export const SERVICE_STATES = [
  'Initialized',
  'Preparing',
  'Waiting',
  'Running',
  'Stopping',
  'Finished',
  'Failed',
  'Skipped',
  'Starting',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** Talos's machine types (`machine.type`); `init` is the legacy bootstrapping control plane. */
export const MACHINE_TYPES = ['unknown', 'init', 'controlplane', 'worker'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

/** The two kinds of node a cluster is built from (`talosctl gen config` writes one file for each). */
export const NODE_ROLES = ['controlplane', 'worker'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** ApplyConfiguration modes as talosctl's `--mode` names them (`interactive` is client-side only). */
export const APPLY_MODES = ['auto', 'no-reboot', 'reboot', 'staged', 'try'] as const;
export type ApplyMode = (typeof APPLY_MODES)[number];

/** Reboot modes as talosctl's `reboot --mode` names them (machine.RebootRequest.Mode DEFAULT, POWERCYCLE, FORCE). */
export const REBOOT_MODES = ['default', 'powercycle', 'force'] as const;
export type RebootMode = (typeof REBOOT_MODES)[number];

/** What the API may do to a service (ServiceStart, ServiceStop, ServiceRestart; `talosctl service <id> <op>`). */
export const SERVICE_OPERATIONS = ['start', 'stop', 'restart'] as const;
export type ServiceOperation = (typeof SERVICE_OPERATIONS)[number];

/** The etcd member operations a scenario's `etcd` step names (EtcdLeaveCluster, EtcdForfeitLeadership, EtcdRemoveMemberByID). */
export const ETCD_OPERATIONS = ['leave', 'forfeit-leadership', 'remove-member'] as const;
export type EtcdOperation = (typeof ETCD_OPERATIONS)[number];

export const ROLES = [
  'os:admin',
  'os:operator',
  'os:reader',
  'os:etcd:backup',
  'os:image:verifier',
  'os:meta:writer',
  'os:impersonator',
] as const;
export type Role = (typeof ROLES)[number];

/** MachineStatus unmet-condition names. */
export const UNMET_CONDITION_NAMES = ['time', 'network', 'services', 'staticPods', 'nodeReady'] as const;
export type UnmetConditionName = (typeof UNMET_CONDITION_NAMES)[number];

export const UNMET_REASONS = {
  timeNotSynced: 'time is not synced',
  networkNotReady: (missing: string[]) => `waiting on: ${missing.join(', ')}`,
  serviceNotRunning: (id: string) => `${id} not running`,
  serviceNotHealthy: (id: string) => `${id} not healthy`,
  staticPodPending: (pod: string) => `${pod} pending`,
  staticPodNotReady: (pod: string) => `${pod} not ready`,
  nodeNotReady: (nodename: string) => `node "${nodename}" is not ready`,
  nodeStatusUnavailable: (nodename: string) => `node "${nodename}" status is not available yet`,
} as const;

/** talsim's own apply states (the design card's "Reconciling" and friends). */
export const APPLY_STATES = ['idle', 'Reconciling', 'applied', 'stuck', 'reboot-pending'] as const;
export type ApplyState = (typeof APPLY_STATES)[number];

/** How long a Reconciling apply may take before talsim calls it stuck. */
export const RECONCILE_STUCK_AFTER_MS = 30_000;

/** Error texts of the Talos API, exactly as upstream prints them. */
export const API_ERRORS = {
  notAuthorized: 'not authorized',
  applyInProgress: 'another apply configuration is already in progress',
  applyWhileRebooting: 'configuration was already applied and node is rebooting, cannot apply more configuration changes until next reboot',
  noV1alpha1: "the applied machine configuration doesn't contain v1alpha1 config, did you mean to patch the machine config instead?",
  rebootModeUnsupported: 'the REBOOT mode is not supported, please use AUTO or NO_REBOOT modes instead',
  bootstrapNotAvailable: 'bootstrap is not available yet',
  bootstrapWorker: 'bootstrap is only available on control plane nodes',
  bootstrapNoMachineType: 'machine type is not set, cannot use bootstrap API',
  bootstrapNoEtcd: 'etcd is not configured, bootstrap is not possible',
  bootstrapTimeNotSynced: 'time is not in sync yet',
  etcdDataNotEmpty: 'etcd data directory is not empty',
  onlyOnControlPlane: (api: string) => `${api} is only available on control plane nodes`,
  notInstalled: 'Talos is not installed',
  serviceNotDefined: (id: string) => `service "${id}" not defined`,
  serviceOperationUnsupported: (id: string, op: string) => `service "${id}" doesn't support ${op} operation via API`,
  methodNotImplemented: (name: string) => `method ${name} not implemented`,
} as const;

export const APPLY_DETAILS = {
  withoutReboot: 'Applied configuration without a reboot',
  withReboot: 'Applied configuration with a reboot',
  staged: 'Staged configuration to be applied after the next reboot',
  tryNotice: (timeout: string) => `The config is applied in 'try' mode and will be automatically reverted back in ${timeout}`,
} as const;
