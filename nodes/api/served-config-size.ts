// Accepted size = servable size. Talos caps every gRPC message at 32 MiB (apid and machined
// receive at most constants.GRPCMaxMessageSize; talosctl reads at most as much), and a
// MachineConfig resource carries its config twice (yaml_spec and the marshalled proto spec), so a
// config over about half the cap is taken by ApplyConfiguration and then cannot be read back
// (`talosctl get mc` fails with "received message larger than max"; Talos's own big-payload
// test stays at a third of the cap for that reason). The API edge refuses such a config once it
// is decoded and valid (an invalid one gets Talos's validation error) with ResourceExhausted, the code gRPC gives an oversized message, and a message that quotes
// sizes, never the input. The size is the exact one COSI Get would send.
import type { VirtualNode } from '../node.ts';
import type { Resource } from '../resources/resource-store.ts';
import { RT } from '../resources/resource-types.ts';
import { TalosApiError } from '../api-error.ts';
import { encodeMessage } from '../../proto/load.ts';
import { wireResource } from './cosi-resource-wire.ts';

/** Talos's maximum gRPC message size (constants.GRPCMaxMessageSize), both directions. */
export const GRPC_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Below this many UTF-8 bytes a config's resource fits whatever its text (even a 10x escaped yaml_spec). */
const SURELY_SERVABLE_BYTES = 2 * 1024 * 1024;
/** Room for the resource version and timestamps growing after the check (a few digits). */
const METADATA_GROWTH_BYTES = 64;

/** Bytes of the COSI GetResponse serving the node's MachineConfig if it held `text`. */
export function servedMachineConfigBytes(node: VirtualNode, text: string): number {
  const current = node.resources.get('config', RT.machineConfig, 'v1alpha1');
  const now = node.world.kernel.now;
  const probe: Resource = {
    metadata: current?.metadata ?? { namespace: 'config', type: RT.machineConfig, id: 'v1alpha1', version: 1, owner: '', phase: 'running', createdMs: now, updatedMs: now, labels: {} },
    spec: text,
  };
  return encodeMessage('cosi.resource.GetResponse', { resource: wireResource(node, probe) }).length + METADATA_GROWTH_BYTES;
}

/** Refuses a config whose MachineConfig resource could not be sent back within the message cap. */
export function refuseUnservableConfig(node: VirtualNode, text: string): void {
  if (text.length < SURELY_SERVABLE_BYTES / 4) return;
  const served = servedMachineConfigBytes(node, text);
  if (served <= GRPC_MAX_MESSAGE_BYTES) return;
  throw new TalosApiError(
    'ResourceExhausted',
    `configuration of ${Buffer.byteLength(text)} bytes is too large to be read back: its MachineConfig resource would be ${served} bytes, over the ${GRPC_MAX_MESSAGE_BYTES}-byte gRPC message limit (the config is carried twice)`,
  );
}
