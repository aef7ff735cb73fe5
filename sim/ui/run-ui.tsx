// `runUi(session)`: opens the terminal UI on stdout (alternate screen, at most ten redraws a
// second, each frame written in one synchronized write) and resolves when the user quits. The
// caller owns the session: it stops the pacer and closes the API afterwards. ink's incremental
// mode is not used: in ink 6.8 it rewrites changed lines one row too low once a frame ends with a
// newline (seen in tmux); React still re-renders only the components whose props changed.
import { render } from 'ink';
import type { UiSession } from './ui-session.ts';
import { App } from './components/app.tsx';
import { MAX_UPDATES_PER_SECOND } from './hooks/use-simulation-revision.ts';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

export async function runUi(session: UiSession): Promise<void> {
  const stdout = process.stdout;
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(<App session={session} />, {
    stdout,
    stdin: process.stdin,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: MAX_UPDATES_PER_SECOND,
    incrementalRendering: false,
  });
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}
