// RFC 6902 JSON patches as Talos applies them (through evanphx/json-patch v4): add, remove,
// replace, move, copy and test over a plain JSON value, with that library's error texts and its
// quirks (replace of a missing object key adds it; `-` appends; no negative indices). Leaves out:
// the copy size limit and the library's lazy raw-message handling (values are compared decoded).
import { ConfigError } from './config-error.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One operation as written in the patch (`op`, `path`, optional `from` and `value`). */
export type JsonPatchOperation = { [key: string]: JsonValue };

export type JsonPatch = JsonPatchOperation[];

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const TEST_FAILED = 'test failed';

class JsonPatchFailure extends Error {}

const fail = (message: string): never => {
  throw new JsonPatchFailure(message);
};

const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function decodeKey(key: string): string {
  return key.replaceAll('~1', '/').replaceAll('~0', '~');
}

function stringField(operation: JsonPatchOperation, field: 'path' | 'from', what: string): string {
  const value = operation[field];
  if (typeof value !== 'string') return fail(`${what} operation failed to decode ${field}: ${MISSING}`);
  return value;
}

/** The container holding the last segment of `path`, or undefined when a step is missing. */
function findParent(document: JsonValue, path: string): { container: JsonValue; key: string } | undefined {
  if (path === '') return undefined;
  const parts = path.split('/').slice(1);
  let node: JsonValue = document;
  for (const raw of parts.slice(0, -1)) {
    const key = decodeKey(raw);
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!/^\d+$/.test(key) || index >= node.length) return undefined;
      node = node[index]!;
    } else if (isObject(node)) {
      if (!(key in node) || node[key] === null) return undefined;
      node = node[key]!;
    } else return undefined;
    if (typeof node !== 'object' || node === null) return undefined;
  }
  return { container: node, key: decodeKey(parts[parts.length - 1]!) };
}

function arrayIndex(key: string, allowEnd: boolean, length: number): number {
  if (!/^-?\d+$/.test(key)) return fail(`strconv.Atoi: parsing "${key}": invalid syntax`);
  const index = Number(key);
  if (index < 0 || index > length || (!allowEnd && index === length)) fail(`Unable to access invalid index: ${index}: ${INVALID_INDEX}`);
  return index;
}

function getValue(container: JsonValue, key: string): JsonValue | undefined {
  if (Array.isArray(container)) return container[arrayIndex(key, false, container.length)];
  return isObject(container) ? container[key] : undefined;
}

function addValue(container: JsonValue, key: string, value: JsonValue, path: string): void {
  if (Array.isArray(container)) {
    if (key === '-') {
      container.push(value);
      return;
    }
    if (!/^-?\d+$/.test(key)) fail(`error in add for path: '${path}': value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`);
    const index = Number(key);
    if (index < 0 || index > container.length) fail(`error in add for path: '${path}': Unable to access invalid index: ${index}: ${INVALID_INDEX}`);
    container.splice(index, 0, value);
  } else if (isObject(container)) container[key] = value;
}

function removeValue(container: JsonValue, key: string, context: string): JsonValue | undefined {
  if (Array.isArray(container)) {
    let index: number;
    try {
      index = arrayIndex(key, false, container.length);
    } catch (error) {
      return fail(`${context}: ${(error as Error).message}`);
    }
    return container.splice(index, 1)[0];
  }
  if (!isObject(container) || !(key in container)) return fail(`${context}: Unable to remove nonexistent key: ${key}: ${MISSING}`);
  const value = container[key];
  delete container[key];
  return value;
}

function deepEqual(left: JsonValue | undefined, right: JsonValue | undefined): boolean {
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]));
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => key in right && deepEqual(left[key], right[key]));
  }
  return left === right;
}

function applyOperation(root: { document: JsonValue }, operation: JsonPatchOperation): void {
  const kind = typeof operation.op === 'string' ? operation.op : '';
  const value = structuredClone(operation.value ?? null);
  switch (kind) {
    case 'add': {
      const path = stringField(operation, 'path', 'add');
      const target = findParent(root.document, path);
      if (!target) return fail(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      return addValue(target.container, target.key, value, path);
    }
    case 'remove': {
      const path = stringField(operation, 'path', 'remove');
      const target = findParent(root.document, path);
      if (!target) return fail(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      removeValue(target.container, target.key, `error in remove for path: '${path}'`);
      return;
    }
    case 'replace': {
      const path = stringField(operation, 'path', 'replace');
      if (path === '') {
        if (typeof value !== 'object' || value === null) return fail('replace operation value must be object or array');
        root.document = value;
        return;
      }
      const target = findParent(root.document, path);
      if (!target) return fail(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
      if (Array.isArray(target.container)) {
        const index = arrayIndex(target.key, false, target.container.length);
        target.container[index] = value;
      } else if (isObject(target.container)) target.container[target.key] = value;
      return;
    }
    case 'move':
    case 'copy': {
      const from = stringField(operation, 'from', kind);
      const source = findParent(root.document, from);
      if (!source) return fail(`${kind} operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      const moved = kind === 'move'
        ? removeValue(source.container, source.key, `error in move for path: '${source.key}'`)
        : structuredClone(getValue(source.container, source.key));
      const path = stringField(operation, 'path', kind);
      const target = findParent(root.document, path);
      if (!target) return fail(`${kind} operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      return addValue(target.container, target.key, moved ?? null, path);
    }
    case 'test': {
      const path = stringField(operation, 'path', 'test');
      const actual = path === '' ? root.document : (() => {
        const target = findParent(root.document, path);
        if (!target) return fail(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
        return getValue(target.container, target.key) ?? null;
      })();
      if (!deepEqual(actual, operation.value ?? null)) fail(`testing value ${path} failed: ${TEST_FAILED}`);
      return;
    }
    default:
      fail(`Unexpected kind: ${kind === '' ? 'unknown' : kind}`);
  }
}

/** Applies the operations in order to a copy of `document`; throws ConfigError with the library's text. */
export function applyJsonPatch(document: JsonValue, patch: JsonPatch): JsonValue {
  const root = { document: structuredClone(document) };
  for (const operation of patch) {
    try {
      applyOperation(root, operation);
    } catch (error) {
      if (!(error instanceof JsonPatchFailure)) throw error;
      throw new ConfigError(error.message, 0, 0, typeof operation.path === 'string' ? operation.path : '');
    }
  }
  return root.document;
}
