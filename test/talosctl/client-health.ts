// `talosctl health --server=false`'s Talos-side checks (talosctl v1.13.9: cmd/talosctl/cmd/talos/
// health.go healthOnClient -> pkg/cluster/check default.go PreBootSequenceChecks, with service.go,
// etcd.go, apid.go, nodes.go, diagnostics.go, events.go and discovery.go), replayed one by one with
// the calls talosctl's check code makes through the endpoint:
//  - the cluster from discovery: COSI List of Members (no node metadata), typed MemberSpec; a
//    member's first address is its InternalIP (NewDiscoveredClusterInfo);
//  - etcd / kubelet healthy: MachineService/ServiceList with `nodes` = the control planes'
//    InternalIPs, client.FilterMessages, one answer per node, last event Running and healthy;
//  - etcd members consistent: EtcdMemberList with `nodes` = the control planes, compared by
//    (hostname, id, learner) against the first answer by hostname;
//  - etcd members are control planes: EtcdMemberList with no metadata (the endpoint answers), its
//    members' peer URL hosts inside the control planes' IPs;
//  - apid ready: Version with `nodes` = every node;
//  - memory sizes: Version (`nodes`, to drop container-mode nodes), then Memory with `nodes` =
//    the hostnames Version answered with; minimal.Memory per machine type;
//  - disk sizes: per node (sorted) a COSI Get of VolumeStatus EPHEMERAL with `node` metadata,
//    typed VolumeStatusSpec; at least minimal.DiskSize() minus the UKI EFI, STATE, META
//    partitions and 10 MiB of GPT overhead;
//  - no diagnostics: per node a COSI List of Diagnostics with `node` metadata, typed DiagnosticSpec;
//  - boot sequence: per node a COSI Watch of MachineStatus `machine` (api_version 1, id set) with
//    `node` metadata: the empty first response, then the initial event, typed MachineStatusSpec.
// Each check runs once (talosctl polls each every 5 s until it passes) and yields the reporter's
// line: `waiting for <check>: OK`, `...: SKIP` or `...: <error text as talosctl prints it>`.
import { humanizeIBytes } from '../../nodes/go-format/humanize.ts';
import * as grpc from '@grpc/grpc-js';
import { decodeMessage } from '../../proto/load.ts';
import { collect, unary } from '../api/harness.ts';

export type MachineType = 'TYPE_INIT' | 'TYPE_CONTROL_PLANE' | 'TYPE_WORKER';

export interface NodeInfo {
  internalIp: string;
  ips: string[];
}

export interface ClusterInfo {
  byType: Record<MachineType, NodeInfo[]>;
  /** Every node, init and control planes first (DiscoveredClusterInfo.Nodes order does not matter to the checks). */
  nodes: NodeInfo[];
}

export interface TalosHealthReplay {
  /** machine.MachineService through the endpoint. */
  machine: grpc.Client;
  /** cosi.resource.State through the endpoint. */
  cosi: grpc.Client;
  info: ClusterInfo;
}

interface WireResource {
  metadata: { id: string };
  spec: { proto_spec: Buffer };
}

interface ReplyMetadata {
  metadata?: { hostname?: string; error?: string; status?: { code: number; message: string } | null } | null;
}

const SKIP = 'SKIP';
const MIB = 1024 * 1024;

const GRPC_CODE_NAMES = Object.fromEntries(Object.entries(grpc.status).filter(([, value]) => typeof value === 'number').map(([name, value]) => [value, name])) as Record<number, string>;
/** Go gRPC's code names (status.Code String): Unavailable, PermissionDenied, ... */
const codeName = (code: number) => (GRPC_CODE_NAMES[code] ?? `Code(${code})`).toLowerCase().split('_').map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');

/** How a grpc-go status error prints. */
export function goRpcError(code: number, message: string): string {
  return `rpc error: code = ${codeName(code)} desc = ${message}`;
}

/** hashicorp/go-multierror's format (ErrorOrNil of the errors appended). */
export function multiError(errors: string[]): string {
  const points = errors.map((error) => `* ${error}`);
  return errors.length === 1 ? `1 error occurred:\n\t${points[0]}\n\n` : `${errors.length} errors occurred:\n\t${points.join('\n\t')}\n\n`;
}

class CheckError extends Error {}

/** A call failure as talosctl prints it: grpc-go's status text. */
function callError(error: unknown): CheckError {
  const status = error as grpc.ServiceError;
  return new CheckError(typeof status.code === 'number' ? goRpcError(status.code, status.details) : String(error));
}

/** client.FilterMessages: answers carrying metadata.error leave the list and become NodeErrors in a multierror. */
function filterMessages<T extends ReplyMetadata>(messages: T[]): { kept: T[]; error?: string } {
  const failed: string[] = [];
  const kept: T[] = [];
  for (const message of messages) {
    const metadata = message.metadata;
    if (!metadata?.error) {
      kept.push(message);
      continue;
    }
    const text = metadata.status && metadata.status.code !== 0 ? goRpcError(metadata.status.code, metadata.status.message) : metadata.error;
    failed.push(`${metadata.hostname}: ${text}`);
  }
  return { kept, error: failed.length > 0 ? multiError(failed) : undefined };
}

/** A unary MachineService call with talosctl's client wrapper: the call's error, else FilterMessages' error. */
async function machineCall<T extends ReplyMetadata>(replay: TalosHealthReplay, method: string, nodes?: string[]): Promise<{ kept: T[]; error?: string }> {
  let reply: { messages: T[] };
  try {
    reply = await unary<{ messages: T[] }>(replay.machine, method, {}, nodes ? { nodes } : {});
  } catch (error) {
    throw callError(error);
  }
  return filterMessages(reply.messages);
}

const ipsOf = (nodes: NodeInfo[]) => nodes.map((node) => node.internalIp);
const controlPlanes = (info: ClusterInfo) => [...info.byType.TYPE_INIT, ...info.byType.TYPE_CONTROL_PLANE];
const hostnameOrder = (a: ReplyMetadata, b: ReplyMetadata) => ((a.metadata?.hostname ?? '') < (b.metadata?.hostname ?? '') ? -1 : (a.metadata?.hostname ?? '') > (b.metadata?.hostname ?? '') ? 1 : 0);
/** Go's %v of a []string. */
const goList = (items: string[]) => `[${items.join(' ')}]`;
/** Go's %q of a []string. */
const goQuotedList = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(' ')}]`;

/** NewDiscoveredClusterInfo from the Members the endpoint lists (buildClusterInfo without node flags). */
export async function discoverClusterInfo(cosi: grpc.Client): Promise<ClusterInfo> {
  const listed = await collect<{ resource: WireResource }>(cosi, 'List', { namespace: 'cluster', type: 'Members.cluster.talos.dev' });
  if (listed.error) throw callError(listed.error);
  const byType: Record<MachineType, NodeInfo[]> = { TYPE_INIT: [], TYPE_CONTROL_PLANE: [], TYPE_WORKER: [] };
  for (const { resource } of listed.messages) {
    const spec = decodeMessage<{ addresses: Array<{ ip: Buffer }>; machine_type: MachineType }>('talos.resource.definitions.cluster.MemberSpec', resource.spec.proto_spec);
    const ips = spec.addresses.map((address) => [...address.ip].join('.'));
    if (ips.length === 0) throw new CheckError(`no IP address found for member: ${resource.metadata.id}`);
    (byType[spec.machine_type] ??= []).push({ internalIp: ips[0]!, ips });
  }
  return { byType, nodes: [...byType.TYPE_INIT, ...byType.TYPE_CONTROL_PLANE, ...byType.TYPE_WORKER] };
}

interface ServiceListMessage extends ReplyMetadata {
  services: Array<{ id: string; events?: { events: Array<{ state: string; msg: string }> } | null; health?: { healthy?: boolean } | null }>;
}

/** ServiceHealthAssertion with WithNodeTypes(init, controlplane). */
async function serviceHealthy(replay: TalosHealthReplay, service: string): Promise<void> {
  const nodes = controlPlanes(replay.info);
  const { kept, error } = await machineCall<ServiceListMessage>(replay, 'ServiceList', ipsOf(nodes));
  // client.ServiceInfo keeps the answers that carry the service; FilterMessages' error goes back as is.
  const infos = kept.flatMap((message) => message.services.filter((candidate) => candidate.id === service).map((found) => ({ metadata: message.metadata, service: found })));
  if (error) throw new CheckError(error);
  if (infos.length !== nodes.length) throw new CheckError(`expected a response with ${nodes.length} node(s), got ${infos.length}`);
  const failures: string[] = [];
  for (const { metadata, service: info } of infos.sort(hostnameOrder)) {
    const node = metadata?.hostname ?? '';
    const events = info.events?.events ?? [];
    if (events.length === 0) {
      failures.push(`${node}: no events recorded yet for service "${service}"`);
      continue;
    }
    const last = events[events.length - 1]!;
    if (last.state !== 'Running') failures.push(`${node}: service "${service}" not in expected state "Running": current state [${last.state}] ${last.msg}`);
    else if (!info.health?.healthy) failures.push(`${node}: service is not healthy: ${service}`);
  }
  if (failures.length > 0) throw new CheckError(multiError(failures));
}

interface EtcdMembersMessage extends ReplyMetadata {
  members: Array<{ id: string; hostname: string; peer_urls: string[]; is_learner: boolean }>;
}

/** EtcdConsistentAssertion. */
async function etcdConsistent(replay: TalosHealthReplay): Promise<void> {
  const { kept, error } = await machineCall<EtcdMembersMessage>(replay, 'EtcdMemberList', ipsOf(controlPlanes(replay.info)));
  if (error) throw new CheckError(error);
  if (kept.length === 0) throw new CheckError('no messages returned');
  const key = (member: EtcdMembersMessage['members'][number]) => `${member.hostname}\u0000${member.id}\u0000${member.is_learner}`;
  const [first, ...rest] = [...kept].sort(hostnameOrder);
  const known = new Map(first!.members.map((member) => [key(member), member.hostname]));
  for (const message of rest) {
    const node = message.metadata?.hostname ?? '';
    if (message.members.length !== known.size) throw new CheckError(`${node}: expected to have ${goList([...known.values()])} members, got ${goList(message.members.map((member) => member.hostname))}`);
    for (const member of message.members) if (!known.has(key(member))) throw new CheckError(`${node}: found unexpected etcd member ${member.hostname}`);
  }
}

/** EtcdControlPlaneNodesAssertion: the endpoint's own member list. */
async function etcdMembersAreControlPlanes(replay: TalosHealthReplay): Promise<void> {
  const { kept, error } = await machineCall<EtcdMembersMessage>(replay, 'EtcdMemberList');
  if (error) throw new CheckError(error);
  const memberIps = kept[0]!.members.flatMap((member) => member.peer_urls.map((url) => new URL(url).hostname));
  const controlPlaneIps = controlPlanes(replay.info).flatMap((node) => node.ips);
  if (!memberIps.every((ip) => controlPlaneIps.includes(ip))) throw new CheckError(`etcd member ips ${goQuotedList(memberIps)} are not subset of control plane node ips ${goQuotedList(controlPlaneIps)}`);
}

/** ApidReadyAssertion. */
async function apidReady(replay: TalosHealthReplay): Promise<void> {
  const { error } = await machineCall(replay, 'Version', ipsOf(replay.info.nodes));
  if (error) throw new CheckError(error);
}

interface VersionMessage extends ReplyMetadata {
  platform?: { mode?: string } | null;
}

/** getNonContainerNodes: Version through `nodes`, the hostnames of those not in container mode. */
async function nonContainerNodes(replay: TalosHealthReplay): Promise<string[]> {
  let kept: VersionMessage[];
  let error: string | undefined;
  try {
    ({ kept, error } = await machineCall<VersionMessage>(replay, 'Version', ipsOf(replay.info.nodes)));
  } catch (thrown) {
    throw new CheckError(`error getting version: ${(thrown as Error).message}`);
  }
  if (error) throw new CheckError(`error getting version: ${error}`);
  return kept.filter((message) => message.platform?.mode !== 'container').map((message) => message.metadata!.hostname!);
}

/** minimal.Memory's minimum per machine type. */
const MINIMUM_MEMORY: Record<MachineType, number> = { TYPE_INIT: 1698 * MIB, TYPE_CONTROL_PLANE: 1698 * MIB, TYPE_WORKER: 1024 * MIB - 150 * MIB };

/** AllNodesMemorySizes. */
async function memorySizes(replay: TalosHealthReplay): Promise<void> {
  const nodes = await nonContainerNodes(replay);
  if (nodes.length === 0) return;
  let answer: { kept: Array<ReplyMetadata & { meminfo: { memtotal: string } }>; error?: string };
  try {
    answer = await machineCall(replay, 'Memory', nodes);
  } catch (thrown) {
    throw new CheckError(`error getting nodes memory: ${(thrown as Error).message}`);
  }
  if (answer.error) throw new CheckError(`error getting nodes memory: ${answer.error}`);
  const typeOf = new Map<string, MachineType>();
  for (const type of ['TYPE_INIT', 'TYPE_CONTROL_PLANE', 'TYPE_WORKER'] as const) for (const node of replay.info.byType[type]) typeOf.set(node.internalIp, type);
  const failures: string[] = [];
  for (const message of answer.kept) {
    if (!message.metadata) throw new CheckError('no metadata in the response');
    const hostname = message.metadata.hostname ?? '';
    const type = typeOf.get(hostname);
    if (!type) throw new CheckError(`unexpected node "${hostname}" in response`);
    const total = Number(message.meminfo.memtotal) * 1024;
    if (total < MINIMUM_MEMORY[type]) failures.push(`node "${hostname}" does not meet memory requirements: expected at least ${Math.floor(MINIMUM_MEMORY[type] / MIB)} MiB, actual ${Math.floor(total / MIB)} MiB`);
  }
  if (failures.length > 0) throw new CheckError(multiError(failures));
}

export { humanizeIBytes };

/** minimal.DiskSize() minus the UKI EFI (100 + 1 + 2000 MiB), STATE (100 MiB), META (1 MiB) and 10 MiB of GPT overhead. */
export const MINIMAL_EPHEMERAL_BYTES = 6 * 1024 * MIB - (2101 * MIB + 100 * MIB + 1 * MIB + 10 * MIB);

/** AllNodesDiskSizes. */
async function diskSizes(replay: TalosHealthReplay): Promise<typeof SKIP | void> {
  const nodes = (await nonContainerNodes(replay)).sort();
  if (nodes.length === 0) return;
  const failures: string[] = [];
  for (const node of nodes) {
    let resource: WireResource;
    try {
      resource = (await unary<{ resource: WireResource }>(replay.cosi, 'Get', { namespace: 'runtime', type: 'VolumeStatuses.block.talos.dev', id: 'EPHEMERAL' }, { node })).resource;
    } catch (error) {
      if ((error as grpc.ServiceError).code === grpc.status.PERMISSION_DENIED) return SKIP;
      failures.push(`error getting volume status for node "${node}": ${callError(error).message}`);
      continue;
    }
    const spec = decodeMessage<{ size: string; location: string }>('talos.resource.definitions.block.VolumeStatusSpec', resource.spec.proto_spec);
    const size = Number(spec.size);
    if (size < MINIMAL_EPHEMERAL_BYTES) {
      failures.push(`ephemeral partition "${spec.location}" for node "${node}" is too small, expected at least ${humanizeIBytes(MINIMAL_EPHEMERAL_BYTES)}, actual ${humanizeIBytes(size)}`);
    }
  }
  if (failures.length > 0) throw new CheckError(multiError(failures));
}

/** NoDiagnostics. */
async function noDiagnostics(replay: TalosHealthReplay): Promise<typeof SKIP | void> {
  const byNode = new Map<string, string[]>();
  for (const node of ipsOf(replay.info.nodes)) {
    const listed = await collect<{ resource: WireResource }>(replay.cosi, 'List', { namespace: 'runtime', type: 'Diagnostics.runtime.talos.dev' }, { node });
    if (listed.error?.code === grpc.status.PERMISSION_DENIED) return SKIP;
    if (listed.error) throw callError(listed.error);
    for (const { resource } of listed.messages) {
      const spec = decodeMessage<{ message: string }>('talos.resource.definitions.runtime.DiagnosticSpec', resource.spec.proto_spec);
      byNode.set(node, [...(byNode.get(node) ?? []), spec.message]);
    }
  }
  if (byNode.size === 0) return;
  const parts = [...byNode.keys()].sort().map((node) => `${node}: ${byNode.get(node)!.join(', ')}`);
  throw new CheckError(`active diagnostics: ${parts.join('; ')}`);
}

/** runtime.MachineStage's String (enumer, linecomment), in its numeric order. */
const MACHINE_STAGES = ['unknown', 'booting', 'installing', 'maintenance', 'running', 'rebooting', 'shutting down', 'resetting', 'upgrading'];
const STAGE_OF: Record<string, number> = Object.fromEntries(['UNKNOWN', 'BOOTING', 'INSTALLING', 'MAINTENANCE', 'RUNNING', 'REBOOTING', 'SHUTTING_DOWN', 'RESETTING', 'UPGRADING'].map((name, index) => [`MACHINE_STAGE_${name}`, index]));

interface WatchResponse {
  event: Array<{ event_type: string; resource?: WireResource | null }>;
}

/** The first stage a single-resource Watch of MachineStatus reports for `node` (cosi Adapter.Watch). */
async function watchedStage(cosi: grpc.Client, node: string): Promise<number> {
  const watched = await collect<WatchResponse>(cosi, 'Watch', { namespace: 'runtime', type: 'MachineStatuses.runtime.talos.dev', id: 'machine', options: { tail_events: 0 }, api_version: 1 }, {
    node,
    deadlineMs: 5_000,
    until: (responses) => responses.length >= 2,
  });
  if (watched.messages.length === 0 && watched.error) throw callError(watched.error);
  const event = watched.messages[1]?.event[0];
  if (!event) throw new CheckError(watched.error ? `error watching machine ${node} status: ${callError(watched.error).message}` : 'context deadline exceeded');
  if (event.event_type === 'CREATED' || event.event_type === 'UPDATED') {
    const spec = decodeMessage<{ stage: string }>('talos.resource.definitions.runtime.MachineStatusSpec', event.resource!.spec.proto_spec);
    return STAGE_OF[spec.stage] ?? 0;
  }
  // Destroyed: the stage stays unknown and talosctl keeps waiting until its 5 s poll ends.
  throw new CheckError('context deadline exceeded');
}

/** AllNodesBootedAssertion: the stage every node's watch reports first. */
async function allNodesBooted(replay: TalosHealthReplay): Promise<void> {
  const byStage = new Map<number, string[]>();
  for (const node of ipsOf(replay.info.nodes)) {
    const stage = await watchedStage(replay.cosi, node);
    byStage.set(stage, [...(byStage.get(stage) ?? []), node]);
  }
  const running = STAGE_OF.MACHINE_STAGE_RUNNING!;
  byStage.delete(running);
  if (byStage.size === 0) return;
  const message = [...byStage.keys()].sort((a, b) => a - b).map((stage) => `${MACHINE_STAGES[stage]}: ${goList(byStage.get(stage)!.sort())}`);
  throw new CheckError(`nodes are not running: ${message.join(', ')}`);
}

/** PreBootSequenceChecks, in talosctl's order. */
export const TALOS_CHECKS: Array<[string, (replay: TalosHealthReplay) => Promise<typeof SKIP | void>]> = [
  ['etcd to be healthy', (replay) => serviceHealthy(replay, 'etcd')],
  ['etcd members to be consistent across nodes', etcdConsistent],
  ['etcd members to be control plane nodes', etcdMembersAreControlPlanes],
  ['apid to be ready', apidReady],
  ['all nodes memory sizes', memorySizes],
  ['all nodes disk sizes', diskSizes],
  ['no diagnostics', noDiagnostics],
  ['kubelet to be healthy', (replay) => serviceHealthy(replay, 'kubelet')],
  ['all nodes to finish boot sequence', allNodesBooted],
];

/** check.conditionToUpdate: `waiting for <name>: <OK|SKIP|error>`, trimmed. */
export async function talosHealthLines(replay: TalosHealthReplay): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, check] of TALOS_CHECKS) {
    let outcome: string;
    try {
      outcome = (await check(replay)) === SKIP ? 'SKIP' : 'OK';
    } catch (error) {
      if (!(error instanceof CheckError)) throw error;
      outcome = error.message;
    }
    lines.push(`waiting for ${name}: ${outcome}`.trim());
  }
  return lines;
}

export const TALOS_OK_LINES = TALOS_CHECKS.map(([name]) => `waiting for ${name}: OK`);
