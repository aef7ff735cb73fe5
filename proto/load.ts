// Loads talsim's rendering of the Talos API protos (see proto/**/*.proto) once, as a protobufjs
// Root, and serves two views of it: grpc-js service definitions for serving the services (the
// serializers @grpc/proto-loader would make, built from the same Root), and the Root itself for
// encoding and decoding arbitrary messages (resource `proto_spec` bytes, `google.protobuf.Any`
// payloads of events).
//
// From the sources (tests, tsx) the .proto files are parsed; the build (scripts/build.mjs) writes
// the parsed Root as JSON into dist/talos-protos.json, and the bundled CLI reads that instead of
// parsing text at every start (the same reflection objects and generated coders: checked by
// test/proto/precompiled-protos.test.ts). Parsing twice (proto-loader, then our Root) and building
// proto-loader's reflection descriptors for every message cost `talsim up` ~0.3 CPU s at start.
//
// Both views use one set of conversion rules, so a handler sees the same object shapes the helpers
// below produce:
// - keepCase: field names stay snake_case, exactly as on the wire (`dry_run`, `actor_id`).
// - longs: String. int64/uint64 fields decode to decimal strings. etcd member ids are full 64-bit
//   values (16 hex digits) that a JS number would round; encoding accepts number, string or Long.
// - enums: String. Enums decode to Talos' value names (`NO_REBOOT`, `MACHINE_STAGE_RUNNING`);
//   encoding accepts the name or the number. The aliased NethelpersLinkType value 513 decodes as
//   `LINK_CISCO` (the first name wins).
// - defaults: true. Absent scalars decode to their zero value, repeated fields to [], maps to {},
//   absent messages to null.
// - oneofs: true. A set oneof (including proto3 `optional`, whose synthetic oneof is `_<field>`)
//   also appears as a virtual key naming the field that is set.
// - bytes stay Buffers.
// Well-known google.protobuf types come from protobufjs' bundled definitions, not from files.
//
// Left out: JSON mapping (`--json`, automatic Any unpacking); callers unpack Any with unpackAny.
//
// Serving needs no Root: a service definition's methods (names, streaming flags) come from the
// Root's JSON description, and its serializers look their message types up in the Root the first
// time they run. So `talsim up` reaches ready without building the Root (protobufjs's fromJSON and
// resolveAll were ~50 CPU ms of its start); the first RPC, or the first message encoded, builds it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { ProtoError } from './proto-error.ts';
import { packagePath } from './package-root.ts';

/** The directory holding our .proto files; the one include path every import is relative to. */
export const PROTO_DIR = packagePath('proto');

/** Every proto file talsim ships, relative to PROTO_DIR. */
export const TALOS_PROTO_FILES: readonly string[] = [
  'google/rpc/status.proto',
  'common/common.proto',
  'machine/machine.proto',
  'machine/image.proto',
  'machine/lifecycle.proto',
  'storage/storage.proto',
  'time/time.proto',
  'cluster/cluster.proto',
  'inspect/inspect.proto',
  'cosi/v1alpha1/resource.proto',
  'cosi/v1alpha1/state.proto',
  'cosi/v1alpha1/meta.proto',
  'resource/config/config.proto',
  'resource/definitions/enums/enums.proto',
  'resource/definitions/runtime/runtime.proto',
  'resource/definitions/v1alpha1/v1alpha1.proto',
  'resource/definitions/network/network.proto',
  'resource/definitions/block/block.proto',
  'resource/definitions/cluster/cluster.proto',
  'resource/definitions/etcd/etcd.proto',
  'resource/definitions/k8s/k8s.proto',
  'resource/definitions/time/time.proto',
  'resource/definitions/secrets/secrets.proto',
  'resource/definitions/hardware/hardware.proto',
  'resource/definitions/extensions/extensions.proto',
  'talsim/control.proto',
  'kms/kms.proto',
];

/** The gRPC services talsim serves, by full name (the `/<name>/<Method>` path prefix). */
export const TALOS_SERVICE_NAMES = [
  'machine.MachineService',
  'machine.ImageService',
  'machine.LifecycleService',
  'storage.StorageService',
  'time.TimeService',
  'cluster.ClusterService',
  'inspect.InspectService',
  'cosi.resource.State',
  'talsim.control.v1.ControlService',
  'sidero.kms.KMSService',
] as const;

export type TalosServiceName = (typeof TALOS_SERVICE_NAMES)[number];

/** The conversion rules, for protobufjs `toObject` (`proto/generate-types.ts` mirrors them as flags). */
const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Type URL prefix of Event.data payloads: `talos/runtime/machine.MachineStatusEvent`. */
export const TALOS_EVENT_TYPE_URL_PREFIX = 'talos/runtime/';
/** The standard prefix, used by google.rpc.Status and common.Error details. */
export const GOOGLE_TYPE_URL_PREFIX = 'type.googleapis.com/';

export interface TalosProtos {
  /** For grpc-js, the services only: `server.addService(packageDefinition['machine.MachineService'], ...)`. */
  packageDefinition: Record<TalosServiceName, ServiceDefinition>;
  /** Every message, enum and service, resolved; field names in snake_case. */
  root: protobuf.Root;
}

/** `google.protobuf.Any` as grpc-js hands it over with our options. */
export interface AnyMessage {
  type_url: string;
  value: Buffer;
}

let loaded: TalosProtos | undefined;

/** Where the build writes the parsed Root as JSON, relative to the package root. */
export const PRECOMPILED_PROTOS_FILE = 'dist/talos-protos.json';

/** True in the esbuild bundle (scripts/build.mjs defines it), undefined when run from the sources. */
declare const TALSIM_BUNDLED: boolean | undefined;

let builtRoot: protobuf.Root | undefined;

/** The Root, built on first use: from the build's JSON in the bundle, by parsing the .proto files from the sources. */
function talosRoot(): protobuf.Root {
  return (builtRoot ??= typeof TALSIM_BUNDLED !== 'undefined' ? rootFromJson(precompiledJson()) : parseTalosProtoFiles());
}

/** The Root and the served services' definitions, built on first use and returned afterwards. */
export function loadTalosProtos(): TalosProtos {
  return (loaded ??= { packageDefinition: servedDefinitions(), root: talosRoot() });
}

let precompiledText: string | undefined;

/** dist/talos-protos.json, read once. */
function precompiledJson(): string {
  return (precompiledText ??= readFileSync(packagePath(PRECOMPILED_PROTOS_FILE), 'utf8'));
}

let served: Record<TalosServiceName, ServiceDefinition> | undefined;

/** The served services' definitions, made once; in the bundle without building the Root. */
function servedDefinitions(): Record<TalosServiceName, ServiceDefinition> {
  if (served === undefined) {
    const description = typeof TALSIM_BUNDLED !== 'undefined' ? (JSON.parse(precompiledJson()) as protobuf.INamespace) : talosRoot().toJSON();
    served = Object.fromEntries(TALOS_SERVICE_NAMES.map((name) => [name, serviceDefinitionOf(talosRoot, name, serviceMethods(description, name))])) as Record<TalosServiceName, ServiceDefinition>;
  }
  return served;
}

/** Parses every .proto file talsim ships into one resolved Root, field names kept in snake_case. */
export function parseTalosProtoFiles(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports are written relative to PROTO_DIR; google/protobuf/* never reach here (bundled).
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync([...TALOS_PROTO_FILES], { keepCase: true });
  root.resolveAll();
  return root;
}

/** The Root as the build stores it (what `rootFromJson` reads back). */
export function talosProtosJson(root: protobuf.Root = parseTalosProtoFiles()): string {
  return JSON.stringify(root.toJSON());
}

/** The Root from a JSON description (`talosProtosJson`), resolved. */
export function rootFromJson(json: string): protobuf.Root {
  const root = protobuf.Root.fromJSON(JSON.parse(json) as protobuf.INamespace);
  root.resolveAll();
  return root;
}

/** One method of a service as the Root's JSON description lists it. */
export interface ServiceMethod {
  name: string;
  requestStream: boolean;
  responseStream: boolean;
}

/** The methods of the service `name` (a full name) in a Root's JSON description, in declaration order. */
export function serviceMethods(description: protobuf.INamespace, name: string): ServiceMethod[] {
  let namespace: protobuf.AnyNestedObject | undefined = description;
  for (const part of name.split('.')) namespace = (namespace as protobuf.INamespace | undefined)?.nested?.[part];
  const methods = (namespace as protobuf.IService | undefined)?.methods;
  if (methods === undefined) throw new ProtoError(name, 'is not a service');
  return Object.entries(methods).map(([method, shape]) => ({ name: method, requestStream: shape.requestStream === true, responseStream: shape.responseStream === true }));
}

/**
 * A grpc-js service definition with the serializers @grpc/proto-loader makes: `fromObject` then
 * `encode` out, `decode` then `toObject` with TO_OBJECT_OPTIONS in; `originalName` is the
 * lower-camel alias grpc-js adds to generated clients. The message types are looked up in
 * `rootOf()` when a serializer first runs, not here.
 */
export function serviceDefinitionOf(rootOf: () => protobuf.Root, name: string, methods: readonly ServiceMethod[]): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of methods) {
    let types: { request: protobuf.Type; response: protobuf.Type } | undefined;
    const typesOf = () => {
      if (types === undefined) {
        const resolved = rootOf().lookupService(name).methods[method.name]!;
        resolved.resolve();
        types = { request: resolved.resolvedRequestType!, response: resolved.resolvedResponseType! };
      }
      return types;
    };
    definition[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: serializer(() => typesOf().request),
      requestDeserialize: deserializer(() => typesOf().request),
      responseSerialize: serializer(() => typesOf().response),
      responseDeserialize: deserializer(() => typesOf().response),
      originalName: lowerCamel(method.name),
    };
  }
  return definition as ServiceDefinition;
}

function serializer(typeOf: () => protobuf.Type): (value: unknown) => Buffer {
  return (value) => {
    const type = typeOf();
    if (Array.isArray(value)) throw new ProtoError(type.fullName.slice(1), 'cannot serialize an array as a message');
    return type.encode(type.fromObject(value as Record<string, unknown>)).finish() as Buffer;
  };
}

function deserializer(typeOf: () => protobuf.Type): (bytes: Buffer) => unknown {
  return (bytes) => {
    const type = typeOf();
    return type.toObject(type.decode(bytes), TO_OBJECT_OPTIONS);
  };
}

/** `EtcdMemberList` -> `etcdMemberList`, `CPUFreqStats` -> `cpuFreqStats` (lodash's camelCase on these names). */
export function lowerCamel(name: string): string {
  const words = name.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g) ?? [name];
  return words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase())).join('');
}

/** The gRPC service definition of one of our services, for `server.addService`. */
export function serviceDefinition(name: TalosServiceName): ServiceDefinition {
  const definition = servedDefinitions()[name];
  if (definition === undefined) throw new ProtoError(name, 'is not a service');
  return definition;
}

/** Looks up a message type by full name (`machine.Event`, `cosi.resource.meta.ResourceDefinitionSpec`). */
export function messageType(fullName: string): protobuf.Type {
  const found = talosRoot().lookup(fullName);
  if (!(found instanceof protobuf.Type)) {
    throw new ProtoError(fullName, 'is not a known message type');
  }
  return found;
}

/**
 * Encodes a plain object (snake_case keys, enums by name or number, 64-bit integers as number or
 * string) as the message `fullName`. Unknown keys are refused rather than silently dropped.
 *
 * The bytes are the ones Go's protobuf marshalling produces for Talos: fields ordered by number and
 * zero-valued proto3 scalars left out. (protobufjs alone, as in the grpc-js serializer, writes every
 * field present in the object, zeros included; decoders read both alike.)
 */
export function encodeMessage(fullName: string, object: object): Buffer {
  const type = messageType(fullName);
  assertKnownFields(fullName, type, object, '');
  const message = type.fromObject(object as Record<string, unknown>);
  omitImplicitZeros(type, message as unknown as Record<string, unknown>);
  const bytes = type.encode(message).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes bytes of the message `fullName` into the object shape grpc-js handlers see. */
export function decodeMessage<T = Record<string, unknown>>(fullName: string, bytes: Uint8Array): T {
  const type = messageType(fullName);
  let message: protobuf.Message;
  try {
    message = type.decode(bytes);
  } catch (error) {
    throw new ProtoError(fullName, `cannot decode: ${(error as Error).message}`);
  }
  return type.toObject(message, TO_OBJECT_OPTIONS) as T;
}

/** Packs a message into a google.protobuf.Any; Event.data takes the default `talos/runtime/` prefix. */
export function anyOf(fullName: string, object: object, typeUrlPrefix = TALOS_EVENT_TYPE_URL_PREFIX): AnyMessage {
  return { type_url: typeUrlPrefix + fullName, value: encodeMessage(fullName, object) };
}

/** Unpacks an Any by the message name after the last `/` of its type URL, whatever the prefix. */
export function unpackAny<T = Record<string, unknown>>(any: AnyMessage): { fullName: string; message: T } {
  const fullName = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
  return { fullName, message: decodeMessage<T>(fullName, any.value) };
}

function assertKnownFields(fullName: string, type: protobuf.Type, object: object, parentPath: string): void {
  const oneofNames = new Set(Object.keys(type.oneofs ?? {}));
  for (const [key, value] of Object.entries(object)) {
    const field = type.fields[key];
    const fieldPath = parentPath === '' ? key : `${parentPath}.${key}`;
    if (field === undefined) {
      if (oneofNames.has(key)) continue;
      throw new ProtoError(fullName, `unknown field "${fieldPath}" (not in ${type.fullName.slice(1)})`);
    }
    const fieldType = field.resolve().resolvedType;
    if (!(fieldType instanceof protobuf.Type) || value === null || value === undefined) continue;
    if (fieldType.fullName === '.google.protobuf.Any') continue;
    const items = field.map ? Object.values(value) : field.repeated ? (value as unknown[]) : [value];
    for (const item of items) {
      if (typeof item === 'object' && item !== null && !Buffer.isBuffer(item)) {
        assertKnownFields(fullName, fieldType, item, fieldPath);
      }
    }
  }
}

/** Drops scalars without explicit presence that hold their zero value, in nested messages too. */
function omitImplicitZeros(type: protobuf.Type, message: Record<string, unknown>): void {
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (value === null || value === undefined) continue;
    const fieldType = field.resolve().resolvedType;
    if (fieldType instanceof protobuf.Type) {
      const items = field.map ? Object.values(value) : field.repeated ? (value as unknown[]) : [value];
      for (const item of items) omitImplicitZeros(fieldType, item as Record<string, unknown>);
    } else if (!field.repeated && !field.map && !field.hasPresence && isZeroScalar(value)) {
      delete message[field.name];
    }
  }
}

function isZeroScalar(value: unknown): boolean {
  if (value instanceof Uint8Array) return value.length === 0;
  if (typeof value === 'object' && value !== null && 'low' in value && 'high' in value) {
    return (value as protobuf.Long).low === 0 && (value as protobuf.Long).high === 0;
  }
  return value === 0 || value === '' || value === false;
}
