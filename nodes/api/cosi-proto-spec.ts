// A resource spec as the `proto_spec` bytes of a COSI Spec: the spec message RESOURCE_TYPES names
// (`protoSpec`), filled from the YAML-keyed spec the ResourceStore holds. talosctl decodes these
// bytes only for ResourceDefinitions; other clients (Omni, the Go COSI client) decode them all.
//
// Specs with a shape of their own have a converter here (MachineStatus: stage names to the enum;
// MachineConfig: the text as bytes; ResourceDefinition). Any other message is filled field by
// field: a field takes the YAML key that spells its name (snake_case, camelCase or the same
// letters in any case, e.g. `memberID` for member_id) when the value has the field's type. Values
// of another shape are left out rather than guessed: addresses kept as text are not encoded as
// NetIP bytes, enum values written in Talos's YAML words are not mapped to enum names.

import protobuf from 'protobufjs';
import { encodeMessage, messageType } from '../../proto/load.ts';
import { structFromJson, type JsonValue } from '../../proto/well-known.ts';
import type { ResourceDefinitionSpecData } from './cosi-resource-definitions.ts';
import { NETWORK_CONVERTERS } from './cosi-proto-network.ts';
import { COMPONENT_CONVERTERS } from './cosi-proto-components.ts';

type SpecConverter = (spec: unknown) => Record<string, unknown> | undefined;

const CONVERTERS: Record<string, SpecConverter> = {
  'talos.resource.definitions.runtime.MachineStatusSpec': machineStatusSpec,
  'resource.config.MachineConfigSpec': (spec) => (typeof spec === 'string' ? { yaml_marshalled: Buffer.from(spec, 'utf8') } : undefined),
  'resource.config.MachineTypeSpec': machineTypeSpec,
  'cosi.resource.meta.ResourceDefinitionSpec': (spec) => resourceDefinitionProto(spec as ResourceDefinitionSpecData),
  ...NETWORK_CONVERTERS,
  ...COMPONENT_CONVERTERS,
};

/** The encoded spec message, or undefined when the spec has no proto form here. */
export function protoSpecBytes(messageName: string | undefined, spec: unknown): Buffer | undefined {
  if (messageName === undefined) return undefined;
  const converter = CONVERTERS[messageName];
  const object = converter ? converter(spec) : isMapping(spec) ? messageFromYaml(messageType(messageName), spec) : undefined;
  return object === undefined ? undefined : encodeMessage(messageName, object);
}

/** The ResourceDefinitionSpec message of a derived definition (what talosctl decodes). */
export function resourceDefinitionProto(spec: ResourceDefinitionSpecData): Record<string, unknown> {
  return {
    resource_type: spec.type,
    display_type: spec.displayType,
    default_namespace: spec.defaultNamespace,
    aliases: spec.aliases,
    all_aliases: spec.allAliases,
    print_columns: spec.printColumns.map((column) => ({ name: column.name, json_path: column.jsonPath })),
    sensitivity: spec.sensitivity === 'sensitive' ? 'SENSITIVE' : 'NON_SENSITIVE',
  };
}

function machineStatusSpec(spec: unknown): Record<string, unknown> | undefined {
  if (!isMapping(spec) || typeof spec.stage !== 'string') return undefined;
  const status = isMapping(spec.status) ? spec.status : {};
  const unmet = Array.isArray(status.unmetConditions) ? status.unmetConditions.filter(isMapping) : [];
  return {
    stage: `MACHINE_STAGE_${spec.stage.toUpperCase().replaceAll(' ', '_')}`,
    status: {
      ready: status.ready === true,
      unmet_conditions: unmet.map((condition) => ({ name: String(condition.name ?? ''), reason: String(condition.reason ?? '') })),
    },
  };
}

const MACHINE_TYPE_ENUM: Record<string, string> = { init: 'INIT', controlplane: 'CONTROL_PLANE', worker: 'WORKER' };

function machineTypeSpec(spec: unknown): Record<string, unknown> | undefined {
  return typeof spec === 'string' ? { machine_type: MACHINE_TYPE_ENUM[spec] ?? 'UNKNOWN' } : undefined;
}

/** Fills `type` from a YAML-keyed mapping, field by field (see the file comment). */
function messageFromYaml(type: protobuf.Type, spec: Record<string, unknown>): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const key = yamlKeyOf(field.name, spec);
    if (key === undefined) continue;
    const value = fieldValue(field.resolve(), spec[key]);
    if (value !== undefined) message[field.name] = value;
  }
  return message;
}

function yamlKeyOf(fieldName: string, spec: Record<string, unknown>): string | undefined {
  const letters = fieldName.replaceAll('_', '').toLowerCase();
  const keys = Object.keys(spec);
  return keys.find((key) => key === fieldName) ?? keys.find((key) => key.replaceAll('_', '').toLowerCase() === letters);
}

function fieldValue(field: protobuf.Field, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (field.map) {
    if (!isMapping(value) || field.type !== 'string') return undefined;
    return Object.values(value).every((item) => typeof item === 'string') ? value : undefined;
  }
  if (!field.repeated) return singleValue(field, value);
  if (!Array.isArray(value)) return undefined;
  const items = value.map((item) => singleValue(field, item));
  return items.every((item) => item !== undefined) ? items : undefined;
}

const INTEGER_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

function singleValue(field: protobuf.Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (!isMapping(value)) return undefined;
    if (resolved.fullName === '.google.protobuf.Struct') return structFromJson(value as { [key: string]: JsonValue });
    return messageFromYaml(resolved, value);
  }
  if (resolved instanceof protobuf.Enum) return typeof value === 'string' && value in resolved.values ? value : undefined;
  if (field.type === 'string') return typeof value === 'string' ? value : undefined;
  if (field.type === 'bool') return typeof value === 'boolean' ? value : undefined;
  if (field.type === 'bytes') return Buffer.isBuffer(value) ? value : undefined;
  if (INTEGER_TYPES.has(field.type)) return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
  return typeof value === 'number' ? value : undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
