// Drives the real UI in ink-testing-library: a session over a real cluster (a bundled lesson's,
// or a scenario's) stopped at a fixed virtual time, rendered at a fixed terminal size without
// colour, keys typed one at a time. Frames depend on virtual time only, so they compare exactly.
import { render } from 'ink-testing-library';
import { App } from '../../sim/ui/components/app.tsx';
import { PLAIN_THEME, type Theme } from '../../sim/ui/theme.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import type { UiSession } from '../../sim/ui/ui-session.ts';
import type { TerminalSize } from '../../sim/ui/hooks/use-terminal-size.ts';
import { startLesson, type PlayedLesson } from './lesson-harness.ts';

export const TERMINAL_80X24: TerminalSize = { columns: 80, rows: 24 };
// ink-testing-library's stdout reports 100 columns and ink lays text out within them: frames wider
// than 100 columns are not what a terminal of that width shows, so tests stay at 100 or fewer.

/** A session on a bundled lesson's cluster, time not running (the pacer is never started). */
export function lessonSession(name: string): { session: UiSession; lesson: PlayedLesson } {
  const lesson = startLesson(name);
  const session: UiSession = {
    cluster: lesson.cluster,
    pacer: new RealTimePacer(lesson.cluster.world.kernel, 1),
    nodeApis: [
      { node: 'cp-1', address: '127.0.0.2', apiEndpoint: '127.0.0.2:50000' },
      { node: 'worker-1', address: '127.0.0.3', apiEndpoint: '127.0.0.3:50000' },
    ],
    talosconfigPath: '/state/talosconfig',
    stateDir: '/state',
    lesson: lesson.tracker,
    title: 'lesson 02',
  };
  return { session, lesson };
}

const KEYS: Record<string, string> = {
  '<enter>': '\r',
  '<esc>': '\u001B',
  '<tab>': '\t',
  '<up>': '\u001B[A',
  '<down>': '\u001B[B',
  '<right>': '\u001B[C',
  '<left>': '\u001B[D',
  '<space>': ' ',
  '<bs>': '\u007F',
  '<ctrl-c>': '\u0003',
  '<ctrl-u>': '\u0015',
};

const settle = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until ink reads its stdin (its listener is attached in an effect after the first render): a key written earlier is lost. */
async function listening(stdin: { listenerCount(event: string): number }): Promise<void> {
  for (let waited = 0; stdin.listenerCount('readable') === 0 && waited < 5_000; waited += 5) await settle(5);
  await settle();
}

/**
 * Waits for the render a key causes, then until ink stops writing frames: the next key must meet
 * the state this one made (on a loaded machine a fixed pause let a key reach a stale handler).
 * A key that changes nothing renders nothing, so the wait for the first frame is capped.
 */
async function rendered(frames: readonly string[], before: number): Promise<void> {
  for (let waited = 0; frames.length === before && waited < 250; waited += 5) await settle(5);
  let count: number;
  do {
    count = frames.length;
    await settle();
  } while (frames.length !== count);
}

export interface RenderedUi {
  frame(): string;
  lines(): string[];
  /** Presses keys in order: `j`, `<enter>`, `<esc>`...; a longer plain string arrives at once, as a paste into a text field does. */
  press(...keys: string[]): Promise<string>;
  /** Lets the UI pick up changes made to the world outside a key press (kernel advanced by the test). */
  refresh(): Promise<string>;
  quitCalls: () => number;
  /** Frames ink has written so far (one per render). */
  frameCount(): number;
  unmount(): void;
}

export async function renderUi(session: UiSession, terminal: TerminalSize = TERMINAL_80X24, theme: Theme = PLAIN_THEME): Promise<RenderedUi> {
  let quits = 0;
  const instance = render(<App session={session} terminal={terminal} theme={theme} onQuit={() => quits++} />);
  await listening(instance.stdin);
  const frame = () => instance.lastFrame() ?? '';
  return {
    frame,
    lines: () => frame().split('\n'),
    async press(...keys) {
      for (const key of keys) {
        const before = instance.frames.length;
        instance.stdin.write(KEYS[key] ?? key);
        await rendered(instance.frames, before);
      }
      return frame();
    },
    async refresh() {
      await settle(150);
      return frame();
    },
    quitCalls: () => quits,
    frameCount: () => instance.frames.length,
    unmount: () => instance.unmount(),
  };
}
