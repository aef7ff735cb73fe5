// A config apply as its own machine: once the new config is persisted it either reconciles
// (controllers converge on the new spec) -> applied, or stays Reconciling and, after 30 s, is
// called stuck with the reason that says exactly what is not realised yet; or it waits for the
// reboot it asked for. (Try mode's revert timer is kept by NodeApply; a revert is one more apply.)
// Leaves out: Talos's internal controller graph (convergence is judged by predicates).
import { assign, setup } from 'xstate';
import { RECONCILE_STUCK_AFTER_MS } from '../vocabulary.ts';

export interface ApplyHost {
  /** What the new spec still waits for, or null when it is realised. */
  pendingReason(): string | null;
  onStateChange(state: string, reason: string): void;
}

export type ApplyEvent =
  | { type: 'APPLIED' }
  | { type: 'REBOOT_REQUIRED' }
  | { type: 'RECHECK' }
  | { type: 'BOOTED' };

/** Controllers need at least this long to act on a new spec. */
const MIN_RECONCILE_MS = 300;

export const applyMachine = setup({
  types: {
    context: {} as { host: ApplyHost; reason: string },
    events: {} as ApplyEvent,
    input: {} as { host: ApplyHost },
  },
  delays: {
    stuckAfterMs: RECONCILE_STUCK_AFTER_MS - MIN_RECONCILE_MS,
    minReconcileMs: MIN_RECONCILE_MS,
  },
  guards: {
    converged: ({ context }) => context.host.pendingReason() === null,
  },
  actions: {
    refreshReason: assign({ reason: ({ context }) => context.host.pendingReason() ?? '' }),
    announce: ({ context }, params: { state: string }) => context.host.onStateChange(params.state, context.reason),
  },
}).createMachine({
  id: 'apply',
  initial: 'idle',
  context: ({ input }) => ({ host: input.host, reason: '' }),
  on: {
    APPLIED: { target: '.Reconciling', reenter: true },
    REBOOT_REQUIRED: '.reboot-pending',
    BOOTED: { target: '.idle', actions: assign({ reason: '' }) },
  },
  states: {
    idle: {},
    Reconciling: {
      initial: 'acting',
      entry: ['refreshReason', { type: 'announce', params: { state: 'Reconciling' } }],
      states: {
        acting: { after: { minReconcileMs: 'converging' } },
        converging: {
          always: { guard: 'converged', target: '#apply.applied' },
          after: { stuckAfterMs: '#apply.stuck' },
          on: { RECHECK: { actions: 'refreshReason' } },
        },
      },
    },
    stuck: {
      entry: ['refreshReason', { type: 'announce', params: { state: 'stuck' } }],
      always: { guard: 'converged', target: 'applied' },
      on: { RECHECK: { actions: 'refreshReason' } },
    },
    applied: {
      entry: [assign({ reason: '' }), { type: 'announce', params: { state: 'applied' } }],
    },
    'reboot-pending': {
      entry: { type: 'announce', params: { state: 'reboot-pending' } },
    },
  },
});
