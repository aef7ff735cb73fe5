// Checks machined makes before an etcd or control-plane-only call, shared by the gRPC handlers
// and the node commands scenarios run: the node must be a control plane, and its own etcd member
// must be running (else what Talos's local etcd client reports). Leaves out: etcd's own auth.
import { goError, TalosApiError } from './api-error.ts';
import type { VirtualNode } from './node.ts';
import { API_ERRORS } from './vocabulary.ts';
import type { EtcdMemberState } from './node-world.ts';

/** machinehelper.CheckControlplane: `<api> is only available on control plane nodes`. */
export function requireControlPlane(node: VirtualNode, apiName: string): void {
  if (!node.config) throw new TalosApiError('Unimplemented', `machine type is not set, cannot use ${apiName} API`);
  if (!node.isControlPlane()) throw new TalosApiError('Unimplemented', API_ERRORS.onlyOnControlPlane(apiName));
}

/** The node's own etcd member, running; else what Talos's local etcd client reports. */
export function requireLocalMember(node: VirtualNode, context: string): EtcdMemberState {
  const member = node.world.etcd.members.get(node.name);
  if (!member || !member.running) throw goError(`${context}: dial tcp 127.0.0.1:2379: connect: connection refused`);
  return member;
}
