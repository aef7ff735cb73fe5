// COSI ResourceDefinitions and Namespaces as a Talos node registers them at machined start: one
// definition per resource type Talos v1.13 registers (nodes/resources/talos-resource-registry.ts,
// whether or not talsim models it, plus COSI's two built-in meta types), with the display type and
// the aliases COSI derives from the type name, and the namespaces Talos registers with their
// descriptions. talosctl reads these to resolve what a user typed (`svc`, `machinestatuses.runtime`)
// to a type, client-side: a word that names two types (`ms`, `ls`) is ambiguous there, as on a
// real node (facts §3 "Alias derivation").
//
// The types talsim models are RESOURCE_TYPES (`emulatedResourceTypes`); the others are registered
// but answered as cosi-unmodelled-types.ts says. Pure data and functions. Leaves out COSI's
// validation of type names (the table is static and its names are well formed).

import { RESOURCE_TYPES, type ResourceTypeDefinition } from '../resources/resource-types.ts';
import { TALOS_REGISTERED_TYPES } from '../resources/talos-resource-registry.ts';

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
  { name: 'security', description: 'Security resources.' },
  { name: 'perf', description: 'Stats resources.' },
];

/** A filled-in ResourceDefinitionSpec, keyed as its YAML (`talosctl get rd -o yaml`). */
export interface ResourceDefinitionSpecData {
  type: string;
  displayType: string;
  defaultNamespace: string;
  aliases: string[];
  allAliases: string[];
  /** Present (true) only for a type whose definition turns COSI's automatic aliases off. */
  skipAutomaticAliases?: true;
  printColumns: Array<{ name: string; jsonPath: string }>;
  /** `sensitive`, or absent for a non-sensitive type (the YAML omits it). */
  sensitivity?: 'sensitive';
}

/** The types talsim models: COSI's meta types, then RESOURCE_TYPES. */
export function emulatedResourceTypes(): ResourceTypeDefinition[] {
  return [...META_RESOURCE_TYPES, ...RESOURCE_TYPES];
}

let registered: ResourceTypeDefinition[] | undefined;

/** Every type the node registers: COSI's meta types, then Talos's, modelled ones with their spec message. */
export function registeredResourceTypes(): ResourceTypeDefinition[] {
  registered ??= [
    ...META_RESOURCE_TYPES,
    ...TALOS_REGISTERED_TYPES.map((definition) => RESOURCE_TYPES.find((modelled) => modelled.type === definition.type) ?? definition),
  ];
  return registered;
}

/** The id of a type's ResourceDefinition: the type, lower-cased. */
export function resourceDefinitionId(type: string): string {
  return type.toLowerCase();
}

/**
 * go-pluralize's singularisation rules (what COSI's Fill uses), most general first; the last rule
 * that matches wins, and its replacement takes the case of the text it replaces. Its uncountable
 * patterns come last, so they win over every rule; its whole-word lists (irregulars, uncountable
 * words) name no Talos type and are left out.
 */
const SINGULAR_RULES: ReadonlyArray<[RegExp, string]> = [
  [/s$/i, ''],
  [/(ss)$/i, '$1'],
  [/(wi|kni|(?:after|half|high|low|mid|non|night|[^\w]|^)li)ves$/i, '$1fe'],
  [/(ar|(?:wo|[ae])l|[eo][ao])ves$/i, '$1f'],
  [/ies$/i, 'y'],
  [/(dg|ss|ois|lk|ok|wn|mb|th|ch|ec|oal|is|ck|ix|sser|ts|wb)ies$/i, '$1ie'],
  [/\b(l|(?:neck|cross|hog|aun)?t|coll|faer|food|gen|goon|group|hipp|junk|vegg|(?:pork)?p|charl|calor|cut)ies$/i, '$1ie'],
  [/\b(mon|smil)ies$/i, '$1ey'],
  [/\b((?:tit)?m|l)ice$/i, '$1ouse'],
  [/(seraph|cherub)im$/i, '$1'],
  [/(x|ch|ss|sh|zz|tto|go|cho|alias|[^aou]us|t[lm]as|gas|(?:her|at|gr)o|[aeiou]ris)(?:es)?$/i, '$1'],
  [/(analy|diagno|parenthe|progno|synop|the|empha|cri|ne)(?:sis|ses)$/i, '$1sis'],
  [/(movie|twelve|abuse|e[mn]u)s$/i, '$1'],
  [/(test)(?:is|es)$/i, '$1is'],
  [/(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$/i, '$1us'],
  [/(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|quor)a$/i, '$1um'],
  [/(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)a$/i, '$1on'],
  [/(alumn|alg|vertebr)ae$/i, '$1a'],
  [/(cod|mur|sil|vert|ind)ices$/i, '$1ex'],
  [/(matr|append)ices$/i, '$1ix'],
  [/(pe)(rson|ople)$/i, '$1rson'],
  [/(child)ren$/i, '$1'],
  [/(eau)x?$/i, '$1'],
  [/men$/i, 'man'],
  [/pok[eé]mon$/i, '$&'],
  [/[^aeiou]ese$/i, '$&'],
  [/deer$/i, '$&'],
  [/(fish)$/i, '$&'],
  [/measles$/i, '$&'],
  [/o[iu]s$/i, '$&'],
  [/pox$/i, '$&'],
  [/sheep$/i, '$&'],
];

/** The singular of a plural CamelCase name as COSI derives it: MachineStatuses -> MachineStatus. */
export function singularTypeName(plural: string): string {
  for (let index = SINGULAR_RULES.length - 1; index >= 0; index--) {
    const [pattern, replacement] = SINGULAR_RULES[index]!;
    const match = pattern.exec(plural);
    if (match === null) continue;
    const replaced = match[0].replace(pattern, replacement);
    return plural.slice(0, match.index) + restoreCase(match[0], replaced);
  }
  return plural;
}

/** go-pluralize's restoreCase: the replacement in the case of the text it replaces. */
function restoreCase(word: string, token: string): string {
  if (word === token) return token;
  if (word === word.toLowerCase()) return token.toLowerCase();
  if (word === word.toUpperCase()) return token.toUpperCase();
  if (word[0] === word[0]!.toUpperCase()) return token.slice(0, 1).toUpperCase() + token.slice(1).toLowerCase();
  return token.toLowerCase();
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
  const aliases = [...definition.aliases];
  const allAliases: string[] = [];
  if (definition.skipAutomaticAliases !== true) {
    aliases.push(displayType.toLowerCase());
    allAliases.push(name.toLowerCase());
    for (let length = 1; length < suffixParts.length; length++) {
      allAliases.push([name.toLowerCase(), ...suffixParts.slice(0, length)].join('.'));
    }
    const capitals = name.replace(/[^A-Z]/g, '');
    if (capitals.length > 1) {
      aliases.push(capitals.toLowerCase());
      if (!capitals.endsWith('S')) aliases.push(`${capitals}s`.toLowerCase());
    }
  }
  allAliases.push(...aliases);
  return {
    type: definition.type,
    displayType,
    defaultNamespace: definition.namespace,
    aliases,
    allAliases,
    ...(definition.skipAutomaticAliases === true ? { skipAutomaticAliases: true as const } : {}),
    printColumns: definition.printColumns.map((column) => ({ name: column.name, jsonPath: column.jsonPath })),
    ...(definition.sensitive ? { sensitivity: 'sensitive' as const } : {}),
  };
}

let definitions: ResourceDefinitionSpecData[] | undefined;

/** The definition of every registered type, sorted by id as `talosctl get rd` lists them. */
export function allResourceDefinitions(): ResourceDefinitionSpecData[] {
  definitions ??= registeredResourceTypes()
    .map(deriveResourceDefinition)
    .sort((a, b) => compareIds(resourceDefinitionId(a.type), resourceDefinitionId(b.type)));
  return definitions;
}

/** The registered type whose definition id is `type` lower-cased (how Talos's access filter finds it). */
export function findRegisteredType(type: string): ResourceTypeDefinition | undefined {
  const id = resourceDefinitionId(type);
  return registeredResourceTypes().find((definition) => resourceDefinitionId(definition.type) === id);
}

/** Whether talsim models the type (keeps its resources); a registered type it does not model is answered by cosi-unmodelled-types.ts. */
export function isEmulatedType(type: string): boolean {
  return emulatedResourceTypes().some((definition) => definition.type === type);
}

export function isServedNamespace(namespace: string): boolean {
  return TALOS_NAMESPACES.some((registered) => registered.name === namespace);
}

/** Byte-wise order, as Go compares resource ids. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
