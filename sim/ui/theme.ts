// The UI's colours, and their absence: with NO_COLOR set (https://no-color.org) every colour is
// dropped and only inverse video marks the selection, so the UI reads the same on a monochrome
// terminal. Components take colours from here, never literal colour names.
import { createContext, useContext } from 'react';

export interface Theme {
  colored: boolean;
  /** Colour names ink understands, or undefined for the terminal's default. */
  accent?: string;
  good?: string;
  warn?: string;
  bad?: string;
  muted?: string;
  title?: string;
}

export const COLOR_THEME: Theme = { colored: true, accent: 'cyan', good: 'green', warn: 'yellow', bad: 'red', muted: 'gray', title: 'magenta' };
export const PLAIN_THEME: Theme = { colored: false };

/** NO_COLOR present and not empty turns colour off. */
export function themeFor(environment: Record<string, string | undefined>): Theme {
  const noColor = environment['NO_COLOR'];
  return noColor !== undefined && noColor !== '' ? PLAIN_THEME : COLOR_THEME;
}

export const ThemeContext = createContext<Theme>(PLAIN_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** The colour of a machine stage/phase word. */
export function stageColor(theme: Theme, stage: string): string | undefined {
  if (stage === 'running') return theme.good;
  if (stage === 'Reconciling' || stage === 'maintenance' || stage === 'off') return theme.warn;
  if (stage === 'rebooting' || stage === 'shutting down' || stage === 'resetting') return theme.bad;
  return theme.accent;
}

/** The colour of a service state. */
export function serviceStateColor(theme: Theme, state: string): string | undefined {
  if (state === 'Running') return theme.good;
  if (state === 'Failed') return theme.bad;
  if (state === 'Finished' || state === 'Skipped') return theme.muted;
  return theme.warn;
}
