// Service machine: Talos's state sequence (Starting -> Waiting -> Preparing -> Running), health
// checks, the crash/restart loop every 5 s, a pre state that blocks or fails, and stop.
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.ts';
import { ServiceMachine, type ServiceHost, type PreStateResult, RESTART_INTERVAL_MS } from '../../nodes/machines/service-machine.ts';

function scriptedHost(kernel: Kernel) {
  const events: Array<{ t: number; state: string; message: string }> = [];
  const world = { missing: ['service "containerd" to be "up"'], pre: { ready: true } as PreStateResult, unhealthy: null as string | null, crashAfterMs: undefined as number | undefined };
  // The periodic health check as NodeServices runs it: a kernel timer per period, HEALTH on a change.
  const ticks = { machine: undefined as undefined | ServiceMachine, timer: undefined as ReturnType<Kernel['schedule']> | undefined, crash: undefined as ReturnType<Kernel['schedule']> | undefined };
  const host: ServiceHost = {
    startHealthTicks: () => {
      const tick = () => {
        const failure = world.unhealthy;
        if ((failure === null) !== ticks.machine!.healthy) ticks.machine!.send({ type: 'HEALTH', failure });
        ticks.timer = kernel.schedule(5000, 'health', tick);
      };
      ticks.timer = kernel.schedule(5000, 'health', tick);
    },
    stopHealthTicks: () => kernel.cancel(ticks.timer),
    // The crash as NodeServices arms it: a kernel timer sending CRASH, only when one is due.
    armCrash: (_id, afterMs, message) => {
      ticks.crash = kernel.schedule(afterMs, 'crash', () => ticks.machine!.send({ type: 'CRASH', message }));
    },
    disarmCrash: () => kernel.cancel(ticks.crash),
    waitingFor: () => world.missing,
    preState: () => world.pre,
    startRunner: () => ({ startedMessage: 'Started task apid (PID 1) for container apid', crashAfterMs: world.crashAfterMs, crashMessage: 'task "apid" failed: exit code 1' }),
    healthCheck: () => world.unhealthy,
    preStateMs: () => 100,
    runnerMs: () => 200,
    stopMs: () => 50,
    healthTimings: () => ({ initialDelayMs: 1000, periodMs: 5000 }),
    stopMessage: () => 'Containerd(apid)',
    onEvent: (_id, state, message) => events.push({ t: kernel.now, state, message }),
    onHealth: () => {},
  };
  return { host, events, world, ticks };
}

describe('service machine', () => {
  it('waits for its conditions, prepares, runs and reports health', () => {
    const kernel = new Kernel();
    const { host, events, world, ticks } = scriptedHost(kernel);
    const machine = new ServiceMachine('apid', host, kernel);
    ticks.machine = machine;
    machine.send({ type: 'START' });
    expect(events.map((e) => `${e.state}: ${e.message}`)).toEqual(['Starting: Starting service', 'Waiting: Waiting for service "containerd" to be "up"']);
    kernel.advance(10_000);
    expect(machine.state).toBe('waiting');
    world.missing = [];
    machine.send({ type: 'RECHECK' });
    kernel.advance(2_000);
    expect(events.slice(2).map((e) => `${e.t - 10_000} ${e.state}: ${e.message}`)).toEqual([
      '0 Preparing: Running pre state',
      '100 Preparing: Creating service runner',
      '300 Running: Started task apid (PID 1) for container apid',
      '1300 Running: Health check successful',
    ]);
  });

  it('a crashing runner restarts every 5 s with Talos\'s message', () => {
    const kernel = new Kernel();
    const { host, events, world, ticks } = scriptedHost(kernel);
    world.missing = [];
    world.crashAfterMs = 300;
    const machine = new ServiceMachine('apid', host, kernel);
    ticks.machine = machine;
    machine.send({ type: 'START' });
    kernel.advance(20_000);
    const crashes = events.filter((e) => e.message.startsWith('Error running'));
    expect(crashes[0]!.message).toBe('Error running Containerd(apid), going to restart forever: task "apid" failed: exit code 1');
    expect(crashes.length).toBeGreaterThanOrEqual(3);
    expect(crashes[1]!.t - crashes[0]!.t).toBe(RESTART_INTERVAL_MS + 300);
  });

  it('a blocked pre state holds Preparing until it clears; a failed one ends in Failed', () => {
    const kernel = new Kernel();
    const { host, events, world, ticks } = scriptedHost(kernel);
    world.missing = [];
    world.pre = { blocked: '' };
    const machine = new ServiceMachine('etcd', host, kernel);
    ticks.machine = machine;
    machine.send({ type: 'START' });
    kernel.advance(60_000);
    expect(events.at(-1)!.message).toBe('Running pre state');
    world.pre = { failed: 'failed to pull image "x": not found' };
    machine.send({ type: 'RECHECK' });
    expect(machine.state).toBe('failed');
    expect(events.at(-1)!.message).toBe('Failed to run pre stage: failed to pull image "x": not found');
  });

  it('stop goes through Stopping to Finished', () => {
    const kernel = new Kernel();
    const { host, events, world, ticks } = scriptedHost(kernel);
    world.missing = [];
    const machine = new ServiceMachine('apid', host, kernel);
    ticks.machine = machine;
    machine.send({ type: 'START' });
    kernel.advance(5_000);
    machine.send({ type: 'STOP' });
    kernel.advance(1_000);
    expect(events.slice(-2).map((e) => e.state)).toEqual(['Stopping', 'Finished']);
    expect(machine.state).toBe('finished');
  });

  // The xstate machine this replaced armed an `after` timer when the whole step was over (xstate
  // defers it), after whatever the step's actions scheduled for the same instant; and an event
  // sent while a step runs waited for the step (xstate's mailbox). Traces depend on both.
  it('arms a phase timer after what its step scheduled for the same instant', () => {
    const kernel = new Kernel();
    const { host, world } = scriptedHost(kernel);
    world.missing = [];
    const order: string[] = [];
    host.preStateMs = () => 0;
    host.onEvent = (_id, state, message) => {
      order.push(`${state}: ${message}`);
      // What the node does on every event (requestReconcile): a kernel event at the same instant.
      kernel.schedule(0, 'reconcile', () => order.push('reconcile'));
    };
    const machine = new ServiceMachine('apid', host, kernel);
    machine.send({ type: 'START' });
    expect(order).toEqual(['Starting: Starting service', 'Preparing: Running pre state']);
    kernel.advance(0);
    expect(order.slice(2)).toEqual(['reconcile', 'reconcile', 'Preparing: Creating service runner', 'reconcile']);
    expect(machine.state).toBe('creatingRunner');
  });

  it('handles an event sent during a step once the step is over', () => {
    const kernel = new Kernel();
    const { host, events, world } = scriptedHost(kernel);
    world.missing = [];
    let machine: ServiceMachine | undefined;
    const onEvent = host.onEvent;
    host.onEvent = (id, state, message) => {
      onEvent(id, state, message);
      // Inside the step the machine is still Initialized, where STOP means nothing; after it, it
      // is preparing and STOP stops it.
      if (message === 'Starting service') machine!.send({ type: 'STOP' });
    };
    machine = new ServiceMachine('apid', host, kernel);
    machine.send({ type: 'START' });
    expect(events.map((e) => `${e.state}: ${e.message}`)).toEqual(['Starting: Starting service', 'Preparing: Running pre state', 'Stopping: Containerd(apid)']);
    kernel.advance(1_000);
    expect(machine.state).toBe('finished');
  });

  it('evaluates the resting state\'s eventless checks after any event, as xstate does', () => {
    const kernel = new Kernel();
    const { host, world } = scriptedHost(kernel);
    let asked = 0;
    const waitingFor = host.waitingFor;
    host.waitingFor = (id) => {
      asked++;
      return waitingFor(id);
    };
    const machine = new ServiceMachine('apid', host, kernel);
    machine.send({ type: 'START' });
    // Entering Waiting reports what it waits for, then checks whether it may leave.
    expect(asked).toBe(2);
    world.missing = [];
    // HEALTH means nothing to a waiting service, but its conditions are checked again after it.
    machine.send({ type: 'HEALTH', failure: null });
    expect(asked).toBe(3);
    expect(machine.state).toBe('preparing.pre');
  });
});
