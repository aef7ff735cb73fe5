// The UI's root: subscribes to the simulated world (throttled), keeps the UI state, turns key
// presses into state changes and commands, performs the commands on the session, and lays out
// header, the open screen (or dialog) and footer in exactly the terminal's size.
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, useApp, useInput } from 'ink';
import type { UiSession } from '../ui-session.ts';
import { ThemeContext, themeFor, type Theme } from '../theme.ts';
import { initialUiState, type UiState, type UiCommand, type StatusMessage } from '../input/ui-state.ts';
import { keyPressesFromInk } from '../input/key-press.ts';
import { handleKey } from '../input/handle-key.ts';
import { useSimulationRevision } from '../hooks/use-simulation-revision.ts';
import { useTerminalSize, drawableRows, type TerminalSize } from '../hooks/use-terminal-size.ts';
import { useUiModels, keyContext } from '../hooks/use-ui-models.ts';
import { TimelineBuffer } from '../model/timeline-buffer.ts';
import { performCommand } from '../ui-commands.ts';
import { faultControlFor } from '../fault-control.ts';
import { faultRegistryOf } from '../../faults/active-faults.ts';
import { HeaderBar, headerRows } from './header-bar.tsx';
import { FooterBar } from './footer-bar.tsx';
import { ScreenBody } from './screen-body.tsx';
import { footerHints, lessonHeaderLine } from './screen-hints.ts';
import { formatClock } from '../model/format.ts';

export interface AppProps {
  session: UiSession;
  /** Fixed terminal size (tests, captures); default: the real terminal's, following resizes. */
  terminal?: TerminalSize;
  /** Default: from the environment (NO_COLOR). */
  theme?: Theme;
  onQuit?: () => void;
}

export function App({ session, terminal, theme: givenTheme, onQuit }: AppProps): React.JSX.Element {
  const theme = useMemo(() => givenTheme ?? themeFor(process.env), [givenTheme]);
  const size = useTerminalSize(terminal);
  const app = useApp();
  const [revision, refresh] = useSimulationRevision(session.cluster);
  const [state, setState] = useState<UiState>(initialUiState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const tracker = session.lesson;
  const timeline = useMemo(() => new TimelineBuffer(session.cluster.world.trace), [session]);
  const faultControl = useMemo(() => {
    const registry = session.faults ?? faultRegistryOf(session.cluster);
    const sceneFaults = tracker ? new Set(registry.list().map((fault) => fault.id)) : undefined;
    return faultControlFor(registry, { hiddenIds: sceneFaults });
  }, [session, tracker]);
  useEffect(() => {
    timeline.start();
    return () => timeline.stop();
  }, [timeline]);
  useEffect(() => tracker?.watch(), [tracker]);

  const width = size.columns;
  const models = useUiModels({ session, faultControl, timeline, tracker, theme }, state, revision, width);
  const header = { talosconfig: session.talosconfigPath, lesson: models.lesson ? lessonHeaderLine(models.lesson) : undefined };
  const bodyHeight = drawableRows(size) - headerRows(header.talosconfig, header.lesson) - 1;
  const pageRows = Math.max(1, bodyHeight - 4);

  const run = useCallback(
    (commands: UiCommand[]) => {
      for (const command of commands) {
        performCommand(session, command, commandEffects(setState, () => (onQuit ? onQuit() : app.exit())), { faults: faultControl, lesson: tracker });
      }
      if (commands.length > 0) refresh();
    },
    [session, faultControl, tracker, refresh, app, onQuit],
  );

  useInput((input, key) => {
    for (const press of keyPressesFromInk(input, key)) {
      const outcome = handleKey(stateRef.current, press, keyContext(session, faultControl, models, pageRows));
      stateRef.current = outcome.state;
      setState(outcome.state);
      run(outcome.commands);
    }
  });

  const question = state.dialog?.kind === 'confirm' ? state.dialog.question : undefined;
  const kernel = session.cluster.world.kernel;
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={width} height={drawableRows(size)}>
        <HeaderBar
          width={width}
          title={headerTitle(session)}
          paused={session.pacer.isPaused}
          speed={session.pacer.speed}
          clock={formatClock(kernel.now)}
          nodes={models.summary.nodes}
          ready={models.summary.ready}
          maintenance={models.summary.maintenance}
          reconciling={models.summary.reconciling}
          faults={models.faults.length}
          talosconfig={header.talosconfig}
          lessonLine={header.lesson}
        />
        <ScreenBody session={session} faultControl={faultControl} state={state} models={models} width={width} height={bodyHeight} />
        <FooterBar width={width} prompt={state.prompt} message={state.message} question={question} hints={state.dialog ? 'esc closes the dialog' : footerHints(models.view)} />
      </Box>
    </ThemeContext.Provider>
  );
}

/** `talsim`, then what runs: the session's title, else the cluster's name unless it is the default. */
function headerTitle(session: UiSession): string {
  const what = session.title ?? (session.cluster.plan.name === 'talsim' ? '' : session.cluster.plan.name);
  return what ? `talsim ${what}` : 'talsim';
}

function commandEffects(setState: React.Dispatch<React.SetStateAction<UiState>>, quit: () => void) {
  return {
    message: (message: StatusMessage) => setState((state) => ({ ...state, message })),
    applyResult: (node: string, lines: string[], tone: StatusMessage['tone']) =>
      setState((state) =>
        state.dialog?.kind === 'apply' && state.dialog.node === node
          ? { ...state, dialog: { ...state.dialog, result: lines, resultTone: tone } }
          : { ...state, message: { text: `apply on ${node}: ${lines[0] ?? ''}`, tone } },
      ),
    quit,
  };
}
