// The faults section of a running scenario: faults declared with `at` are injected at their time
// (at 0 before the cluster powers on, so a slow boot or a power loss holds from the first moment),
// those with `when` the first moment their condition holds; and the `within` expectations, each
// a liveness bound that opens when its fault is healed (or injected) and must see its condition
// hold before it closes. A fault that cannot be injected is a reported failure of the run.
import type { ExpectationPlan, FaultPlan, ScenarioPlan } from './plan.ts';
import type { SimCluster } from '../cluster/cluster.ts';
import type { ScenarioFailure } from './outcomes.ts';
import { checkCondition } from './condition-checker.ts';
import { injectPlannedFault } from './perform-fault-step.ts';
import { faultRegistryOf, type FaultChange } from '../faults/active-faults.ts';
import { FaultError } from '../faults/fault-error.ts';
import { formatDurationMs } from './load-duration.ts';

interface Window {
  expectation: ExpectationPlan;
  state: 'waiting' | 'open' | 'met' | 'failed';
  closesAtMs: number;
}

export interface ScenarioFaults {
  /** Ends the run's fault watching; windows never opened become liveness failures. */
  finish(): void;
}

/** Call before the cluster powers on: injects the faults due at 0 and arms the rest. */
export function startScenarioFaults(plan: ScenarioPlan, cluster: SimCluster, failures: ScenarioFailure[]): ScenarioFaults {
  const kernel = cluster.world.kernel;
  const inject = (fault: FaultPlan) => {
    try {
      injectPlannedFault(cluster, fault);
    } catch (error) {
      if (!(error instanceof FaultError)) throw error;
      failures.push({ kind: 'step', failureClass: 'correctness', name: `fault ${fault.name}`, detail: error.message, atMs: kernel.now, source: fault.source });
    }
  };
  const pendingWhen = new Set((plan.faults ?? []).filter((fault) => fault.when !== undefined));
  for (const fault of plan.faults ?? []) {
    if (fault.atMs === 0) inject(fault);
    else if (fault.atMs !== undefined) kernel.scheduleAt(fault.atMs, `inject fault ${fault.name}`, () => inject(fault));
  }
  const windows = plan.expectations.filter((e) => e.when === 'within').map((expectation): Window => ({ expectation, state: 'waiting', closesAtMs: Infinity }));
  const holds = (e: ExpectationPlan) => checkCondition(cluster, e.condition).ok !== Boolean(e.not);
  const fail = (window: Window, detail: string) => {
    window.state = 'failed';
    const e = window.expectation;
    failures.push({ kind: 'expectation', failureClass: 'liveness', name: e.name, detail, atMs: kernel.now, source: e.source });
  };
  const open = (window: Window) => {
    const e = window.expectation;
    window.state = holds(e) ? 'met' : 'open';
    window.closesAtMs = kernel.now + (e.withinMs ?? 0);
    kernel.scheduleAt(window.closesAtMs, `expect ${e.name}`, () => {
      if (window.state !== 'open') return;
      if (holds(e)) window.state = 'met';
      else fail(window, `did not hold within ${formatDurationMs(e.withinMs ?? 0)} after ${e.after!.fault} was ${e.after!.event}: ${checkCondition(cluster, e.condition).detail}`);
    });
  };
  const stopListening = faultRegistryOf(cluster).onChange((change: FaultChange) => {
    for (const window of windows) if (window.state === 'waiting' && opens(window.expectation, change)) open(window);
  });
  const stopHook = kernel.onAfterEvent(() => {
    for (const fault of pendingWhen) {
      if (!checkCondition(cluster, fault.when!).ok) continue;
      pendingWhen.delete(fault);
      inject(fault);
    }
    for (const window of windows) if (window.state === 'open' && kernel.now <= window.closesAtMs && holds(window.expectation)) window.state = 'met';
  });
  return {
    finish() {
      stopHook();
      stopListening();
      for (const window of windows) {
        if (window.state === 'waiting') fail(window, `${window.expectation.after!.fault} was never ${window.expectation.after!.event}`);
        if (window.state === 'open') fail(window, `run ended before the window closed: ${checkCondition(cluster, window.expectation.condition).detail}`);
      }
    },
  };
}

function opens(e: ExpectationPlan, change: FaultChange): boolean {
  const action = e.after?.event === 'healed' ? 'heal' : 'inject';
  return change.fault.name === e.after?.fault && change.action === action;
}
