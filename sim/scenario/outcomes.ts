// What running a scenario reports, as plain data shared by the runner, its steps, its faults and
// the invariant checker: a step's outcome (summary, or error and gRPC code) and a failure of the
// run (which check, its class for the swarm's shrinker, when, and where in the file).
import type { ApplyReply } from '../../nodes/node-commands.ts';

export type FailureClass = 'correctness' | 'liveness' | 'crash';

export interface ScenarioFailure {
  kind: 'expectation' | 'step' | 'invariant' | 'crash';
  failureClass: FailureClass;
  name: string;
  detail: string;
  atMs: number;
  source?: { file: string; line: number; column: number };
}

export interface StepOutcome {
  summary: string;
  error?: string;
  errorCode?: string;
  timedOut?: boolean;
  apply?: ApplyReply;
}
