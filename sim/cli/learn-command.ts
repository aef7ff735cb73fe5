// `talsim learn [LESSON]`: without a lesson, lists the bundled lessons; with one, builds its
// cluster as `talsim up --scenario` does (nodes serving the real Talos API, the state directory
// with talosconfig, the setup steps fast-forwarded), then opens the terminal UI on the lesson.
// `--no-api` runs the cluster in-process only (no listeners); `--no-ui` prints the lesson and
// reports goals as they are met. Prints the verdict and score at the end.
import { preferInteractiveRendering } from './interactive-terminal.ts';
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { writeSecretFile } from '../files/atomic-file.ts';
import { systemWallClock, RealTimePacer } from '../kernel/pacer.ts';
import { startLiveSession } from '../live/live-session.ts';
import { LiveOptionError } from '../live/live-errors.ts';
import { bundledLessons, findLesson, type LessonEntry } from '../ui/lesson-catalogue.ts';
import { setUpLesson } from '../ui/lesson-setup.ts';
import { LessonTracker, type LessonStatus } from '../ui/lesson-tracker.ts';
import type { UiSession } from '../ui/ui-session.ts';
import { formatSpan } from '../ui/model/format.ts';
import { stateFiles } from '../live/state-dir.ts';
import { liveUiSession } from '../ui/live-ui-session.ts';

export interface LearnOptions {
  seed?: string;
  speed: string;
  stateDir: string;
  baseAddress: string;
  api: boolean;
  ui: boolean;
}

export function registerLearnCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('learn')
    .description('list the bundled lessons, or start one: its cluster, its story and goals, in the terminal UI')
    .argument('[lesson]', 'lesson number (2), file name, name, or path to a lesson file')
    .option('--seed <seed>', "override the lesson's seed")
    .option('--speed <factor>', 'virtual seconds per wall-clock second', '1')
    .option('--state-dir <dir>', 'where talosconfig, controlplane.yaml and worker.yaml go', './.talsim')
    .option('--base-address <ip>', "loopback address of the first node's Talos API", '127.0.0.2')
    .option('--no-api', 'run the cluster in-process only (no Talos API listeners)')
    .option('--no-ui', 'print the lesson and report goals as they are met, instead of the terminal UI')
    .action(async (lesson: string | undefined, options: LearnOptions) => {
      setExitCode(lesson === undefined ? listLessons() : await learn(lesson, options));
    });
}

function listLessons(): number {
  process.stdout.write('Lessons (talsim learn <number>):\n');
  for (const entry of bundledLessons()) {
    const limit = entry.file.lesson.timeLimitMs === undefined ? '' : ` (${formatSpan(entry.file.lesson.timeLimitMs)})`;
    process.stdout.write(`  ${entry.number.padStart(2)}  ${entry.file.lesson.title}${limit}\n`);
  }
  return 0;
}

async function learn(spec: string, options: LearnOptions): Promise<number> {
  const entry = findLesson(spec);
  if (!entry) {
    process.stderr.write(`talsim learn: no lesson "${spec}" (talsim learn lists them)\n`);
    return 2;
  }
  const speed = Number(options.speed);
  if (!Number.isFinite(speed) || speed <= 0) {
    process.stderr.write(`talsim learn: --speed: expected a positive number, found ${options.speed}\n`);
    return 2;
  }
  const seed = options.seed ?? entry.file.scenario.seed;
  process.stdout.write(`seed=${seed} lesson=${entry.file.scenario.name}\n`);
  let started: StartedLesson;
  try {
    started = options.api ? await startWithApi(entry, seed, speed, options) : startInProcess(entry, seed, speed, options);
  } catch (error) {
    if (error instanceof LiveOptionError) {
      process.stderr.write(`talsim learn: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const tracker = started.session.lesson!;
  const stopWatching = tracker.watch();
  try {
    if (options.ui && process.stdout.isTTY) await openUi(started.session);
    else await followPlainly(entry, tracker);
  } finally {
    stopWatching();
    await started.close();
  }
  return printVerdict(tracker.status());
}

/** The UI's modules (ink, react) are loaded only when it opens, so other commands start faster. */
async function openUi(session: UiSession): Promise<void> {
  preferInteractiveRendering();
  await (await import('../ui/load-ink.ts')).loadInk();
  const { runUi } = await import('../ui/run-ui.tsx');
  await runUi(session);
}

interface StartedLesson {
  session: UiSession;
  close(): Promise<void>;
}

async function startWithApi(entry: LessonEntry, seed: string, speed: number, options: LearnOptions): Promise<StartedLesson> {
  const quiet = options.ui && process.stdout.isTTY;
  const live = await startLiveSession(
    // A lesson always starts its own cluster: one kept in the state directory by talsim up is replaced.
    { seed, controlPlanes: 1, workers: 0, unconfigured: false, scenario: entry.file.scenario, speed, stateDir: options.stateDir, baseAddress: options.baseAddress, fresh: true },
    {
      calendarNowMs: () => Date.now(),
      wall: systemWallClock,
      print: (text) => (quiet ? undefined : void process.stdout.write(text)),
      warn: (text) => void process.stderr.write(text),
    },
  );
  const lesson = new LessonTracker(live.cluster, entry.file.lesson, live.cluster.world.kernel.now);
  return { session: liveUiSession(live, { title: lessonLabel(entry), lesson }), close: () => live.close() };
}

/**
 * The lesson's cluster without API listeners: the setup in virtual time, then paced by the wall
 * clock. The state directory gets the generated controlplane.yaml and worker.yaml (no talosconfig:
 * nothing listens).
 */
function startInProcess(entry: LessonEntry, seed: string, speed: number, options: LearnOptions): StartedLesson {
  const world = setUpLesson(entry.file, { seed });
  for (const problem of world.setupProblems) process.stderr.write(`talsim learn: setup step ${problem}\n`);
  const files = stateFiles(options.stateDir);
  mkdirSync(files.dir, { recursive: true });
  writeSecretFile(files.controlplane, world.cluster.generated.controlplane);
  writeSecretFile(files.worker, world.cluster.generated.worker);
  const pacer = new RealTimePacer(world.cluster.world.kernel, speed, systemWallClock);
  pacer.start();
  const session: UiSession = {
    cluster: world.cluster,
    pacer,
    stateDir: files.dir,
    nodeApis: [],
    lesson: new LessonTracker(world.cluster, entry.file.lesson, world.startedAtMs),
    title: lessonLabel(entry),
  };
  return { session, close: async () => pacer.stop() };
}

/** Without the UI: the story and goals, then a line per goal as it is met, until passed or Ctrl-C. */
async function followPlainly(entry: LessonEntry, tracker: LessonTracker): Promise<void> {
  const lesson = entry.file.lesson;
  process.stdout.write(`\n${lesson.title}\n\n${lesson.story}\n\nGoals:\n${lesson.goals.map((goal) => `  - ${goal.name}`).join('\n')}\n\n`);
  const met = new Set<string>();
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    const timer = setInterval(() => {
      const status = tracker.status();
      for (const goal of status.goals.filter((candidate) => candidate.met && !met.has(candidate.name))) {
        met.add(goal.name);
        process.stdout.write(`goal met: ${goal.name}\n`);
      }
      if (status.passed) stop();
    }, 1_000);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function lessonLabel(entry: LessonEntry): string {
  return entry.number ? `lesson ${entry.number}` : entry.file.scenario.name;
}

function printVerdict(status: LessonStatus): number {
  const verdict = status.passed ? 'PASSED' : 'not passed';
  process.stdout.write(`lesson ${status.title}: ${verdict} · goals ${status.goalsMet}/${status.goals.length} · hints ${status.hintsShown.length} · score ${status.passed ? status.score : 0}\n`);
  return 0;
}
