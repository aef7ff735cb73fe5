// Runs one Talos sequence on the kernel: phases in order, the tasks of a phase concurrently,
// printing the sequencer's own lines (`boot sequence: 8 phase(s)`, `task x (1/2): starting`,
// `... done, 1.2s`) and emitting Sequence/Phase/Task events with the actor id of whoever asked.
// A task either finishes after its duration, fails, or waits for a condition the node rechecks
// on every change (with a progress line every 15 s and a timeout).
import type { Kernel, TimerHandle } from '../../sim/kernel/kernel.ts';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import type { SequenceSpec, PhaseSpec, TaskSpec } from './sequence-catalog.ts';
import { goDuration } from '../go-format/duration.ts';

export type TaskOutcome =
  | { kind: 'done'; afterMs: number }
  | { kind: 'fail'; afterMs: number; error: string }
  | {
      kind: 'wait';
      /** The task's own work before it starts waiting. */
      minMs: number;
      /** true: done; string: failed with that error; false: keep waiting. */
      until: () => true | string | false;
      progress?: () => string;
      progressEveryMs?: number;
      /** `until` reads only the services' states and health: a recheck with none changed skips it (before its deadline). */
      readsOnlyServices?: boolean;
      timeoutMs?: number;
    };

export interface TaskContext {
  /** Log a line as this task (`task <name> (i/n): <msg>`). */
  log(message: string): void;
}

export interface SequencerHost {
  readonly kernel: Kernel;
  readonly random: RandomStream;
  log(message: string): void;
  runTask(task: TaskSpec, context: TaskContext): TaskOutcome;
  emitEvent(kind: 'sequence' | 'phase' | 'task', name: string, action: 'START' | 'STOP', error?: string): void;
}

interface RunningTask {
  spec: TaskSpec;
  label: string;
  startedMs: number;
  timer?: TimerHandle;
  progressTimer?: TimerHandle;
  waiting?: Extract<TaskOutcome, { kind: 'wait' }>;
  deadlineMs?: number;
  finished: boolean;
}

export class Sequencer {
  private phaseIndex = -1;
  private phaseStartedMs = 0;
  private readonly startedMs: number;
  private tasks: RunningTask[] = [];
  private ended = false;

  constructor(
    private readonly spec: SequenceSpec,
    private readonly host: SequencerHost,
    private readonly onDone: () => void,
    private readonly onFail: (error: string) => void,
  ) {
    this.startedMs = host.kernel.now;
  }

  get name(): string {
    return this.spec.name;
  }

  get currentPhase(): string | undefined {
    return this.spec.phases[this.phaseIndex]?.name;
  }

  start(): void {
    this.host.log(`${this.spec.name} sequence: ${this.spec.phases.length} phase(s)`);
    this.host.emitEvent('sequence', this.spec.name, 'START');
    this.nextPhase();
  }

  /** Stop without finishing (power loss, a newer sequence took over). */
  cancel(): void {
    this.ended = true;
    for (const task of this.tasks) this.clearTimers(task);
  }

  /**
   * Re-evaluate waiting tasks: the node calls this after every reconcile pass, saying whether a
   * service's state or health changed since the last one. A wait that reads only the services is
   * skipped when none did, unless its deadline has come; `checkSkip` (the wakeup check) is told
   * of any skipped wait whose answer had moved, which is then acted on as if rechecked.
   */
  recheck(servicesChanged = true, checkSkip?: (label: string) => void): void {
    if (this.ended) return;
    for (const task of this.tasks) {
      if (task.finished || !task.waiting || task.timer !== undefined) continue;
      if (servicesChanged || !task.waiting.readsOnlyServices || (task.deadlineMs !== undefined && this.host.kernel.now >= task.deadlineMs)) this.evaluateWait(task);
      else if (checkSkip && task.waiting.until() !== false) {
        checkSkip(task.label);
        this.evaluateWait(task);
      }
    }
  }

  private nextPhase(): void {
    if (this.ended) return;
    if (this.phaseIndex >= 0) {
      const phase = this.spec.phases[this.phaseIndex]!;
      this.host.log(`phase ${phase.name} (${this.phaseIndex + 1}/${this.spec.phases.length}): done, ${goDuration(this.host.kernel.now - this.phaseStartedMs)}`);
      this.host.emitEvent('phase', phase.name, 'STOP');
    }
    this.phaseIndex++;
    if (this.phaseIndex >= this.spec.phases.length) {
      this.ended = true;
      this.host.log(`${this.spec.name} sequence: done: ${goDuration(this.host.kernel.now - this.startedMs)}`);
      this.host.emitEvent('sequence', this.spec.name, 'STOP');
      this.onDone();
      return;
    }
    const phase = this.spec.phases[this.phaseIndex]!;
    this.phaseStartedMs = this.host.kernel.now;
    this.host.log(`phase ${phase.name} (${this.phaseIndex + 1}/${this.spec.phases.length}): ${phase.tasks.length} tasks(s)`);
    this.host.emitEvent('phase', phase.name, 'START');
    this.tasks = phase.tasks.map((spec, index) => this.startTask(phase, spec, index));
  }

  private startTask(phase: PhaseSpec, spec: TaskSpec, index: number): RunningTask {
    const task: RunningTask = {
      spec,
      label: `task ${spec.name} (${index + 1}/${phase.tasks.length})`,
      startedMs: this.host.kernel.now,
      finished: false,
    };
    this.host.log(`${task.label}: starting`);
    this.host.emitEvent('task', spec.name, 'START');
    const outcome = this.host.runTask(spec, { log: (message) => this.host.log(`${task.label}: ${message}`) });
    if (outcome.kind === 'done') {
      task.timer = this.host.kernel.schedule(outcome.afterMs, `task ${spec.name}`, () => this.finishTask(task));
    } else if (outcome.kind === 'fail') {
      task.timer = this.host.kernel.schedule(outcome.afterMs, `task ${spec.name}`, () => this.failTask(task, outcome.error));
    } else {
      task.waiting = outcome;
      if (outcome.timeoutMs !== undefined) task.deadlineMs = this.host.kernel.now + outcome.timeoutMs;
      task.timer = this.host.kernel.schedule(outcome.minMs, `task ${spec.name}`, () => {
        task.timer = undefined;
        this.evaluateWait(task);
        if (!task.finished) this.scheduleProgress(task);
      });
    }
    return task;
  }

  private evaluateWait(task: RunningTask): void {
    const result = task.waiting!.until();
    if (result === true) return this.finishTask(task);
    if (typeof result === 'string') return this.failTask(task, result);
    if (task.deadlineMs !== undefined && this.host.kernel.now >= task.deadlineMs) {
      this.failTask(task, '1 error occurred:\n\t* context deadline exceeded\n\n');
    }
  }

  private scheduleProgress(task: RunningTask): void {
    const waiting = task.waiting!;
    const everyMs = waiting.progressEveryMs ?? 15_000;
    const deadline = task.deadlineMs;
    const nextMs = deadline !== undefined ? Math.min(everyMs, Math.max(0, deadline - this.host.kernel.now)) : everyMs;
    task.progressTimer = this.host.kernel.schedule(nextMs, `task ${task.spec.name} progress`, () => {
      if (task.finished || this.ended) return;
      this.evaluateWait(task);
      if (task.finished) return;
      const progress = waiting.progress?.();
      if (progress) this.host.log(`${task.label}: ${progress}`);
      this.scheduleProgress(task);
    });
  }

  private finishTask(task: RunningTask): void {
    if (task.finished || this.ended) return;
    task.finished = true;
    this.clearTimers(task);
    this.host.log(`${task.label}: done, ${goDuration(this.host.kernel.now - task.startedMs)}`);
    this.host.emitEvent('task', task.spec.name, 'STOP');
    if (this.tasks.every((t) => t.finished)) this.nextPhase();
  }

  private failTask(task: RunningTask, error: string): void {
    if (task.finished || this.ended) return;
    task.finished = true;
    this.ended = true;
    for (const t of this.tasks) this.clearTimers(t);
    const phase = this.spec.phases[this.phaseIndex]!;
    this.host.log(`${task.label}: failed: ${error}`);
    this.host.emitEvent('task', task.spec.name, 'STOP', error);
    this.host.log(`phase ${phase.name} (${this.phaseIndex + 1}/${this.spec.phases.length}): failed`);
    this.host.emitEvent('phase', phase.name, 'STOP', error);
    this.host.log(`${this.spec.name} sequence: failed`);
    this.host.emitEvent('sequence', this.spec.name, 'STOP', error);
    this.onFail(`error running phase ${this.phaseIndex + 1} in ${this.spec.name} sequence: task ${task.spec.name}: failed, ${error}`);
  }

  private clearTimers(task: RunningTask): void {
    this.host.kernel.cancel(task.timer);
    this.host.kernel.cancel(task.progressTimer);
    task.timer = undefined;
    task.progressTimer = undefined;
  }
}
