// A pool of worker threads for a sweep: jobs queue in the order given and go to the first idle
// worker; each answer comes back with the wall time the job took (read from the clock the CLI
// passes in: nothing under sim/ reads the wall clock itself). From the compiled CLI (dist/) a
// worker runs dist/swarm/sweep-worker.js; from the TypeScript sources (tests, tsx) it registers
// tsx inside the thread first. A worker that dies answers its job as a
// crash and is replaced, up to a limit.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../../proto/package-root.ts';
import type { NumberedJob, NumberedJobResult, SweepJob, SweepJobResult, WorkerSetup } from './sweep-messages.ts';

/** Reads a wall clock in milliseconds; only the CLI provides one. */
export type WallClock = () => number;

/** Workers that may die (and be replaced) in one sweep before the sweep gives up. */
export const MAX_WORKER_RESTARTS = 8;

export class SweepWorkerFailure extends Error {
  constructor(detail: string) {
    super(`sweep workers keep dying (${MAX_WORKER_RESTARTS} restarts): ${detail}`);
    this.name = 'SweepWorkerFailure';
  }
}

export interface JobAnswer {
  result: SweepJobResult;
  wallMs: number;
}

interface Pending {
  job: NumberedJob;
  resolve: (answer: JobAnswer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current?: Pending & { startedMs: number };
}

/** True when this module runs from the TypeScript sources rather than the compiled bundle. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_FILE = FROM_SOURCE ? new URL('./sweep-worker.ts', import.meta.url) : pathToFileURL(packagePath('dist', 'swarm', 'sweep-worker.js'));

export class SweepWorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextJobId = 0;
  private restarts = 0;
  private closed = false;

  constructor(
    private readonly setup: WorkerSetup,
    threadCount: number,
    private readonly clock: WallClock,
  ) {
    for (let index = 0; index < threadCount; index++) this.startWorker();
  }

  run(job: SweepJob): Promise<JobAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, jobId: this.nextJobId++ }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
    this.slots.clear();
  }

  private startWorker(): void {
    const slot: Slot = { worker: this.newWorker() };
    let lastError = 'exited';
    slot.worker.on('message', (answer: NumberedJobResult) => this.answered(slot, answer));
    slot.worker.on('error', (error) => (lastError = error.message));
    slot.worker.on('exit', () => this.died(slot, lastError));
    this.slots.add(slot);
  }

  private newWorker(): Worker {
    if (!FROM_SOURCE) return new Worker(WORKER_FILE, { workerData: this.setup });
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
    return new Worker(bootstrap, { eval: true, workerData: this.setup });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      slot.current = { ...pending, startedMs: this.clock() };
      slot.worker.postMessage(pending.job);
    }
  }

  private answered(slot: Slot, answer: NumberedJobResult): void {
    const current = slot.current!;
    slot.current = undefined;
    const { jobId: _jobId, ...result } = answer;
    current.resolve({ result: result as SweepJobResult, wallMs: this.clock() - current.startedMs });
    this.dispatch();
  }

  private died(slot: Slot, detail: string): void {
    if (this.closed) return;
    this.slots.delete(slot);
    if (slot.current) slot.current.resolve({ result: crashAnswer(slot.current.job, detail), wallMs: this.clock() - slot.current.startedMs });
    if (++this.restarts > MAX_WORKER_RESTARTS) {
      for (const pending of this.queue.splice(0)) pending.reject(new SweepWorkerFailure(detail));
      return;
    }
    this.startWorker();
    this.dispatch();
  }
}

function crashAnswer(job: NumberedJob, detail: string): SweepJobResult {
  if (job.kind === 'shrink') return { kind: 'shrink', error: `worker died: ${detail}` };
  const failure = { kind: 'crash' as const, failureClass: 'crash' as const, name: 'worker died', detail, atMs: 0 };
  return { kind: 'run', outcome: { passed: false, failures: [failure], traceDigest: '', virtualMs: 0, eventsFired: 0 } };
}
