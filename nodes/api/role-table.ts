// Talos's authorization rules as data: which roles may call each full method name (machined's
// rule table, facts §5), with every method not listed open to os:admin only. Also the maintenance
// rules (facts §5.1, v1.13 semantics): a node without config serves every caller as os:reader, a
// few methods open to os:reader exist only for that case (on a configured node they need
// os:admin), and GenerateClientConfiguration answers with the maintenance text first.
// Enforced for every method of every service before a handler runs, by admission.ts.
import type { Role } from '../vocabulary.ts';

const ADMIN: readonly Role[] = ['os:admin'];
const OPERATOR: readonly Role[] = ['os:admin', 'os:operator'];
const READER: readonly Role[] = ['os:admin', 'os:operator', 'os:reader'];
const ETCD_READER: readonly Role[] = ['os:admin', 'os:operator', 'os:reader', 'os:etcd:backup'];
const ETCD_BACKUP: readonly Role[] = ['os:admin', 'os:operator', 'os:etcd:backup'];
const META_WRITER: readonly Role[] = ['os:admin', 'os:meta:writer'];
const IMAGE_VERIFIER: readonly Role[] = ['os:admin', 'os:operator', 'os:reader', 'os:image:verifier'];
/** os:reader is listed for maintenance mode only; a configured node requires os:admin. */
const MAINTENANCE_READER: readonly Role[] = ['os:admin', 'os:reader'];

const machine = (rules: Record<string, readonly Role[]>) =>
  Object.fromEntries(Object.entries(rules).map(([method, roles]) => [`/machine.MachineService/${method}`, roles]));

/** Full method name -> roles allowed. Methods not listed: os:admin only. */
export const ROLE_RULES: Readonly<Record<string, readonly Role[]>> = {
  '/cluster.ClusterService/HealthCheck': READER,
  '/inspect.InspectService/ControllerRuntimeDependencies': READER,
  '/machine.ImageService/Import': ADMIN,
  '/machine.ImageService/List': READER,
  '/machine.ImageService/Pull': OPERATOR,
  '/machine.ImageService/Remove': ADMIN,
  '/machine.ImageService/Verify': IMAGE_VERIFIER,
  '/machine.DebugService/ContainerRun': ADMIN,
  '/machine.LifecycleService/Install': ADMIN,
  '/machine.LifecycleService/Upgrade': ADMIN,
  '/machine.StorageService/Statfs': READER,
  ...machine({
    ApplyConfiguration: MAINTENANCE_READER,
    Bootstrap: ADMIN,
    CPUInfo: READER,
    CPUFreqStats: READER,
    Containers: READER,
    Copy: ADMIN,
    DiskStats: READER,
    DiskUsage: READER,
    Dmesg: READER,
    EtcdAlarmList: ETCD_READER,
    EtcdAlarmDisarm: OPERATOR,
    EtcdDefragment: OPERATOR,
    EtcdForfeitLeadership: ADMIN,
    EtcdLeaveCluster: ADMIN,
    EtcdMemberList: ETCD_READER,
    EtcdRecover: ADMIN,
    EtcdRemoveMemberByID: ADMIN,
    EtcdSnapshot: ETCD_BACKUP,
    EtcdStatus: ETCD_READER,
    EtcdDowngradeCancel: ADMIN,
    EtcdDowngradeEnable: ADMIN,
    EtcdDowngradeValidate: ADMIN,
    Events: READER,
    GenerateClientConfiguration: ADMIN,
    Hostname: READER,
    ImageList: READER,
    ImagePull: OPERATOR,
    Kubeconfig: ADMIN,
    List: READER,
    LoadAvg: READER,
    Logs: READER,
    LogsContainers: READER,
    Memory: READER,
    MetaWrite: META_WRITER,
    MetaDelete: META_WRITER,
    Mounts: READER,
    NetworkDeviceStats: READER,
    Netstat: READER,
    PacketCapture: OPERATOR,
    Processes: READER,
    Read: ADMIN,
    Reboot: OPERATOR,
    Reset: ADMIN,
    Restart: OPERATOR,
    Rollback: ADMIN,
    ServiceList: READER,
    ServiceRestart: OPERATOR,
    ServiceStart: OPERATOR,
    ServiceStop: OPERATOR,
    Shutdown: OPERATOR,
    Stats: READER,
    SystemStat: READER,
    Upgrade: ADMIN,
    Version: READER,
  }),
  '/cosi.resource.State/Create': ADMIN,
  '/cosi.resource.State/Destroy': ADMIN,
  '/cosi.resource.State/Teardown': ADMIN,
  '/cosi.resource.State/TeardownAndDestroy': ADMIN,
  '/cosi.resource.State/Get': READER,
  '/cosi.resource.State/List': READER,
  '/cosi.resource.State/Update': ADMIN,
  '/cosi.resource.State/Watch': READER,
  '/storage.StorageService/Disks': READER,
  '/storage.StorageService/BlockDeviceWipe': MAINTENANCE_READER,
  '/machine.LVMService/LogicalVolumeRemove': MAINTENANCE_READER,
  '/machine.LVMService/VolumeGroupRemove': MAINTENANCE_READER,
  '/machine.LVMService/PhysicalVolumeRemove': MAINTENANCE_READER,
  '/machine.MDService/Destroy': MAINTENANCE_READER,
  '/time.TimeService/Time': READER,
  '/time.TimeService/TimeCheck': READER,
};

/** Methods whose os:reader grant holds only while the node has no config ("verified in the handler" upstream). */
const READER_ONLY_IN_MAINTENANCE = new Set(
  Object.entries(ROLE_RULES)
    .filter(([, roles]) => roles === MAINTENANCE_READER)
    .map(([method]) => method),
);

/** Methods that answer with a maintenance-mode text before any role check. */
export const MAINTENANCE_REFUSALS: Readonly<Record<string, string>> = {
  '/machine.MachineService/GenerateClientConfiguration': "client configuration (talosconfig) can't be generated in the maintenance mode",
};

/** The roles allowed to call `fullMethod` on a node (configured or in maintenance mode). */
export function allowedRoles(fullMethod: string, maintenance: boolean): readonly Role[] {
  const roles = ROLE_RULES[fullMethod] ?? ADMIN;
  if (!maintenance && READER_ONLY_IN_MAINTENANCE.has(fullMethod)) return ADMIN;
  return roles;
}

export function isAuthorized(fullMethod: string, roles: ReadonlySet<Role>, maintenance: boolean): boolean {
  return allowedRoles(fullMethod, maintenance).some((role) => roles.has(role));
}
