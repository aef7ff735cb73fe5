// A node's resource as a `cosi.resource.Resource` message: metadata with the version as a decimal
// string, phase, owner, labels, annotations and created/updated as the node's wall clock saw them
// (the world's epoch plus the virtual ms, plus the node's clock skew), and the spec twice, as
// yaml_spec (what talosctl prints) and, where the type names a spec message, as proto_spec.
//
// Leaves out finalizers (the store has none) and owners beyond what the store records.

import type { VirtualNode } from '../node.ts';
import type { Resource } from '../resources/resource-store.ts';
import { RT } from '../resources/resource-types.ts';
import { timestampFromMs } from '../../proto/well-known.ts';
import type { Resource as WireResource } from '../../proto/gen/cosi/resource/Resource.ts';
import type { Metadata as WireMetadata } from '../../proto/gen/cosi/resource/Metadata.ts';
import { findRegisteredType } from './cosi-resource-definitions.ts';
import { yamlSpecText } from '../go-format/yaml-spec.ts';
import { protoSpecBytes } from './cosi-proto-spec.ts';

/** Annotations Talos puts on every resource of a type. */
const TYPE_ANNOTATIONS: Record<string, Record<string, string>> = {
  [RT.machineConfig]: { 'talos.dev/yaml-spec': '1' },
};

/** The version of a resource that does not exist (a tombstone). */
const VERSION_UNDEFINED = 'undefined';

export function wireResource(node: VirtualNode, resource: Resource): WireResource {
  const metadata = resource.metadata;
  const protoSpec = protoSpecBytes(findRegisteredType(metadata.type)?.protoSpec, resource.spec);
  return {
    metadata: {
      namespace: metadata.namespace,
      type: metadata.type,
      id: metadata.id,
      version: String(metadata.version),
      owner: metadata.owner,
      phase: metadata.phase,
      created: timestampFromMs(nodeWallMs(node, metadata.createdMs)),
      updated: timestampFromMs(nodeWallMs(node, metadata.updatedMs)),
      finalizers: [],
      labels: { ...metadata.labels },
      annotations: { ...(TYPE_ANNOTATIONS[metadata.type] ?? {}) },
    },
    spec: {
      ...(protoSpec === undefined ? {} : { proto_spec: protoSpec }),
      yaml_spec: yamlSpecText(resource.spec),
    },
  };
}

/**
 * What a single-resource Watch reports for a resource that does not exist: a tombstone carrying
 * only the pointer (namespace, type, id) and an undefined version.
 */
export function wireTombstone(namespace: string, type: string, id: string): WireResource {
  const metadata: WireMetadata = { namespace, type, id, version: VERSION_UNDEFINED, phase: 'running', finalizers: [], labels: {}, annotations: {} };
  return { metadata, spec: { yaml_spec: yamlSpecText(null) } };
}

/** Virtual ms on the node as its wall clock reads them: epoch + virtual time + clock skew. */
export function nodeWallMs(node: VirtualNode, virtualMs: number): number {
  return node.world.epochWallMs + virtualMs + node.faults.clockSkewMs;
}
