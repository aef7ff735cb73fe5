// A lesson in progress: checks its goals and success condition against the live cluster (the
// scenario condition checker, plus the lesson-only checks), counts hints revealed, keeps virtual
// time against the limit and scores the attempt. Passing is latched at the virtual time it was
// first seen, so a later change does not take a pass away.
import type { SimCluster } from '../cluster/cluster.ts';
import type { LessonCondition, LessonPlan } from '../scenario/plan.ts';
import { checkCondition, selectNodes, type CheckResult } from '../scenario/condition-checker.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { talosconfigAccepted } from '../scenario/client-call.ts';

export const FULL_SCORE = 100;
/** Score each revealed hint costs. */
export const HINT_COST = 15;
/** Score lost when the lesson is passed after its time limit (or not passed within it). */
export const OVERTIME_COST = 30;

export interface GoalStatus {
  name: string;
  met: boolean;
  /** What was seen, when not met. */
  detail: string;
}

export interface LessonStatus {
  title: string;
  goals: GoalStatus[];
  goalsMet: number;
  passed: boolean;
  passedAtMs: number | undefined;
  hintsShown: string[];
  hintsTotal: number;
  elapsedMs: number;
  timeLimitMs: number | undefined;
  overTime: boolean;
  score: number;
}

/** A lesson condition against the cluster: the scenario checks, then the lesson-only ones. */
export function checkLessonCondition(cluster: SimCluster, condition: LessonCondition): CheckResult {
  const base = checkCondition(cluster, condition);
  if (!base.ok) return base;
  for (const node of selectNodes(cluster, condition.nodes)) {
    const failure = lessonOnlyFailure(cluster, node, condition);
    if (failure) return { ok: false, detail: `${node.name}: ${failure}` };
  }
  return { ok: true, detail: 'holds' };
}

function lessonOnlyFailure(cluster: SimCluster, node: VirtualNode, condition: LessonCondition): string | null {
  if (condition.kubernetesNodeLabel) {
    const { key, value } = condition.kubernetesNodeLabel;
    const kubeNode = node.world.kubernetes.nodes.get(node.hostname());
    if (!kubeNode) return `Kubernetes node "${node.hostname()}" is not registered`;
    const found = kubeNode.labels[key];
    if (found === undefined) return `no label ${key}`;
    if (value !== undefined && found !== value) return `label ${key}=${found}, not ${value}`;
  }
  if (condition.talosconfigAccepted !== undefined) {
    const accepted = talosconfigAccepted(cluster, node);
    if (accepted !== condition.talosconfigAccepted) return accepted ? "the cluster's talosconfig is accepted" : 'x509: certificate signed by unknown authority';
  }
  return null;
}

export { talosconfigAccepted };

export class LessonTracker {
  private hintsRevealed = 0;
  private passedAt: number | undefined;
  private scoreAtPass: number | undefined;

  constructor(
    private readonly cluster: SimCluster,
    readonly lesson: LessonPlan,
    readonly startedAtMs: number,
  ) {}

  /** Reveals the next hint; undefined when every hint is out. */
  revealHint(): string | undefined {
    if (this.hintsRevealed >= this.lesson.hints.length) return undefined;
    return this.lesson.hints[this.hintsRevealed++];
  }

  /** Whether the success condition holds now (every goal, when the lesson names none). */
  successHolds(): boolean {
    if (this.lesson.success) return checkLessonCondition(this.cluster, this.lesson.success).ok;
    return this.lesson.goals.every((goal) => checkLessonCondition(this.cluster, goal.condition).ok);
  }

  /**
   * Checks success after every kernel event until it holds, so the pass is latched at the virtual
   * time it happened (not when someone looked). Returns the function that stops watching.
   */
  watch(): () => void {
    const stop = this.cluster.world.kernel.onAfterEvent(() => {
      if (this.latchPass()) stop();
    });
    return stop;
  }

  /** Latches the pass if success holds now; true once passed. */
  private latchPass(): boolean {
    if (this.passedAt === undefined && this.successHolds()) {
      this.passedAt = this.cluster.world.kernel.now;
      this.scoreAtPass = this.scoreAt(this.passedAt);
    }
    return this.passedAt !== undefined;
  }

  /** Checks everything now; latches the pass the first time success holds. */
  status(): LessonStatus {
    const now = this.cluster.world.kernel.now;
    const goals = this.lesson.goals.map((goal) => {
      const result = checkLessonCondition(this.cluster, goal.condition);
      return { name: goal.name, met: result.ok, detail: result.ok ? '' : result.detail };
    });
    this.latchPass();
    const elapsedMs = (this.passedAt ?? now) - this.startedAtMs;
    return {
      title: this.lesson.title,
      goals,
      goalsMet: goals.filter((goal) => goal.met).length,
      passed: this.passedAt !== undefined,
      passedAtMs: this.passedAt,
      hintsShown: this.lesson.hints.slice(0, this.hintsRevealed),
      hintsTotal: this.lesson.hints.length,
      elapsedMs,
      timeLimitMs: this.lesson.timeLimitMs,
      overTime: this.isOverTime(this.passedAt ?? now),
      score: this.scoreAtPass ?? this.scoreAt(now),
    };
  }

  private isOverTime(atMs: number): boolean {
    const limit = this.lesson.timeLimitMs;
    return limit !== undefined && atMs - this.startedAtMs > limit;
  }

  private scoreAt(atMs: number): number {
    return Math.max(0, FULL_SCORE - this.hintsRevealed * HINT_COST - (this.isOverTime(atMs) ? OVERTIME_COST : 0));
  }
}
