// The machine events `talosctl events` streams (machine.Event): sequence, phase and task
// starts/stops, service state changes, MachineStatus changes, config errors, addresses. Each has an
// xid-shaped id (time-ordered) and the actor id of the API call that caused it. Bounded buffer
// that belongs to one boot: machined keeps it in memory, so a reboot starts an empty one
// (`events --tail -1` and talosctl's reboot tracker never see the previous boot's events).
//
// Storage: the buffer keeps columns (virtual time, wall seconds, actor id, payload) rather than an
// event object each; an event's id is made again from its wall seconds and its counter (the
// buffer's first counter plus its place) when asked. A payload of flat fields (a PhaseEvent,
// TaskEvent, ServiceStateEvent...) is a frozen copy shared by content between the nodes of a
// cluster; MachineStatusEvent and AddressEvent payloads (arrays) are kept as published.
// `all()` builds the event objects when asked (the API's backlog, tests); `publish` builds one only
// when someone listens (a `talosctl events` stream). A payload published frozen is taken as
// already shared (a sequence's Phase/Task events: one frozen payload per name and action, made by
// `sequenceEventPayload`): it is neither looked up nor flattened again.

import { flatString } from '../flat-string.ts';

export type MachineEventPayload =
  | { type: 'machine.SequenceEvent'; sequence: string; action: 'NOOP' | 'START' | 'STOP'; error?: string }
  | { type: 'machine.PhaseEvent'; phase: string; action: 'START' | 'STOP' }
  | { type: 'machine.TaskEvent'; task: string; action: 'START' | 'STOP' }
  | { type: 'machine.ServiceStateEvent'; service: string; action: string; message: string; healthy?: boolean; unknown: boolean }
  | { type: 'machine.MachineStatusEvent'; stage: string; ready: boolean; unmetConditions: Array<{ name: string; reason: string }> }
  | { type: 'machine.ConfigValidationErrorEvent'; error: string }
  | { type: 'machine.ConfigLoadErrorEvent'; error: string }
  | { type: 'machine.AddressEvent'; hostname: string; addresses: string[] }
  | { type: 'machine.RestartEvent'; cmd: number };

export interface MachineEvent {
  id: string;
  actorId: string;
  timeMs: number;
  payload: MachineEventPayload;
}

export const MAX_MACHINE_EVENTS = 1_000;

const XID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** A 20-character xid: 4 bytes of (virtual) seconds, 5 bytes of machine id, 3 bytes counter, base32hex. */
export function makeXid(epochSeconds: number, machineId: number[], counter: number): string {
  const bytes = [
    (epochSeconds >>> 24) & 0xff,
    (epochSeconds >>> 16) & 0xff,
    (epochSeconds >>> 8) & 0xff,
    epochSeconds & 0xff,
    ...machineId.slice(0, 5),
    (counter >>> 16) & 0xff,
    (counter >>> 8) & 0xff,
    counter & 0xff,
  ];
  let bits = 0;
  let value = 0;
  // Characters joined once (one flat string) rather than appended one by one (a tree of joins,
  // which every event kept: see flat-string.ts).
  const chars: string[] = [];
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      chars.push(XID_ALPHABET[(value >>> (bits - 5)) & 31]!);
      bits -= 5;
    }
  }
  if (bits > 0) chars.push(XID_ALPHABET[(value << (5 - bits)) & 31]!);
  return chars.slice(0, 20).join('');
}

/** Payloads a cluster's table keeps per generation (see SharedPayloads). */
export const PAYLOADS_PER_GENERATION = 2_048;

/**
 * The sharing key of a payload whose fields are all strings, numbers, booleans or undefined (every
 * kind but MachineStatusEvent and AddressEvent, which carry arrays and are kept as published): its
 * fields in order with their types, so `undefined` and a missing field differ.
 */
function flatPayloadKey(payload: MachineEventPayload): string | undefined {
  let key = '';
  for (const field in payload) {
    const value = (payload as Record<string, unknown>)[field];
    const type = typeof value;
    if (type === 'object' || type === 'function' || type === 'symbol' || type === 'bigint') return undefined;
    key += `${field}\u0000${type}\u0000${String(value)}\u0001`;
  }
  return key;
}

/**
 * Payloads every node publishes alike (the same PhaseEvent, TaskEvent, ServiceStateEvent) kept
 * once per cluster as a frozen copy, in two generations like the shared texts (flat-string.ts): a
 * payload published again is carried into the younger one, the older is dropped when the younger
 * fills, so the table stays bounded.
 */
class SharedPayloads {
  private younger = new Map<string, MachineEventPayload>();
  private older = new Map<string, MachineEventPayload>();

  shared(payload: MachineEventPayload): MachineEventPayload {
    if (Object.isFrozen(payload)) return payload;
    const key = flatPayloadKey(payload);
    if (key === undefined) return payload;
    const young = this.younger.get(key);
    if (young) return young;
    const kept = this.older.get(key) ?? (Object.freeze({ ...payload }) as MachineEventPayload);
    if (this.younger.size >= PAYLOADS_PER_GENERATION) {
      this.older = this.younger;
      this.younger = new Map();
    }
    this.younger.set(key, kept);
    return kept;
  }
}

type SequenceAction = 'START' | 'STOP';
const sequencePayloads = {
  sequence: new Map<string, MachineEventPayload>(),
  phase: new Map<string, MachineEventPayload>(),
  task: new Map<string, MachineEventPayload>(),
};

/**
 * The payload of a sequence's Sequence/Phase/Task event without an error: one frozen object per
 * kind, name and action for the whole process (the names come from the sequence catalog), so a
 * boot's ~60 of them per node cost no lookup or copy. A SequenceEvent with an error is made fresh
 * (a Phase or Task event carries no error).
 */
export function sequenceEventPayload(kind: 'sequence' | 'phase' | 'task', name: string, action: SequenceAction, error?: string): MachineEventPayload {
  if (kind === 'sequence' && error !== undefined) return { type: 'machine.SequenceEvent', sequence: name, action, error };
  const table = sequencePayloads[kind];
  const key = action === 'START' ? name : `${name}\u0000`;
  let payload = table.get(key);
  if (!payload) {
    const made: MachineEventPayload =
      kind === 'sequence' ? { type: 'machine.SequenceEvent', sequence: name, action, error: undefined }
      : kind === 'phase' ? { type: 'machine.PhaseEvent', phase: name, action }
      : { type: 'machine.TaskEvent', task: name, action };
    table.set(key, (payload = Object.freeze(made) as MachineEventPayload));
  }
  return payload;
}

const payloadTables = new WeakMap<object, SharedPayloads>();

/** The payload table of the event buses that share `clock` (the kernel of one cluster). */
function sharedPayloadsFor(clock: object): SharedPayloads {
  let table = payloadTables.get(clock);
  if (!table) payloadTables.set(clock, (table = new SharedPayloads()));
  return table;
}

export class EventBus {
  /** Columns of the buffered events, oldest first; the first one's counter is `firstCounter`. */
  private readonly times: number[] = [];
  private readonly seconds: number[] = [];
  private readonly actorIds: string[] = [];
  private readonly payloads: MachineEventPayload[] = [];
  private firstCounter = 0;
  private readonly listeners = new Set<(event: MachineEvent) => void>();
  private counter = 0;
  /** Payloads every node publishes alike are one frozen object per cluster. */
  private readonly shared: SharedPayloads;

  constructor(
    private readonly clock: { readonly now: number },
    private readonly wallEpochMs: () => number,
    private readonly machineId: number[],
  ) {
    this.shared = sharedPayloadsFor(clock);
  }

  /** The actor id stamped on events until changed (set by API commands, '' for the node itself). */
  currentActorId = '';

  publish(payload: MachineEventPayload): void {
    const seconds = Math.floor(this.wallEpochMs() / 1000);
    const counter = this.counter++;
    if (!Object.isFrozen(payload)) for (const field in payload) {
      const value = (payload as Record<string, unknown>)[field];
      if (typeof value === 'string') flatString(value);
    }
    if (this.times.length === 0) this.firstCounter = counter;
    this.times.push(this.clock.now);
    this.seconds.push(seconds);
    this.actorIds.push(this.currentActorId);
    this.payloads.push(this.shared.shared(payload));
    if (this.times.length > MAX_MACHINE_EVENTS) {
      // Dropped from the front in one go once a quarter of the buffer is over (O(1) amortised).
      const over = this.times.length - MAX_MACHINE_EVENTS;
      if (over >= MAX_MACHINE_EVENTS / 4) {
        this.times.splice(0, over);
        this.seconds.splice(0, over);
        this.actorIds.splice(0, over);
        this.payloads.splice(0, over);
        this.firstCounter += over;
      }
    }
    if (this.listeners.size === 0) return;
    const event = this.eventAt(this.times.length - 1);
    for (const listener of this.listeners) listener(event);
  }

  /** The last event published this boot (built when asked), if any. */
  latest(): MachineEvent | undefined {
    return this.times.length > 0 ? this.eventAt(this.times.length - 1) : undefined;
  }

  private eventAt(index: number): MachineEvent {
    return {
      id: makeXid(this.seconds[index]!, this.machineId, (this.firstCounter + index) & 0xffffff),
      actorId: this.actorIds[index]!,
      timeMs: this.times[index]!,
      payload: this.payloads[index]!,
    };
  }

  /** machined started again (a new boot): the buffer of the previous boot is gone. */
  newBoot(): void {
    this.times.length = 0;
    this.seconds.length = 0;
    this.actorIds.length = 0;
    this.payloads.length = 0;
    this.currentActorId = '';
  }

  /** The buffered events, oldest first (the last MAX_MACHINE_EVENTS; built when asked). */
  all(): readonly MachineEvent[] {
    const from = Math.max(0, this.times.length - MAX_MACHINE_EVENTS);
    const out: MachineEvent[] = new Array(this.times.length - from);
    for (let i = from; i < this.times.length; i++) out[i - from] = this.eventAt(i);
    return out;
  }

  subscribe(listener: (event: MachineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
