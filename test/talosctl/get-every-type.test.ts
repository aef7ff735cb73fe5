// `talosctl get <type>` (table), `-o yaml` and `--watch` v1.13.9 for every type a node serves,
// replayed as cmd/talosctl/cmd/talos/get.go makes them: ClientVersionCheck, ResolveResourceKind
// (the ResourceDefinitions decoded from proto_spec, the typed word matched against the id and the
// aliases: one match, or talosctl stops with "ambiguous"/"not registered"), then with `node`
// metadata a List (table: NODE NAMESPACE TYPE ID VERSION and each print column's JSONPath over
// the YAML spec, output/table.go), a Get per id (yaml: the same resource), and a kind Watch with
// bootstrap contents and api_version 1 (an empty first response, one CREATED per resource, then
// BOOTSTRAPPED, after which talosctl flushes). A print column that no resource of its type fills
// would print blank on every row: the test names those, so a spec key that differs from the
// column's path (a talsim bug) cannot hide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect, startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { decodeMessage } from '../../proto/load.ts';
import { matchResourceKind, type WireResource } from './talosctl-calls.ts';
import { isEmulatedType } from '../../nodes/api/cosi-resource-definitions.ts';
import { EMPTY_UNLESS_CONFIGURED_TYPES, notEmulatedMessage } from '../../nodes/api/cosi-unmodelled-types.ts';

let env: TestCluster;
const NODES = ['cp-1', 'worker-1'];
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const state = () => env.client('cosi.resource.State', 'cp-1');

interface Definition {
  id: string;
  resource_type: string;
  display_type: string;
  default_namespace: string;
  aliases: string[];
  all_aliases: string[];
  print_columns: Array<{ name: string; json_path: string }>;
}

const STEP = /\.[A-Za-z_][\w]*|\[:\]|\[\*\]|\[\?\(@\.\w+=="[^"]*"\)\]/g;

/**
 * The JSONPath subset talosctl's print columns use (k8s.io/client-go/util/jsonpath with missing
 * keys allowed): `{@}`, `{.a.b}`, `[:]`/`[*]` over a list, and `[?(@.key=="value")]` filters. undefined = missing.
 */
function evaluateColumn(path: string, spec: unknown): unknown {
  const inner = /^\{(.*)\}$/.exec(path)?.[1];
  if (inner === undefined) throw new Error(`column path ${path} is not a template`);
  if (inner === '@') return spec;
  let current: unknown[] = [spec];
  for (const step of inner.match(STEP) ?? []) {
    if (step === '[:]' || step === '[*]') {
      current = current.flatMap((value) => (Array.isArray(value) ? value : []));
      continue;
    }
    if (step.startsWith('.')) {
      current = current.flatMap((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) && step.slice(1) in value ? [(value as Record<string, unknown>)[step.slice(1)]] : []));
      continue;
    }
    const [, key, wanted] = /^\[\?\(@\.(\w+)=="([^"]*)"\)\]$/.exec(step)!;
    current = current.flatMap((value) => (Array.isArray(value) ? value.filter((item) => item !== null && typeof item === 'object' && String((item as Record<string, unknown>)[key!]) === wanted) : []));
  }
  if (inner.replace(STEP, '') !== '') throw new Error(`column path ${path} uses JSONPath this replay does not evaluate`);
  return current.length === 0 ? undefined : current[0];
}

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1, talosVersion: 'v1.13.9', services: [cosiStateService] });
});
afterAll(() => env.close());

async function definitions(node: string): Promise<Definition[]> {
  const listed = await collect<{ resource: WireResource }>(state(), 'List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node });
  if (listed.error) throw listed.error;
  return listed.messages.map(({ resource }) => ({ id: resource.metadata.id, ...decodeMessage<Omit<Definition, 'id'>>('cosi.resource.meta.ResourceDefinitionSpec', resource.spec.proto_spec) }));
}

describe('talosctl get, for every type the node registers', () => {
  it('every id and alias resolves to its own definition, except the short aliases a real v1.13 node finds ambiguous too', async () => {
    for (const name of NODES) {
      const node = addressOf(name);
      // ResolveResourceKind lists the definitions for every word it resolves; one list serves them all here.
      const served = await definitions(node);
      expect(served.length).toBeGreaterThan(30);
      const ambiguous = new Set<string>();
      const wrong: string[] = [];
      for (const definition of served) {
        for (const word of [definition.id, ...definition.all_aliases]) {
          let resolved: Definition | Error;
          try {
            resolved = matchResourceKind(served, word);
          } catch (error) {
            resolved = error as Error;
          }
          if (resolved instanceof Error && resolved.message.endsWith(`resource type "${word}" is ambiguous`)) ambiguous.add(word);
          else if (resolved instanceof Error) wrong.push(`${word}: ${resolved.message}`);
          else if (resolved.resource_type !== definition.resource_type) wrong.push(`${word}: resolved to ${resolved.resource_type}, not ${definition.resource_type}`);
        }
      }
      expect(wrong, name).toEqual([]);
      // COSI derives these from the type names' capitals; a v1.13.9 node registers the same 167
      // types, so they are ambiguous there as well (test/api/talos-resource-registry.test.ts names
      // the types behind each: ls is LinkStatus and LinkSpec, ks KubeletSpec, KubeletSecrets and
      // KubernetesSecrets...).
      expect([...ambiguous].sort(), name).toEqual([
        'ac', 'acs', 'apisc', 'apiscs', 'as', 'cpus', 'dcs', 'efs', 'es', 'esc', 'escs', 'hs', 'kc', 'kcs', 'kps', 'ks',
        'ksps', 'ls', 'mrs', 'ms', 'nas', 'ns', 'ps', 'rrs', 'rs', 'sc', 'scs', 'sp', 'sps', 'ss', 'tss',
      ]);
    }
  }, 120_000);

  it('table, -o yaml and --watch agree for every type; every print column is filled by some resource', async () => {
    const blankColumns = new Map<string, Set<string>>();
    const filled = new Set<string>();
    const version = await unary(env.client('machine.MachineService', 'cp-1'), 'Version', {}, { nodes: NODES.map(addressOf) });
    expect(version.messages.map((message: any) => message.version.tag)).toEqual(['v1.13.9', 'v1.13.9']);
    for (const name of NODES) {
      const node = addressOf(name);
      for (const definition of await definitions(node)) {
        const request = { namespace: definition.default_namespace, type: definition.resource_type };
        const listed = await collect<{ resource: WireResource }>(state(), 'List', request, { node });
        if (!isEmulatedType(definition.resource_type) && !EMPTY_UNLESS_CONFIGURED_TYPES.includes(definition.resource_type)) {
          // Registered, not modelled by talsim: said so, never an empty list that would claim the node has none.
          expect(listed.error, `${definition.id} on ${name}`).toMatchObject({ code: 12, details: notEmulatedMessage(definition.resource_type) });
          continue;
        }
        expect(listed.error, `${definition.id} on ${name}`).toBeUndefined();
        const resources = listed.messages.map((message) => message.resource);
        for (const resource of resources) {
          const spec = parse(resource.spec.yaml_spec) as unknown;
          for (const column of definition.print_columns) {
            const key = `${definition.id} ${column.name} ${column.json_path}`;
            if (evaluateColumn(column.json_path, spec) === undefined) {
              if (!blankColumns.has(key)) blankColumns.set(key, new Set());
              blankColumns.get(key)!.add(`${name}/${resource.metadata.id}`);
            } else filled.add(key);
          }
          const got = await unary<{ resource: WireResource }>(state(), 'Get', { ...request, id: resource.metadata.id }, { node });
          expect(got.resource.metadata, `${definition.id}/${resource.metadata.id}`).toMatchObject({ id: resource.metadata.id, type: definition.resource_type, namespace: definition.default_namespace });
          expect(parse(got.resource.spec.yaml_spec), `${definition.id}/${resource.metadata.id}`).toBeDefined();
        }
        const watched = await collect<{ event: Array<{ event_type: string; resource: WireResource | null }> }>(state(), 'Watch', { ...request, options: { bootstrap_contents: true }, api_version: 1 }, {
          node,
          until: (messages) => messages.some((message) => message.event.some((event) => event.event_type === 'BOOTSTRAPPED')),
        });
        expect(watched.error, `watch ${definition.id} on ${name}`).toBeUndefined();
        expect(watched.messages[0]!.event).toEqual([]);
        const events = watched.messages.flatMap((message) => message.event);
        expect(events.at(-1)!.event_type).toBe('BOOTSTRAPPED');
        expect(events.slice(0, -1).map((event) => `${event.event_type} ${event.resource!.metadata.id}`), `watch ${definition.id} on ${name}`)
          .toEqual(resources.map((resource) => `CREATED ${resource.metadata.id}`));
      }
    }
    // Blank on a real node of this kind too: a plain (not secure boot) image has no UKI or PCR
    // signing key, and a QEMU machine reports no SMBIOS serial or SKU number.
    const blankUpstream = new Set([
      'securitystates.talos.dev UKISigningKeyFingerprint {.ukiSigningKeyFingerprint}',
      'securitystates.talos.dev PCRSigningKeyFingerprint {.pcrSigningKeyFingerprint}',
      'systeminformations.hardware.talos.dev SerialNumber {.serialnumber}',
      'systeminformations.hardware.talos.dev SKUNumber {.skuNumber}',
    ]);
    const neverFilled = [...blankColumns.keys()].filter((key) => !filled.has(key) && !blankUpstream.has(key)).map((key) => `${key}: blank on ${[...blankColumns.get(key)!].join(', ')}`);
    expect(neverFilled).toEqual([]);
  }, 180_000);
});
