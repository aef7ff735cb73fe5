// Lifecycle machine: stages as tags through power-on, initialize, maintenance, install, boot,
// running, reboot, shutdown, a failed sequence's countdown reboot, and power loss.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { Kernel } from '../../sim/kernel/kernel.ts';
import { kernelClock } from '../../sim/kernel/xstate-clock.ts';
import { lifecycleMachine, type LifecycleHost, FAILURE_REBOOT_DELAY_MS } from '../../nodes/machines/lifecycle-machine.ts';
import type { SequenceName } from '../../nodes/sequences/sequence-catalog.ts';

function harness(options: { config: boolean; installed: boolean; failing?: SequenceName }) {
  const kernel = new Kernel();
  const sequences: string[] = [];
  const state = { ...options, powerLost: 0 };
  const host: LifecycleHost = {
    hasConfig: () => state.config,
    isInstalled: () => state.installed,
    firmwareMs: () => 1000,
    kernelMs: () => 2000,
    runSequence: (name, onDone, onFail) => {
      sequences.push(name);
      const timer = kernel.schedule(5000, name, () => {
        if (name === state.failing) onFail('boom');
        else {
          if (name === 'install') state.installed = true;
          onDone();
        }
      });
      return () => kernel.cancel(timer);
    },
    powerLost: () => state.powerLost++,
    kernelStarting: () => {},
    sequenceFailed: () => {},
  };
  const actor = createActor(lifecycleMachine, { input: { host }, clock: kernelClock(kernel) }).start();
  const stage = () => [...actor.getSnapshot().tags][0];
  return { kernel, actor, sequences, state, stage };
}

describe('lifecycle machine', () => {
  it('an installed, configured node boots to running', () => {
    const { kernel, actor, sequences, stage } = harness({ config: true, installed: true });
    expect(stage()).toBe('unknown');
    actor.send({ type: 'POWER_ON' });
    expect(stage()).toBe('booting');
    kernel.runUntilQuiescent();
    expect(sequences).toEqual(['initialize', 'boot']);
    expect(stage()).toBe('running');
    expect(kernel.now).toBe(1000 + 2000 + 5000 + 5000);
  });

  it('no config: maintenance, then install and boot once a config arrives', () => {
    const { kernel, actor, sequences, state, stage } = harness({ config: false, installed: false });
    actor.send({ type: 'POWER_ON' });
    kernel.runUntilQuiescent();
    expect(stage()).toBe('maintenance');
    state.config = true;
    actor.send({ type: 'CONFIG_RECEIVED' });
    expect(stage()).toBe('installing');
    kernel.runUntilQuiescent();
    expect(sequences).toEqual(['initialize', 'install', 'initialize', 'boot']);
    expect(stage()).toBe('running');
  });

  it('reboot, shutdown and power loss', () => {
    const { kernel, actor, sequences, state, stage } = harness({ config: true, installed: true });
    actor.send({ type: 'POWER_ON' });
    kernel.runUntilQuiescent();
    actor.send({ type: 'REBOOT' });
    expect(stage()).toBe('rebooting');
    kernel.runUntilQuiescent();
    expect(stage()).toBe('running');
    expect(sequences.slice(2)).toEqual(['reboot', 'initialize', 'boot']);
    actor.send({ type: 'SHUTDOWN' });
    expect(stage()).toBe('shutting down');
    kernel.runUntilQuiescent();
    expect(stage()).toBe('unknown');
    actor.send({ type: 'POWER_ON' });
    kernel.advance(500);
    actor.send({ type: 'POWER_OFF' });
    expect(stage()).toBe('unknown');
    expect(state.powerLost).toBe(1);
    expect(kernel.pendingEvents).toBe(0);
  });

  it('a failed boot sequence reboots after the countdown', () => {
    const { kernel, actor, sequences, stage } = harness({ config: true, installed: true, failing: 'boot' });
    actor.send({ type: 'POWER_ON' });
    kernel.runUntil(1000 + 2000 + 5000 + 5000);
    expect(actor.getSnapshot().value).toBe('failed');
    expect(stage()).toBe('booting');
    kernel.runUntil(kernel.now + FAILURE_REBOOT_DELAY_MS + 1000 + 2000 + 1);
    expect(sequences).toEqual(['initialize', 'boot', 'initialize']);
  });
});
