// Config-derived resources: MachineConfig (v1alpha1 and persistent), MachineType, Versions, the
// cluster's Members (from discovery: every configured node the LAN can see) and EtcdMember.
import type { VirtualNode } from '../node.ts';
import { RT } from '../resources/resource-types.ts';
import { view } from '../config-view.ts';

export function identityController(node: VirtualNode): void {
  node.resources.put('runtime', RT.version, 'version', { version: node.talosVersion });
  if (!node.config) {
    node.resources.destroy('config', RT.machineConfig, 'v1alpha1');
    node.resources.destroy('config', RT.machineType, 'machine-type');
    return;
  }
  node.resources.put('config', RT.machineConfig, 'v1alpha1', node.config.text);
  node.resources.put('config', RT.machineConfig, 'persistent', node.config.text);
  node.resources.put('config', RT.machineType, 'machine-type', view.machineType(node.config.object));
  const keep = new Set<string>();
  for (const member of node.world.memberDirectory()) {
    if (member.name !== node.name && !node.world.network.canTalk(node.name, member.name)) continue;
    keep.add(member.hostname);
    node.resources.put('cluster', RT.member, member.hostname, {
      nodeId: member.nodeId,
      addresses: member.addresses,
      hostname: member.hostname,
      machineType: member.machineType,
      operatingSystem: `Talos (${member.version})`,
      ...(member.machineType === 'controlplane' ? { controlPlane: { apiServerPort: 6443 } } : {}),
    });
  }
  node.resources.prune('cluster', RT.member, keep);
  const etcdMember = node.world.etcd.members.get(node.name);
  if (etcdMember) node.resources.put('etcd', RT.etcdMember, 'local', { memberID: etcdMember.id });
  else node.resources.destroy('etcd', RT.etcdMember, 'local');
}
