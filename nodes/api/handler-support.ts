// Small pieces every handler file uses: the one-element `messages` wrapper a node answering for
// itself returns, the node's wall clock for timestamps (virtual time plus any skew), Go's
// RFC3339Nano, machined's control-plane-only check with its texts, and the local etcd member.
import type { VirtualNode } from '../node.ts';
import { timestampFromMs } from '../../proto/well-known.ts';

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

export { requireControlPlane, requireLocalMember } from '../node-guards.ts';
