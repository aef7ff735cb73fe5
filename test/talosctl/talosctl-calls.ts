// talosctl v1.13.9's client side, replayed with grpc-js against the test cluster: the calls a
// command makes, in its order, with its metadata, and its success criteria. The reboot/upgrade/
// reset tracker follows cmd/talosctl/pkg/talos/action/{tracker,node}.go: Events (tail 0, `node`
// metadata) opened first, Read of /proc/sys/kernel/random/boot_id, the action (its actor id), then
// events by that actor until the expected event; on the actor's `stopAllServices` task or `reboot`
// sequence reconnect; on Unavailable/EOF/Canceled reconnect with tail_events -1 and forget the
// actor; the expected event ends the watch; finally the post check (boot id changed) is retried
// while the node is unavailable. Virtual time is driven by the caller (drive.settle). Also the
// ApplyConfiguration call apply-config/edit/patch share, client.FilterMessages, and the COSI side
// of helpers.ForEachResource (ResolveResourceKind, then List) that edit/patch read the config with.
import * as grpc from '@grpc/grpc-js';
import { parse as parseYaml } from 'yaml';
import { decodeMessage, unpackAny } from '../../proto/load.ts';
import { collect, unary } from '../api/harness.ts';

export interface TalosEvent {
  fullName: string;
  message: Record<string, any>;
  actorId: string;
}

/** action.MachineReadyEventFn: a MachineStatusEvent in stage RUNNING with ready set. */
export const machineReady = (event: TalosEvent) => event.fullName === 'machine.MachineStatusEvent' && event.message.stage === 'RUNNING' && event.message.status?.ready === true;
/** action.StopAllServicesEventFn: the stopAllServices task (any action, any actor). */
export const stopAllServices = (event: TalosEvent) => event.fullName === 'machine.TaskEvent' && event.message.task === 'stopAllServices';

const RETRYABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.CANCELLED]);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** talosctl's getBootID: Read of the boot id through the endpoint, `node` metadata. */
export async function readBootId(client: grpc.Client, node: string): Promise<string> {
  const { messages, error } = await collect(client, 'Read', { path: '/proc/sys/kernel/random/boot_id' }, { node });
  if (error) throw error;
  return Buffer.concat(messages.map((message: { bytes: Buffer }) => message.bytes)).toString().trim();
}

export interface TrackerResult {
  /** Messages the tracker would print (`phase: ... action: ...`, `post check passed`). */
  updates: string[];
  preBootId: string;
}

/** Runs one node's tracker through `client` (a MachineService client of the endpoint); rejects with what talosctl would report. `deadline` is wall time. */
export async function trackAction(
  client: grpc.Client,
  node: string,
  options: { action: (client: grpc.Client) => Promise<string>; expected: (event: TalosEvent) => boolean; postCheck?: (client: grpc.Client, preBootId: string) => Promise<void>; timeoutMs: number },
): Promise<TrackerResult> {
  const updates: string[] = [];
  const deadline = Date.now() + options.timeoutMs;
  let tail = 0;
  let actorId: string | undefined;
  let actorPromise: Promise<string> | undefined;
  let preBootId = '';
  const watch = async (): Promise<void> => {
    for (;;) {
      if (Date.now() > deadline) throw new Error('context deadline exceeded');
      const events: TalosEvent[] = [];
      let outcome: 'expected' | 'reconnect' | undefined;
      let failure: Error | undefined;
      // talosctl reads no event before it knows the actor id: events wait in the channel.
      const queue: TalosEvent[] = [];
      const handle = (event: TalosEvent): boolean => {
        events.push(event);
        if (options.expected(event)) return (outcome = 'expected') !== undefined;
        if (event.actorId !== actorId) return false;
        if (event.fullName === 'machine.TaskEvent') {
          updates.push(`task: ${event.message.task} action: ${event.message.action}`);
          if (event.message.task === 'stopAllServices') return (outcome = 'reconnect') !== undefined;
        }
        if (event.fullName === 'machine.SequenceEvent') {
          updates.push(`sequence: ${event.message.sequence} action: ${event.message.action}`);
          if (event.message.sequence === 'reboot') return (outcome = 'reconnect') !== undefined;
          if (event.message.error?.message) return (failure = new Error(`sequence error: ${event.message.error.message}`)) !== undefined;
        }
        if (event.fullName === 'machine.PhaseEvent') updates.push(`phase: ${event.message.phase} action: ${event.message.action}`);
        return false;
      };
      const stream = collect(client, 'Events', { tail_events: tail }, {
        node,
        until: (messages) => {
          const latest = messages[messages.length - 1] as { data: { type_url: string; value: Buffer }; actor_id: string };
          if (!latest.data.type_url) return false;
          queue.push({ ...unpackAny(latest.data), actorId: latest.actor_id } as TalosEvent);
          if (actorId === undefined) return false;
          while (queue.length > 0) if (handle(queue.shift()!)) return true;
          return false;
        },
      });
      if (actorPromise && actorId === undefined) actorId = await actorPromise;
      const result = await stream;
      if (failure) throw failure;
      if (outcome === 'expected') {
        updates.push('events check condition met');
        return;
      }
      if (outcome === 'reconnect') continue;
      if (result.error && !RETRYABLE.has(result.error.code)) throw result.error;
      updates.push('unavailable, retrying...');
      tail = -1;
      actorId = '';
      await pause(20);
    }
  };
  const watching = watch();
  watching.catch(() => undefined);
  if (options.postCheck) preBootId = await readBootId(client, node);
  actorPromise = options.action(client);
  actorId = await actorPromise;
  await watching;
  if (options.postCheck) {
    for (;;) {
      try {
        await options.postCheck(client, preBootId);
        updates.push('post check passed');
        break;
      } catch (error) {
        const code = (error as grpc.ServiceError).code;
        if (Date.now() > deadline) throw error;
        if (!RETRYABLE.has(code) && !(error as Error).message.includes("didn't reboot yet")) throw error;
        await pause(20);
      }
    }
  }
  return { updates, preBootId };
}

/** action.BootIDChangedPostCheckFn. */
export async function bootIdChanged(client: grpc.Client, node: string, preBootId: string): Promise<void> {
  const current = await readBootId(client, node);
  if (current === preBootId) throw new Error("didn't reboot yet");
}

/** helpers.ClientVersionCheck / TalosVersionCheck: the Version every node answers. */
export async function serverVersion(client: grpc.Client, node: string): Promise<string> {
  const reply = await unary(client, 'Version', {}, { nodes: [node] });
  return reply.messages[0].version.tag as string;
}

interface NodeMetadata {
  metadata?: { hostname?: string; error?: string } | null;
}

/** client.FilterMessages: an answer whose metadata carries an error fails the call as `<node>: <error>`. */
export function filterMessages<T extends NodeMetadata>(messages: T[]): T[] {
  const failed = messages.filter((message) => message.metadata?.error);
  if (failed.length > 0) throw new Error(failed.map((message) => `${message.metadata!.hostname}: ${message.metadata!.error}`).join('\n'));
  return messages;
}

/** constants.ConfigTryTimeout, the default of every `--timeout` talosctl sends as try_mode_timeout. */
export const CONFIG_TRY_TIMEOUT_MS = 60_000;

export interface ApplyFlags {
  mode?: 'AUTO' | 'NO_REBOOT' | 'REBOOT' | 'STAGED' | 'TRY';
  dryRun?: boolean;
  timeoutMs?: number;
}

export interface ApplyResult {
  mode: string;
  mode_details: string;
  warnings: string[];
}

/**
 * The ApplyConfiguration call of apply-config.go, edit.go and patch.go: the whole stream, the
 * mode (default auto), dry_run, and try_mode_timeout always set from `--timeout`; `nodes` metadata
 * through the endpoint; FilterMessages on the reply.
 */
export async function applyConfiguration(client: grpc.Client, node: string, data: Buffer, flags: ApplyFlags = {}): Promise<ApplyResult> {
  const timeoutMs = flags.timeoutMs ?? CONFIG_TRY_TIMEOUT_MS;
  const request = { data, mode: flags.mode ?? 'AUTO', dry_run: flags.dryRun ?? false, try_mode_timeout: { seconds: Math.floor(timeoutMs / 1000), nanos: (timeoutMs % 1000) * 1e6 } };
  const reply = await unary<{ messages: Array<ApplyResult & NodeMetadata> }>(client, 'ApplyConfiguration', request, { nodes: [node] });
  const [message] = filterMessages(reply.messages);
  return message!;
}

/** A COSI resource as State List/Get sends it. */
export interface WireResource {
  metadata: { id: string; type: string; namespace: string; annotations?: Record<string, string> | null };
  spec: { proto_spec: Buffer; yaml_spec: string };
}

interface ResourceDefinition {
  resource_type: string;
  default_namespace: string;
  all_aliases: string[];
}

/** The ResourceDefinitions a node registers, decoded from proto_spec as talosctl's typed List does (`node` metadata). */
export async function listResourceDefinitions(state: grpc.Client, node: string): Promise<Array<ResourceDefinition & { id: string }>> {
  const listed = await collect<{ resource: WireResource }>(state, 'List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node });
  if (listed.error) throw listed.error;
  return listed.messages.map(({ resource }) => ({ id: resource.metadata.id, ...decodeMessage<ResourceDefinition>('cosi.resource.meta.ResourceDefinitionSpec', resource.spec.proto_spec) }));
}

/** client.ResolveResourceKind's matching: the word against each id and its all_aliases, case-insensitively; one match or talosctl's error. */
export function matchResourceKind<T extends ResourceDefinition & { id: string }>(definitions: readonly T[], word: string): T {
  const lower = word.toLowerCase();
  const matched = definitions.filter((definition) => definition.id.toLowerCase() === lower || definition.all_aliases.some((alias) => alias.toLowerCase() === lower));
  if (matched.length > 1) throw new Error(`rpc error: code = InvalidArgument desc = resource type "${word}" is ambiguous`);
  if (matched.length === 0) throw new Error(`rpc error: code = NotFound desc = resource "${word}" is not registered`);
  return matched[0]!;
}

/** client.ResolveResourceKind: List of ResourceDefinitions on the node, then the match. */
export async function resolveResourceKind(state: grpc.Client, node: string, word: string): Promise<ResourceDefinition> {
  return matchResourceKind(await listResourceDefinitions(state, node), word);
}

/**
 * helpers.ForEachResource without an id, as edit.go and patch.go use it: resolve the kind on the
 * node, then List it there (skip-unmarshal: yaml_spec as sent), `node` metadata on both.
 */
export async function forEachResource(state: grpc.Client, node: string, word: string): Promise<WireResource[]> {
  const definition = await resolveResourceKind(state, node, word);
  const listed = await collect<{ resource: WireResource }>(state, 'List', { namespace: definition.default_namespace, type: definition.resource_type }, { node });
  if (listed.error) throw listed.error;
  return listed.messages.map(({ resource }) => resource);
}

/** patch.go extractMachineConfigBody: with annotations the YAML spec is one string scalar, else the spec itself. */
export function machineConfigBody(resource: WireResource): string {
  const annotated = Object.keys(resource.metadata.annotations ?? {}).length > 0;
  return annotated ? (parseYaml(resource.spec.yaml_spec) as string) : resource.spec.yaml_spec;
}
