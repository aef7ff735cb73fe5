// COSI ResourceDefinitions and Namespaces as a Talos node registers them at machined start: one
// definition per resource type (ours from RESOURCE_TYPES plus COSI's two built-in meta types),
// with the display type and the aliases COSI derives from the type name, and the namespaces
// Talos registers with their descriptions. talosctl reads these to resolve what a user typed
// (`ms`, `svc`, `machinestatuses.runtime`) to a type (facts §3 "Alias derivation").
//
// Pure data and functions. Leaves out COSI's validation of type names (our table is static and
// its names are well formed) and the full English pluralisation rules: singularTypeName knows the
// endings Talos type names use (-statuses, -sses, -ies, -s).

import { RESOURCE_TYPES, type ResourceTypeDefinition } from '../resources/resource-types.ts';

export const META_NAMESPACE = 'meta';
/** Owner of every resource in the meta namespace. */
export const META_OWNER = 'meta';
export const RESOURCE_DEFINITION_TYPE = 'ResourceDefinitions.meta.cosi.dev';
export const NAMESPACE_TYPE = 'Namespaces.meta.cosi.dev';

/** COSI's own types, registered before any of Talos's. */
export const META_RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [
  {
    type: RESOURCE_DEFINITION_TYPE,
    namespace: META_NAMESPACE,
    aliases: ['api-resources'],
    printColumns: [{ name: 'Aliases', jsonPath: '{.aliases[:]}' }],
    sensitive: false,
    protoSpec: 'cosi.resource.meta.ResourceDefinitionSpec',
  },
  {
    type: NAMESPACE_TYPE,
    namespace: META_NAMESPACE,
    aliases: ['ns'],
    printColumns: [],
    sensitive: false,
    protoSpec: 'cosi.resource.meta.NamespaceSpec',
  },
];

/** The namespaces Talos registers (v1alpha2 state), with their descriptions, `meta` first. */
export const TALOS_NAMESPACES: ReadonlyArray<{ name: string; description: string }> = [
  { name: META_NAMESPACE, description: 'Metadata namespace which contains resource and namespace definitions.' },
  { name: 'runtime', description: 'Talos v1alpha1 subsystems glue resources.' },
  { name: 'cluster', description: 'Cluster configuration and discovery resources.' },
  { name: 'cluster-raw', description: 'Cluster unmerged raw resources.' },
  { name: 'config', description: 'Talos node configuration.' },
  { name: 'etcd', description: 'etcd resources.' },
  { name: 'files', description: 'Files and file-like resources.' },
  { name: 'hardware', description: 'Hardware resources.' },
  { name: 'k8s', description: 'Kubernetes all node types resources.' },
  { name: 'controlplane', description: 'Kubernetes control plane resources.' },
  { name: 'kubespan', description: 'KubeSpan resources.' },
  { name: 'network', description: 'Networking resources.' },
  { name: 'network-config', description: 'Networking configuration resources.' },
  { name: 'cri', description: 'CRI Seccomp resources.' },
  { name: 'secrets', description: 'Resources with secret material.' },
  { name: 'perf', description: 'Stats resources.' },
];

/** A filled-in ResourceDefinitionSpec, keyed as its YAML (`talosctl get rd -o yaml`). */
export interface ResourceDefinitionSpecData {
  type: string;
  displayType: string;
  defaultNamespace: string;
  aliases: string[];
  allAliases: string[];
  printColumns: Array<{ name: string; jsonPath: string }>;
  /** `sensitive`, or absent for a non-sensitive type (the YAML omits it). */
  sensitivity?: 'sensitive';
}

/** Every type the node serves: COSI's meta types, then RESOURCE_TYPES. */
export function servedResourceTypes(): ResourceTypeDefinition[] {
  return [...META_RESOURCE_TYPES, ...RESOURCE_TYPES];
}

/** The id of a type's ResourceDefinition: the type, lower-cased. */
export function resourceDefinitionId(type: string): string {
  return type.toLowerCase();
}

/** The singular of a plural CamelCase name: MachineStatuses -> MachineStatus, Services -> Service. */
export function singularTypeName(plural: string): string {
  if (/(alias|[^aou]us|ss)es$/i.test(plural)) return plural.slice(0, -2);
  if (/[^aeiouy]ies$/i.test(plural)) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('s') && !plural.endsWith('ss')) return plural.slice(0, -1);
  return plural;
}

/**
 * COSI's filling-in of a definition for `Name.suffix`: the display type is the singular of Name;
 * aliases are the declared ones, the lower-cased display type and, for a Name with two or more
 * capitals, those capitals lower-cased (plus an `s` unless they end in S); allAliases are the
 * lower-cased Name, Name with each proper prefix of the suffix, then every alias.
 */
export function deriveResourceDefinition(definition: ResourceTypeDefinition): ResourceDefinitionSpecData {
  const dot = definition.type.indexOf('.');
  if (dot <= 0 || dot === definition.type.length - 1) {
    throw new RangeError(`resource type "${definition.type}" is not of the form Name.suffix`);
  }
  const name = definition.type.slice(0, dot);
  const suffixParts = definition.type.slice(dot + 1).split('.');
  const displayType = singularTypeName(name);
  const aliases = [...definition.aliases, displayType.toLowerCase()];
  const capitals = name.replace(/[^A-Z]/g, '');
  if (capitals.length > 1) {
    aliases.push(capitals.toLowerCase());
    if (!capitals.endsWith('S')) aliases.push(`${capitals}s`.toLowerCase());
  }
  const allAliases = [name.toLowerCase()];
  for (let length = 1; length < suffixParts.length; length++) {
    allAliases.push([name.toLowerCase(), ...suffixParts.slice(0, length)].join('.'));
  }
  allAliases.push(...aliases);
  return {
    type: definition.type,
    displayType,
    defaultNamespace: definition.namespace,
    aliases,
    allAliases,
    printColumns: definition.printColumns.map((column) => ({ name: column.name, jsonPath: column.jsonPath })),
    ...(definition.sensitive ? { sensitivity: 'sensitive' as const } : {}),
  };
}

/** The definition of every served type, sorted by id as `talosctl get rd` lists them. */
export function allResourceDefinitions(): ResourceDefinitionSpecData[] {
  return servedResourceTypes()
    .map(deriveResourceDefinition)
    .sort((a, b) => compareIds(resourceDefinitionId(a.type), resourceDefinitionId(b.type)));
}

/** The served type whose definition id is `type` lower-cased (how Talos's access filter finds it). */
export function findServedType(type: string): ResourceTypeDefinition | undefined {
  const id = resourceDefinitionId(type);
  return servedResourceTypes().find((definition) => resourceDefinitionId(definition.type) === id);
}

export function isServedNamespace(namespace: string): boolean {
  return TALOS_NAMESPACES.some((registered) => registered.name === namespace);
}

/** Byte-wise order, as Go compares resource ids. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
