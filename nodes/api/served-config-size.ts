// The API edge's side of "accepted size = servable size" (the refusal itself is the node's,
// nodes/served-config-size.ts, so every door into a node refuses alike): the message cap the
// listeners use, and the size of a MachineConfig GetResponse as the edge really encodes it, which
// test/api/served-config-size.test.ts holds the node's reckoning to.
import type { VirtualNode } from '../node.ts';
import type { Resource } from '../resources/resource-store.ts';
import { RT } from '../resources/resource-types.ts';
import { encodeMessage } from '../../proto/load.ts';
import { wireResource } from './cosi-resource-wire.ts';

export { GRPC_MAX_MESSAGE_BYTES } from '../served-config-size.ts';

/** Bytes of the COSI GetResponse the edge would send for the node's MachineConfig if it held `text`. */
export function wireMachineConfigBytes(node: VirtualNode, text: string): number {
  const current = node.resources.get('config', RT.machineConfig, 'v1alpha1');
  const now = node.world.kernel.now;
  const probe: Resource = {
    metadata: current?.metadata ?? { namespace: 'config', type: RT.machineConfig, id: 'v1alpha1', version: 1, owner: '', phase: 'running', createdMs: now, updatedMs: now, labels: {} },
    spec: text,
  };
  return encodeMessage('cosi.resource.GetResponse', { resource: wireResource(node, probe) }).length;
}
