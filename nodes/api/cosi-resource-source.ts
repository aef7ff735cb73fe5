// Where the State service reads a node's resources: the node's ResourceStore, plus the `meta`
// namespace COSI itself keeps (ResourceDefinitions and Namespaces), which machined registers when
// it starts: version 1, owner `meta`, created at the start of the current boot.
//
// Leaves out: meta resources are computed on each read rather than stored, so they never change
// while the node runs and a Watch on them sees no live events (as on Talos, where they are
// registered once per machined start).

import type { VirtualNode } from '../node.ts';
import type { Resource } from '../resources/resource-store.ts';
import {
  META_NAMESPACE,
  META_OWNER,
  NAMESPACE_TYPE,
  RESOURCE_DEFINITION_TYPE,
  TALOS_NAMESPACES,
  allResourceDefinitions,
  compareIds,
  resourceDefinitionId,
} from './cosi-resource-definitions.ts';

/** Resources of a type in a namespace, sorted by id. */
export function listNodeResources(node: VirtualNode, namespace: string, type: string): Resource[] {
  if (namespace !== META_NAMESPACE) return node.resources.list(namespace, type);
  return metaResources(node).filter((resource) => resource.metadata.type === type);
}

export function getNodeResource(node: VirtualNode, namespace: string, type: string, id: string): Resource | undefined {
  if (namespace !== META_NAMESPACE) return node.resources.get(namespace, type, id);
  return listNodeResources(node, namespace, type).find((resource) => resource.metadata.id === id);
}

/** Every ResourceDefinition and Namespace of the node's meta namespace. */
export function metaResources(node: VirtualNode): Resource[] {
  const definitions = allResourceDefinitions().map((spec) => metaResource(node, RESOURCE_DEFINITION_TYPE, resourceDefinitionId(spec.type), spec));
  const namespaces = [...TALOS_NAMESPACES]
    .sort((a, b) => compareIds(a.name, b.name))
    .map((namespace) => metaResource(node, NAMESPACE_TYPE, namespace.name, { description: namespace.description }));
  return [...definitions, ...namespaces];
}

function metaResource(node: VirtualNode, type: string, id: string, spec: unknown): Resource {
  return {
    metadata: {
      namespace: META_NAMESPACE,
      type,
      id,
      version: 1,
      owner: META_OWNER,
      phase: 'running',
      createdMs: node.bootStartedMs,
      updatedMs: node.bootStartedMs,
      labels: {},
    },
    spec,
  };
}
