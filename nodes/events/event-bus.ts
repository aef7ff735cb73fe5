// The machine events `talosctl events` streams (machine.Event): sequence, phase and task
// starts/stops, service state changes, MachineStatus changes, config errors, addresses. Each has an
// xid-shaped id (time-ordered) and the actor id of the API call that caused it. Bounded buffer
// that belongs to one boot: machined keeps it in memory, so a reboot starts an empty one
// (`events --tail -1` and talosctl's reboot tracker never see the previous boot's events).

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

export class EventBus {
  private readonly events: MachineEvent[] = [];
  private readonly listeners = new Set<(event: MachineEvent) => void>();
  private counter = 0;

  constructor(
    private readonly clock: { readonly now: number },
    private readonly wallEpochMs: () => number,
    private readonly machineId: number[],
  ) {}

  /** The actor id stamped on events until changed (set by API commands, '' for the node itself). */
  currentActorId = '';

  publish(payload: MachineEventPayload): MachineEvent {
    const seconds = Math.floor(this.wallEpochMs() / 1000);
    for (const value of Object.values(payload)) if (typeof value === 'string') flatString(value);
    const event: MachineEvent = {
      id: makeXid(seconds, this.machineId, this.counter++),
      actorId: this.currentActorId,
      timeMs: this.clock.now,
      payload,
    };
    this.events.push(event);
    if (this.events.length > MAX_MACHINE_EVENTS) this.events.shift();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** machined started again (a new boot): the buffer of the previous boot is gone. */
  newBoot(): void {
    this.events.length = 0;
    this.currentActorId = '';
  }

  all(): readonly MachineEvent[] {
    return this.events;
  }

  subscribe(listener: (event: MachineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
