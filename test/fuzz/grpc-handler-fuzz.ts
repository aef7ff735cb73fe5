// Fuzz target per gRPC handler (issue 11): every method of every service the API edge serves
// (MachineService, ImageService, LifecycleService, StorageService, TimeService, ClusterService,
// InspectService, COSI State) gets seeded malformed protobuf bytes over real mutual TLS: empty
// bodies, random bytes, truncated fields, wrong wire types, huge length prefixes, deep nesting and
// large strings. Properties per call: it ends with a gRPC status (OK or a code) within its
// deadline (a follow stream is cancelled by the client after a moment: that is its normal end), no
// error without a Talos type reaches the caller (api-error.ts counts them: a handler crashed on
// input instead of refusing it) and no status carries a JavaScript error text, the event loop is never held over STALL_LIMIT_MS, and the cluster
// still answers Version afterwards. Shutdown and Reset are left out: a valid decode of random
// bytes would power the node off or wipe it, and every later case would only meet a dead node.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import seedrandom from 'seedrandom';
import { startTestCluster, unary } from '../api/harness.ts';
import { liveServices } from '../../sim/live/api-edge.ts';
import { STALL_LIMIT_MS, type FuzzReport } from './fuzz-targets.ts';
import { forgetUntypedErrors, untypedErrorsSeen } from '../../nodes/api-error.ts';

const SKIPPED_METHODS = new Set(['machine.MachineService/Shutdown', 'machine.MachineService/Reset']);
const UNARY_DEADLINE_MS = 20_000;
const STREAM_CANCEL_MS = 300;
const CRASH_TEXT = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack/;

type Random = () => number;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function randomField(random: Random, depth: number, large: boolean): number[] {
  const field = between(random, 1, 20);
  const wire = [0, 1, 2, 5][between(random, 0, 3)]!;
  const key = varint(field * 8 + wire);
  if (wire === 0) return [...key, ...varint(between(random, 0, 2 ** 31))];
  if (wire === 1) return [...key, ...Array.from({ length: 8 }, () => between(random, 0, 255))];
  if (wire === 5) return [...key, ...Array.from({ length: 4 }, () => between(random, 0, 255))];
  const nested = depth < 6 && random() < 0.4;
  const body = nested ? randomMessage(random, depth + 1, large) : Array.from({ length: large ? between(random, 0, 300_000) : between(random, 0, 40) }, () => between(random, 32, 126));
  return [...key, ...varint(body.length), ...body];
}

function randomMessage(random: Random, depth: number, large: boolean): number[] {
  return Array.from({ length: between(random, 0, 6) }, () => randomField(random, depth, large)).flat();
}

/** One malformed request body, a pure function of (seed, method, case number). */
export function protobufCase(seed: string, method: string, number: number): { kind: string; bytes: Buffer } {
  const random = seedrandom(`${seed}/${method}/${number}`);
  const kinds = ['empty', 'random bytes', 'fields', 'truncated', 'huge length prefix', 'large string', 'deep nesting'];
  const kind = kinds[number % kinds.length]!;
  switch (kind) {
    case 'empty':
      return { kind, bytes: Buffer.alloc(0) };
    case 'random bytes':
      return { kind, bytes: Buffer.from(Array.from({ length: between(random, 1, 64) }, () => between(random, 0, 255))) };
    case 'fields':
      return { kind, bytes: Buffer.from(randomMessage(random, 0, false)) };
    case 'truncated': {
      const whole = randomMessage(random, 0, false);
      return { kind, bytes: Buffer.from(whole.slice(0, between(random, 0, Math.max(0, whole.length - 1)))) };
    }
    case 'huge length prefix':
      return { kind, bytes: Buffer.from([...varint(between(random, 1, 20) * 8 + 2), ...varint(2 ** 31 - 1), 1, 2, 3]) };
    case 'large string':
      return { kind, bytes: Buffer.from([...varint(between(random, 1, 5) * 8 + 2), ...varint(1_000_000), ...Buffer.alloc(1_000_000, 0x61)]) };
    default: {
      let nested: number[] = [];
      for (let level = 0; level < 2_000; level++) nested = [...varint(1 * 8 + 2), ...varint(nested.length), ...nested];
      return { kind: 'deep nesting', bytes: Buffer.from(nested) };
    }
  }
}

const identity = (value: Buffer) => value;

function callUnary(client: grpc.Client, path: string, bytes: Buffer): Promise<grpc.StatusObject> {
  return new Promise((resolve) => {
    let status: grpc.StatusObject | undefined;
    const call = client.makeUnaryRequest(path, identity, identity, bytes, new grpc.Metadata(), { deadline: Date.now() + UNARY_DEADLINE_MS }, () => setImmediate(() => resolve(status!)));
    call.on('status', (received: grpc.StatusObject) => (status = received));
  });
}

function callStream(client: grpc.Client, path: string, bytes: Buffer): Promise<{ status: grpc.StatusObject; cancelled: boolean }> {
  return new Promise((resolve) => {
    const call = client.makeServerStreamRequest(path, identity, identity, bytes, new grpc.Metadata(), { deadline: Date.now() + UNARY_DEADLINE_MS });
    let cancelled = false;
    const timer = setTimeout(() => {
      cancelled = true;
      call.cancel();
    }, STREAM_CANCEL_MS);
    call.on('data', () => undefined);
    call.on('error', () => undefined);
    call.on('status', (status: grpc.StatusObject) => {
      clearTimeout(timer);
      resolve({ status, cancelled });
    });
  });
}

/** Every served method with `casesPerMethod` malformed requests; one report per service. */
export async function fuzzGrpcHandlers(casesPerMethod: number, seed = 'fuzz'): Promise<FuzzReport[]> {
  const services = liveServices();
  const env = await startTestCluster({ controlPlanes: 1, workers: 1, seed: 'fuzz-grpc', services: services.filter((service) => service.service === 'cosi.resource.State') });
  env.drive.startPacer(200);
  const reports: FuzzReport[] = [];
  try {
    for (const service of services) {
      const out: FuzzReport = { target: `gRPC ${service.service}`, cases: 0, accepted: 0, refused: 0, longestMs: 0, longestKind: '', failures: [] };
      const client = env.client(service.service, 'worker-1');
      const methods = [...Object.keys(service.unary).map((name) => ({ name, streaming: false })), ...Object.keys(service.streams).map((name) => ({ name, streaming: true }))];
      for (const method of methods) {
        if (SKIPPED_METHODS.has(`${service.service}/${method.name}`)) continue;
        const path = `/${service.service}/${method.name}`;
        for (let number = 0; number < casesPerMethod; number++) {
          const input = protobufCase(seed, path, number);
          forgetUntypedErrors();
          const delay = monitorEventLoopDelay({ resolution: 10 });
          const cpuBefore = process.cpuUsage();
          delay.enable();
          const outcome = method.streaming ? await callStream(client, path, input.bytes) : { status: await callUnary(client, path, input.bytes), cancelled: false };
          delay.disable();
          const cpu = process.cpuUsage(cpuBefore);
          // A hold is as long as the loop's longest delay, but never longer than the CPU the process
          // spent meanwhile: on a loaded machine the delay alone also counts time other programs ran.
          const heldMs = Math.min(delay.max / 1e6, (cpu.user + cpu.system) / 1000);
          out.cases++;
          const label = `${method.name} case ${number} (${input.kind}, ${input.bytes.length} bytes)`;
          if (heldMs > out.longestMs) [out.longestMs, out.longestKind] = [heldMs, label];
          if (heldMs > STALL_LIMIT_MS) out.failures.push(`${label}: held the event loop ${heldMs.toFixed(0)} ms`);
          const { code, details } = outcome.status;
          if (code === grpc.status.OK || (outcome.cancelled && code === grpc.status.CANCELLED)) out.accepted++;
          else if (code === grpc.status.DEADLINE_EXCEEDED) out.failures.push(`${label}: no status within ${UNARY_DEADLINE_MS} ms`);
          else if (CRASH_TEXT.test(details)) out.failures.push(`${label}: ${grpc.status[code]} ${details.slice(0, 200)}`);
          else out.refused++;
          for (const untyped of untypedErrorsSeen()) out.failures.push(`${label}: an untyped error reached the caller: ${untyped.slice(0, 200)}`);
        }
      }
      reports.push(out);
    }
    env.drive.stopPacer();
    const alive = await unary(env.client('machine.MachineService', 'cp-1'), 'Version', {}, { deadlineMs: 10_000 }).then(() => true, () => false);
    if (!alive) reports[0]!.failures.push('the cluster stopped answering Version after the fuzz run');
  } finally {
    env.drive.stopPacer();
    await env.close();
  }
  return reports;
}
