// Config-derived resources: MachineConfig (v1alpha1 and persistent), MachineType, Versions, cluster Info, the
// cluster's Members (from discovery: every configured node the LAN can see) and EtcdMember.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import type { MemberInfo } from '../node-world.ts';
import { flatString } from '../flat-string.ts';

/** pkg/machinery/version.Name of a Talos build. */
const VERSION_NAME = 'Talos';

/** What it reads: the version, the active and persisted configs, discovery's version and this node's entry, its etcd member. */
export function identityInputs(node: ControllerContext): unknown[] {
  return [node.talosVersion, node.config, node.status.persistedConfig, node.world.directoryVersion(), node.world.listedMembers(MAX_MEMBERS_LISTED).byName.get(node.name), node.world.etcd.members.get(node.name)];
}

export function identityController(node: ControllerContext): void {
  // VersionController: the build's name (gendata's `Talos`) and tag, which the Name column prints.
  node.resources.put('runtime', RT.version, 'version', { name: VERSION_NAME, version: node.talosVersion });
  if (!node.config) {
    node.resources.destroy('config', RT.machineConfig, 'v1alpha1');
    // In maintenance a staged apply still sets the `persistent` MachineConfig (in memory, whether or not STATE can take it).
    const staged = node.status.persistedConfig;
    if (staged) node.resources.put('config', RT.machineConfig, 'persistent', staged.text);
    else node.resources.destroy('config', RT.machineConfig, 'persistent');
    node.resources.destroy('config', RT.machineType, 'machine-type');
    node.resources.destroy('cluster', RT.clusterInfo, 'current');
    return;
  }
  // cluster.InfoController: the cluster's id and name from the config.
  node.resources.put('cluster', RT.clusterInfo, 'current', { clusterId: node.config.object.cluster?.id ?? '', clusterName: node.spec()!.clusterName });
  node.resources.put('config', RT.machineConfig, 'v1alpha1', node.config.text);
  // `persistent` is what STATE holds: ahead of v1alpha1 after a staged apply, behind it during a try.
  node.resources.put('config', RT.machineConfig, 'persistent', (node.status.persistedConfig ?? node.config).text);
  node.resources.put('config', RT.machineType, 'machine-type', node.spec()!.machineType);
  const version = node.world.directoryVersion();
  const self = node.world.listedMembers(MAX_MEMBERS_LISTED).byName.get(node.name);
  const state = node.controllerState;
  if (version !== state.membersVersion || self !== state.membersSelf) {
    state.membersVersion = version;
    state.membersSelf = self;
    writeMembers(node);
  }
  const etcdMember = node.world.etcd.members.get(node.name);
  if (etcdMember) node.resources.put('etcd', RT.etcdMember, 'local', { memberID: etcdMember.id });
  else node.resources.destroy('etcd', RT.etcdMember, 'local');
}

/**
 * Most Members one node lists. Talos lists every member; past this talsim lists itself, the
 * control planes and the first others, so a node's discovery work does not grow with the cluster.
 */
export const MAX_MEMBERS_LISTED = 64;

/**
 * The Member spec of a directory entry, deep-frozen, made once per entry: an entry keeps its object
 * while it does not change, and every node that lists it writes this same object, which the
 * store's shared-spec table keeps as it is (no copy, no comparison by content).
 */
const memberSpecs = new WeakMap<MemberInfo, object>();

function memberSpec(member: MemberInfo): object {
  let spec = memberSpecs.get(member);
  if (!spec) {
    spec = Object.freeze({
      nodeId: flatString(member.nodeId),
      addresses: Object.freeze(member.addresses.map(flatString)),
      hostname: flatString(member.hostname),
      machineType: flatString(member.machineType),
      operatingSystem: flatString(`Talos (${member.version})`),
      ...(member.machineType === 'controlplane' ? { controlPlane: Object.freeze({ apiServerPort: 6443 }) } : {}),
    });
    memberSpecs.set(member, spec);
  }
  return spec;
}

/**
 * Members: the configured nodes this node can see (Talos's discovery), by hostname. Only entries
 * that changed since this node last wrote them are written again (a directory entry keeps its
 * object while it does not change), unless who can talk to whom changed.
 */
function writeMembers(node: ControllerContext): void {
  const state = node.controllerState;
  const partitions = node.world.network.partitionVersion;
  // Kept from pass to pass and updated in place (a new map per pass, 64 entries, outlived young
  // collections at scale: each node writes its Members a hundred times in a boot).
  if (state.membersWritten.partitions !== partitions) state.membersWritten = { partitions, entries: new Map<string, unknown>() };
  const written = state.membersWritten.entries;
  const keep = new Set<string>();
  // Up to the limit the shared list is every member; past it, this node adds itself.
  const { shared, byName } = node.world.listedMembers(MAX_MEMBERS_LISTED);
  const self = byName.get(node.name);
  const listed = self && !shared.includes(self) ? [...shared, self] : shared;
  const talksTo = (member: MemberInfo) => member.name === node.name || node.world.network.canTalk(node.name, member.name);
  let entries = 0;
  for (const member of listed) {
    if (!talksTo(member)) continue;
    keep.add(member.hostname);
    entries++;
    if (written.get(member.name) === member) continue;
    written.set(member.name, member);
    node.resources.put('cluster', RT.member, member.hostname, memberSpec(member));
  }
  node.resources.prune('cluster', RT.member, keep);
  // Every name listed now is in the map: more entries than that means some left the listing.
  if (written.size !== entries) {
    const names = new Set<string>();
    for (const member of listed) if (talksTo(member)) names.add(member.name);
    for (const name of [...written.keys()]) if (!names.has(name)) written.delete(name);
  }
}
