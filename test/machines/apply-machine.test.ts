// Apply machine: Reconciling -> applied when the spec is realised; stuck after 30 s with the
// reason; recovers when the reason clears; reboot-pending until the next boot.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { Kernel } from '../../sim/kernel/kernel.ts';
import { kernelClock } from '../../sim/kernel/xstate-clock.ts';
import { applyMachine } from '../../nodes/machines/apply-machine.ts';
import { RECONCILE_STUCK_AFTER_MS } from '../../nodes/vocabulary.ts';

function harness() {
  const kernel = new Kernel();
  const world = { pending: null as string | null };
  const changes: Array<{ t: number; state: string; reason: string }> = [];
  const actor = createActor(applyMachine, {
    input: { host: { pendingReason: () => world.pending, onStateChange: (state, reason) => changes.push({ t: kernel.now, state, reason }) } },
    clock: kernelClock(kernel),
  }).start();
  const state = () => {
    const value = actor.getSnapshot().value;
    return typeof value === 'string' ? value : Object.keys(value)[0];
  };
  return { kernel, actor, world, changes, state };
}

describe('apply machine', () => {
  it('converges to applied when nothing is pending', () => {
    const { kernel, actor, changes, state } = harness();
    actor.send({ type: 'APPLIED' });
    expect(state()).toBe('Reconciling');
    kernel.advance(1000);
    expect(state()).toBe('applied');
    expect(changes.map((c) => c.state)).toEqual(['Reconciling', 'applied']);
  });

  it('is stuck after 30 s with the reason, and recovers when it clears', () => {
    const { kernel, actor, world, changes, state } = harness();
    world.pending = 'static pod kube-apiserver running: waiting for etcd quorum';
    actor.send({ type: 'APPLIED' });
    kernel.advance(RECONCILE_STUCK_AFTER_MS - 1);
    expect(state()).toBe('Reconciling');
    kernel.advance(1);
    expect(state()).toBe('stuck');
    expect(changes.at(-1)).toEqual({ t: RECONCILE_STUCK_AFTER_MS, state: 'stuck', reason: world.pending });
    world.pending = null;
    actor.send({ type: 'RECHECK' });
    expect(state()).toBe('applied');
  });

  it('a reboot-requiring apply waits for the boot', () => {
    const { actor, state } = harness();
    actor.send({ type: 'REBOOT_REQUIRED' });
    expect(state()).toBe('reboot-pending');
    actor.send({ type: 'BOOTED' });
    expect(state()).toBe('idle');
  });
});
