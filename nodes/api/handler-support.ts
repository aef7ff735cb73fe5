// Small pieces every handler file uses: the one-element `messages` wrapper a node answering for
// itself returns, the node's wall clock for timestamps (virtual time plus any skew), Go's
// RFC3339Nano, machined's control-plane-only check with its texts, and the local etcd member.
import { goError, TalosApiError } from '../api-error.ts';
import type { VirtualNode } from '../node.ts';
import { API_ERRORS } from '../vocabulary.ts';
import { timestampFromMs } from '../../proto/well-known.ts';
import type { EtcdMemberState } from '../node-world.ts';

/** `XResponse{messages: [X]}`: one element, metadata unset (apid fills it only in fan-out). */
export function single<T>(message: T): { messages: T[] } {
  return { messages: [message] };
}

/** The node's wall clock at virtual time `virtualMs`, as the node itself reads it (skew included). */
export function nodeWallMs(node: VirtualNode, virtualMs: number): number {
  return node.world.epochWallMs + virtualMs + node.faults.clockSkewMs;
}

export function nodeTimestamp(node: VirtualNode, virtualMs: number) {
  return timestampFromMs(nodeWallMs(node, virtualMs));
}

export { rfc3339Nano } from '../go-format/time.ts';

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
