// The bundled CLI reads the protos from the JSON the build writes (dist/talos-protos.json) instead
// of parsing the .proto files, and serves with service definitions proto/load.ts builds itself
// instead of @grpc/proto-loader's. Both must change nothing on the wire: the Root read back from
// the JSON has the same reflection objects and the same generated coders as the parsed one, and
// the serializers are byte-for-byte proto-loader's.
import { describe, expect, it } from 'vitest';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import type { MethodDefinition } from '@grpc/grpc-js';
import {
  lowerCamel,
  parseTalosProtoFiles,
  PROTO_DIR,
  rootFromJson,
  serviceDefinitionOf,
  serviceMethods,
  TALOS_PROTO_FILES,
  TALOS_SERVICE_NAMES,
  talosProtosJson,
} from '../../proto/load.ts';

const parsed = parseTalosProtoFiles();
const fromJson = rootFromJson(talosProtosJson(parsed));

function typesOf(namespace: protobuf.NamespaceBase, into: protobuf.Type[] = []): protobuf.Type[] {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) into.push(nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) typesOf(nested, into);
  }
  return into;
}

const fieldFacts = (field: protobuf.Field) => [
  field.id, field.type, field.repeated, field.map, field.packed, Boolean(field.hasPresence), field.optional, field.long, field.bytes,
  field.resolvedType?.fullName, String(field.defaultValue), field.partOf?.name,
];

describe('precompiled protos', () => {
  it('the Root read back from JSON has the same types, fields and generated coders', () => {
    const types = typesOf(parsed);
    expect(types.length).toBeGreaterThan(300);
    for (const type of types) {
      const twin = fromJson.lookupType(type.fullName);
      expect(twin.toJSON(), type.fullName).toEqual(type.toJSON());
      for (const field of type.fieldsArray) expect(fieldFacts(twin.fields[field.name]!), `${type.fullName}.${field.name}`).toEqual(fieldFacts(field));
      for (const coder of ['encode', 'decode', 'fromObject', 'toObject'] as const) {
        expect(twin[coder].toString(), `${type.fullName} ${coder}`).toBe(type[coder].toString());
      }
    }
  });

  it('serves with the serializers @grpc/proto-loader would make, byte for byte', () => {
    const loaded = protoLoader.loadSync([...TALOS_PROTO_FILES], { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [PROTO_DIR] });
    const version = { messages: [{ metadata: { hostname: 'cp-1' }, version: { tag: 'v1.13.0', os: 'linux', arch: 'amd64' }, features: { rbac: true } }] };
    const event = { id: 'e1', data: { type_url: 'talos/runtime/machine.TaskEvent', value: Buffer.from('0a0174', 'hex') }, metadata: null };
    for (const name of TALOS_SERVICE_NAMES) {
      for (const root of [parsed, fromJson]) {
        const ours = serviceDefinitionOf(() => root, name, serviceMethods(root.toJSON(), name)) as Record<string, MethodDefinition<unknown, unknown>>;
        const theirs = loaded[name] as unknown as Record<string, MethodDefinition<unknown, unknown>>;
        expect(Object.keys(ours), name).toEqual(Object.keys(theirs));
        for (const [method, definition] of Object.entries(theirs)) {
          const mine = ours[method]!;
          expect([mine.path, mine.requestStream, mine.responseStream, mine.originalName], `${name}/${method}`).toEqual([
            definition.path, definition.requestStream, definition.responseStream, definition.originalName,
          ]);
          expect(mine.requestSerialize({}), `${name}/${method}`).toEqual(definition.requestSerialize({}));
          expect(mine.responseDeserialize(Buffer.alloc(0)), `${name}/${method}`).toEqual(definition.responseDeserialize(Buffer.alloc(0)));
        }
      }
    }
    const machine = serviceDefinitionOf(() => fromJson, 'machine.MachineService', serviceMethods(JSON.parse(talosProtosJson(parsed)), 'machine.MachineService')) as Record<string, MethodDefinition<unknown, unknown>>;
    const reference = loaded['machine.MachineService'] as unknown as Record<string, MethodDefinition<unknown, unknown>>;
    const bytes = machine.Version!.responseSerialize(version);
    expect(bytes).toEqual(reference.Version!.responseSerialize(version));
    expect(machine.Version!.responseDeserialize(bytes)).toEqual(reference.Version!.responseDeserialize(bytes));
    const eventBytes = machine.Events!.responseSerialize(event);
    expect(eventBytes).toEqual(reference.Events!.responseSerialize(event));
    expect(machine.Events!.responseDeserialize(eventBytes)).toEqual(reference.Events!.responseDeserialize(eventBytes));
  });

  it('makes a service definition from the JSON description alone: the Root is looked up when a serializer first runs', () => {
    let lookups = 0;
    const rootOf = () => (lookups++, fromJson);
    const machine = serviceDefinitionOf(rootOf, 'machine.MachineService', serviceMethods(JSON.parse(talosProtosJson(parsed)), 'machine.MachineService')) as Record<string, MethodDefinition<unknown, unknown>>;
    expect(Object.keys(machine).length).toBeGreaterThan(50);
    expect(lookups).toBe(0);
    expect(machine.Hostname!.responseDeserialize(machine.Hostname!.responseSerialize({ messages: [{ hostname: 'cp-1' }] }))).toMatchObject({ messages: [{ hostname: 'cp-1' }] });
    expect(lookups).toBe(1);
    expect(() => serviceMethods(JSON.parse(talosProtosJson(parsed)), 'machine.NoSuchService')).toThrow('is not a service');
  });

  it('names the lower-camel aliases as lodash does', () => {
    expect(['EtcdMemberList', 'CPUFreqStats', 'CPUInfo', 'EtcdRemoveMemberByID', 'Version'].map(lowerCamel)).toEqual([
      'etcdMemberList', 'cpuFreqStats', 'cpuInfo', 'etcdRemoveMemberById', 'version',
    ]);
  });
});
