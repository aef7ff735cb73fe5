// Compact storage of a node's resources, logs and events (issue 15, heap per node): stored specs
// are deep-frozen and shared by content between the nodes of a cluster, log lines and kmsg records
// sit in columns with texts shared, events keep columns and make their ids again when read. What is read
// back must be exactly what was written, and the buffers keep the same windows as before.
import { describe, expect, it } from 'vitest';
import { ResourceStore } from '../../nodes/resources/resource-store.ts';
import { LogStore, MAX_KMSG_RECORDS, MAX_LINES_PER_LOG } from '../../nodes/logs/log-store.ts';
import { EventBus, makeXid, MAX_MACHINE_EVENTS, sequenceEventPayload, type MachineEvent } from '../../nodes/events/event-bus.ts';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { clusterPlan } from '../../bench/lib/boot-cluster.ts';

function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deepFrozen);
}

describe('resource specs', () => {
  it('are deep-frozen copies shared by content between stores of one clock, key order and all', () => {
    const clock = { now: 7 };
    const a = new ResourceStore(clock);
    const b = new ResourceStore(clock);
    const written = { phase: 'ready', sizes: [1, 2], nested: { x: 'y' } };
    const first = a.put('runtime', 'T', 'EPHEMERAL', written);
    const second = b.put('runtime', 'T', 'EPHEMERAL', { phase: 'ready', sizes: [1, 2], nested: { x: 'y' } });
    expect(first.spec).not.toBe(written);
    expect(second.spec).toBe(first.spec);
    expect(deepFrozen(first.spec)).toBe(true);
    expect(() => {
      (first.spec as { phase: string }).phase = 'changed';
    }).toThrow(TypeError);
    written.phase = 'mutated after the write';
    expect(a.get<{ phase: string }>('runtime', 'T', 'EPHEMERAL')!.spec.phase).toBe('ready');
    // Same content in another key order is another spec: each store serves what it was given.
    const reordered = b.put('runtime', 'T', 'other', { sizes: [1, 2], phase: 'ready', nested: { x: 'y' } });
    const c = new ResourceStore(clock);
    expect(Object.keys(c.put('runtime', 'T', 'other', { sizes: [1, 2], phase: 'ready', nested: { x: 'y' } }).spec as object)).toEqual(['sizes', 'phase', 'nested']);
    expect(Object.keys(c.put('runtime', 'T', 'EPHEMERAL', { sizes: [1, 2], phase: 'ready', nested: { x: 'y' } }).spec as object)).toEqual(['sizes', 'phase', 'nested']);
    expect(Object.keys(reordered.spec as object)).toEqual(['sizes', 'phase', 'nested']);
    // 0 and -0, undefined and a missing field are different content.
    const zero = a.put('runtime', 'N', 'n', { v: 0, u: undefined });
    const negative = b.put('runtime', 'N', 'n', { v: -0, u: undefined });
    expect(Object.is((negative.spec as { v: number }).v, -0)).toBe(true);
    expect(negative.spec).not.toBe(zero.spec);
    expect(Object.keys(c.put('runtime', 'N', 'n', { v: 0 }).spec as object)).toEqual(['v']);
  });

  it('keep a deep-frozen spec as it is, and copy what is not plain data as before', () => {
    const store = new ResourceStore({ now: 0 });
    const frozen = Object.freeze({ list: Object.freeze(['a']) });
    expect(store.put('ns', 'T', 'f', frozen).spec).toBe(frozen);
    const withDate = { at: new Date(5) };
    const stored = store.put('ns', 'T', 'd', withDate).spec;
    expect(stored).not.toBe(withDate);
    expect(stored.at).toEqual(new Date(5));
    expect(Object.isFrozen(stored)).toBe(false);
    // A string spec (a machine config's text) is stored as the string.
    expect(store.put('config', 'M', 'v1alpha1', 'version: v1alpha1').spec).toBe('version: v1alpha1');
  });

  it('a booted cluster holds only deep-frozen specs, and the nodes of a role share them', () => {
    const cluster = new SimCluster({ name: 'c', endpoint: '', subnet: '10.5.0.0/24', talosVersion: 'v1.13.0', nodes: clusterPlan(3) }, { seed: 'compact' });
    cluster.powerOnAll();
    cluster.world.kernel.runUntilCondition(() => cluster.node('cp-1').services.state('etcd') === 'Preparing', { maxTimeMs: 300_000 });
    bootstrap(cluster.node('cp-1'));
    cluster.world.kernel.runUntilCondition(() => [...cluster.nodes.values()].every((n) => n.stage() === 'running'), { maxTimeMs: 300_000 });
    const [w1, w2] = [cluster.node('w-1'), cluster.node('w-2')];
    let objects = 0;
    let shared = 0;
    type Stored = { metadata: { namespace: string; type: string; id: string }; spec: unknown };
    const kinds = [...(w1.resources as unknown as { kinds: Map<string, Map<string, { byId: Map<string, Stored> }>> }).kinds.values()].flatMap((types) => [...types.values()]);
    for (const kind of kinds) {
      for (const resource of kind.byId.values()) {
        if (typeof resource.spec !== 'object') continue;
        objects++;
        expect(deepFrozen(resource.spec), `${resource.metadata.type} ${resource.metadata.id}`).toBe(true);
        const other = w2.resources.get(resource.metadata.namespace, resource.metadata.type, resource.metadata.id);
        if (other && other.spec === resource.spec) shared++;
      }
    }
    expect(objects).toBeGreaterThan(50);
    expect(shared).toBeGreaterThan(objects / 2);
  });
});

describe('logs in columns', () => {
  it('keep the last lines of each log and of kmsg, with their times, facility and priority', () => {
    const clock = { now: 0 };
    const logs = new LogStore(clock);
    const followed: unknown[] = [];
    const stop = logs.follow('machined', (line) => followed.push(line));
    for (let i = 0; i < MAX_LINES_PER_LOG + 1_400; i++) {
      clock.now = i;
      logs.write('machined', `line ${i}`);
    }
    stop();
    const lines = logs.lines('machined');
    expect(lines.length).toBe(MAX_LINES_PER_LOG);
    expect(lines[0]).toEqual({ timeMs: 1_400, text: 'line 1400' });
    expect(lines.at(-1)).toEqual({ timeMs: MAX_LINES_PER_LOG + 1_399, text: `line ${MAX_LINES_PER_LOG + 1_399}` });
    expect(followed.length).toBe(MAX_LINES_PER_LOG + 1_400);
    expect(logs.contains('machined', 'line 1400')).toBe(true);
    expect(logs.contains('machined', 'line 1399')).toBe(false);
    const priorities = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
    const facilities = ['kern', 'user', 'daemon'] as const;
    for (let i = 0; i < MAX_KMSG_RECORDS + 3; i++) {
      clock.now = i;
      logs.writeKmsg(facilities[i % 3]!, priorities[i % 8]!, `record ${i}`);
    }
    const records = logs.kmsg.all();
    expect(records.length).toBe(MAX_KMSG_RECORDS);
    expect(records[0]).toEqual({ timeMs: 3, facility: 'kern', priority: 'err', text: 'record 3' });
    expect(records[5]).toEqual({ timeMs: 8, facility: 'daemon', priority: 'emerg', text: 'record 8' });
    expect(logs.contains('kmsg', `record ${MAX_KMSG_RECORDS + 2}`)).toBe(true);
    expect(logs.ids()).toEqual(['machined']);
  });

  it('a line written on two nodes of one cluster is one string; its value is what was written', () => {
    const clock = { now: 0 };
    const [a, b] = [new LogStore(clock), new LogStore(clock)];
    const part = String(40 + 2);
    a.write('machined', `[talos] task startAllServices (1/1): done, ${part}ms`);
    b.write('machined', `[talos] task startAllServices (1/1): done, ${part}ms`);
    expect(a.lines('machined')[0]!.text).toBe('[talos] task startAllServices (1/1): done, 42ms');
    expect(b.lines('machined')[0]!.text).toBe(a.lines('machined')[0]!.text);
  });
});

describe('events without an object each', () => {
  it('keep the last MAX_MACHINE_EVENTS of a boot with the ids, actors, times and payloads published', () => {
    const clock = { now: 0 };
    let wall = 1_700_000_000_000;
    const machineId = [1, 2, 3, 4, 5, 6];
    const bus = new EventBus(clock, () => wall, machineId);
    const published = [];
    for (let i = 0; i < MAX_MACHINE_EVENTS + 700; i++) {
      clock.now = i * 3;
      wall += 700;
      bus.currentActorId = i % 5 === 0 ? `actor-${i}` : '';
      bus.publish({ type: 'machine.TaskEvent', task: `task${i % 7}`, action: i % 2 ? 'STOP' : 'START' });
      published.push(structuredClone(bus.latest()));
    }
    const all = bus.all();
    expect(all.length).toBe(MAX_MACHINE_EVENTS);
    expect(all.map((event) => structuredClone(event))).toEqual(published.slice(-MAX_MACHINE_EVENTS));
    expect(all[0]!.id).toBe(makeXid(Math.floor((1_700_000_000_000 + 701 * 700) / 1000), machineId, 700));
    bus.newBoot();
    expect(bus.all()).toEqual([]);
    bus.publish({ type: 'machine.SequenceEvent', sequence: 'boot', action: 'START', error: undefined });
    const next = bus.latest()!;
    expect(bus.all()).toEqual([next]);
    expect(next.id).toBe(makeXid(Math.floor(wall / 1000), machineId, MAX_MACHINE_EVENTS + 700));
    expect(Object.keys(next.payload)).toEqual(['type', 'sequence', 'action', 'error']);
  });

  it('share a flat payload published on two nodes of one cluster as a frozen copy; keep payloads with arrays as published', () => {
    const clock = { now: 0 };
    const a = new EventBus(clock, () => 0, [1, 1, 1, 1, 1]);
    const b = new EventBus(clock, () => 0, [2, 2, 2, 2, 2]);
    const payload = { type: 'machine.PhaseEvent' as const, phase: 'systemRequirements', action: 'START' as const };
    a.publish(payload);
    b.publish({ ...payload });
    expect(b.all()[0]!.payload).toBe(a.all()[0]!.payload);
    expect(a.all()[0]!.payload).not.toBe(payload);
    expect(Object.isFrozen(a.all()[0]!.payload)).toBe(true);
    expect(a.all()[0]!.payload).toEqual(payload);
    a.publish({ type: 'machine.ServiceStateEvent', service: 'etcd', action: 'Running', message: 'ok', healthy: undefined, unknown: true });
    b.publish({ type: 'machine.ServiceStateEvent', service: 'etcd', action: 'Running', message: 'ok', unknown: true });
    expect(Object.keys(a.all()[1]!.payload)).toEqual(['type', 'service', 'action', 'message', 'healthy', 'unknown']);
    expect(Object.keys(b.all()[1]!.payload)).toEqual(['type', 'service', 'action', 'message', 'unknown']);
    const status = { type: 'machine.MachineStatusEvent' as const, stage: 'running', ready: true, unmetConditions: [] };
    a.publish(status);
    expect(a.all()[2]!.payload).toBe(status);
  });

  it("a sequence's events are one frozen payload per kind, name and action; a listener gets the event all() then lists", () => {
    const clock = { now: 0 };
    const a = new EventBus(clock, () => 5_000, [1, 1, 1, 1, 1]);
    const b = new EventBus({ now: 0 }, () => 5_000, [2, 2, 2, 2, 2]);
    a.publish(sequenceEventPayload('task', 'startAllServices', 'START'));
    b.publish(sequenceEventPayload('task', 'startAllServices', 'START'));
    expect(b.all()[0]!.payload).toBe(a.all()[0]!.payload);
    expect(a.all()[0]!.payload).toEqual({ type: 'machine.TaskEvent', task: 'startAllServices', action: 'START' });
    expect(Object.isFrozen(a.all()[0]!.payload)).toBe(true);
    expect(sequenceEventPayload('task', 'startAllServices', 'STOP')).toEqual({ type: 'machine.TaskEvent', task: 'startAllServices', action: 'STOP' });
    expect(sequenceEventPayload('phase', 'sbc', 'STOP', 'boom')).toEqual({ type: 'machine.PhaseEvent', phase: 'sbc', action: 'STOP' });
    expect(Object.keys(sequenceEventPayload('sequence', 'boot', 'START'))).toEqual(['type', 'sequence', 'action', 'error']);
    const failed = sequenceEventPayload('sequence', 'boot', 'STOP', 'boom');
    expect(failed).toEqual({ type: 'machine.SequenceEvent', sequence: 'boot', action: 'STOP', error: 'boom' });
    expect(Object.isFrozen(failed)).toBe(false);
    const heard: MachineEvent[] = [];
    const stop = a.subscribe((event) => heard.push(event));
    a.publish(sequenceEventPayload('phase', 'sbc', 'START'));
    stop();
    a.publish(sequenceEventPayload('phase', 'sbc', 'STOP'));
    expect(heard).toEqual([a.all()[1]]);
    expect(a.latest()).toEqual(a.all()[2]);
  });
});
