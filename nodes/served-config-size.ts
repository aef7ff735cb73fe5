// Accepted size = servable size. Talos caps every gRPC message at 32 MiB (apid and machined
// receive at most constants.GRPCMaxMessageSize; talosctl reads at most as much), and a
// MachineConfig resource carries its config twice (yaml_spec and the marshalled proto spec), so a
// config over about half the cap could be accepted and then never read back (`talosctl get mc`
// fails with "received message larger than max"; Talos's own big-payload test stays at a third of
// the cap for that reason). Every door through which a node takes a config refuses such a config
// with the one message below, which quotes sizes, never the input: ApplyConfiguration from any
// caller (gRPC, scenario step, UI; node-commands.ts) and a node built with one (the cluster's
// plan: `talsim up --config`, `--config-dir`, patches, a scenario's config file). The size is
// the exact one a COSI Get of the MachineConfig would send (the API edge's wire form is checked
// against it in test/api/served-config-size.test.ts).
import { encodeMessage } from '../proto/load.ts';
import { timestampFromMs } from '../proto/well-known.ts';
import { RT } from './resources/resource-types.ts';
import { yamlSpecText } from './go-format/yaml-spec.ts';

/** Talos's maximum gRPC message size (constants.GRPCMaxMessageSize), both directions. */
export const GRPC_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Below this many UTF-8 bytes a config's resource fits whatever its text (even a 10x escaped yaml_spec). */
const SURELY_SERVABLE_BYTES = 2 * 1024 * 1024;
/** Room for the resource version and timestamps growing after the check (a few digits). */
const METADATA_GROWTH_BYTES = 64;

/** What of the MachineConfig resource's metadata goes on the wire, with its times as the node's wall clock reads them. */
export interface ServedConfigMetadata {
  version: number;
  owner: string;
  phase: string;
  createdWallMs: number;
  updatedWallMs: number;
  labels: Readonly<Record<string, string>>;
}

/** Bytes of the COSI GetResponse serving a MachineConfig resource holding `text` (plus room for its metadata to grow). */
export function servedMachineConfigBytes(text: string, metadata: ServedConfigMetadata): number {
  const resource = {
    metadata: {
      namespace: 'config',
      type: RT.machineConfig,
      id: 'v1alpha1',
      version: String(metadata.version),
      owner: metadata.owner,
      phase: metadata.phase,
      created: timestampFromMs(metadata.createdWallMs),
      updated: timestampFromMs(metadata.updatedWallMs),
      finalizers: [],
      labels: { ...metadata.labels },
      annotations: { 'talos.dev/yaml-spec': '1' },
    },
    spec: {
      proto_spec: encodeMessage('resource.config.MachineConfigSpec', { yaml_marshalled: Buffer.from(text, 'utf8') }),
      yaml_spec: yamlSpecText(text),
    },
  };
  return encodeMessage('cosi.resource.GetResponse', { resource }).length + METADATA_GROWTH_BYTES;
}

/** Why a node may not take `text` as its config (it could not be served back), or undefined. */
export function unservableConfigMessage(text: string, metadata: ServedConfigMetadata): string | undefined {
  if (text.length < SURELY_SERVABLE_BYTES / 4) return undefined;
  const served = servedMachineConfigBytes(text, metadata);
  if (served <= GRPC_MAX_MESSAGE_BYTES) return undefined;
  return `configuration of ${Buffer.byteLength(text)} bytes is too large to be read back: its MachineConfig resource would be ${served} bytes, over the ${GRPC_MAX_MESSAGE_BYTES}-byte gRPC message limit (the config is carried twice)`;
}

/** The metadata a node's first MachineConfig resource gets (a node built with its config, at `wallMs`). */
export function firstConfigMetadata(wallMs: number): ServedConfigMetadata {
  return { version: 1, owner: '', phase: 'running', createdWallMs: wallMs, updatedWallMs: wallMs, labels: {} };
}
