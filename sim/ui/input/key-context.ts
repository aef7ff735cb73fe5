// What the key handlers need to know about the world to decide (how long the current list is,
// which nodes are visible, whether time is paused...), gathered by the App at the moment of the
// key press. Handlers stay pure: (state, key, context) -> (state, commands).
import type { FaultKindInfo } from '../ui-session.ts';

export interface KeyContext {
  /** Every node name, in plan order. */
  nodes: string[];
  /** Node names in overview order, after the overview filter. */
  visibleNodes: string[];
  /** Rows of the list the current view scrolls. */
  listLength: number;
  /** Rows of that list that fit on the screen. */
  pageRows: number;
  paused: boolean;
  speed: number;
  /** Log sources of a node (machined first). */
  logSources: (node: string) => string[];
  /** The fault catalogue; undefined when the session has none. */
  faultKinds: FaultKindInfo[] | undefined;
  /** Ids of active faults, in the fault panel's order. */
  activeFaultIds: string[];
  hasLesson: boolean;
}

/** The speeds `+` and `-` step through. */
export const SPEED_STEPS = [1, 10, 100] as const;

export function nextSpeed(speed: number, direction: 1 | -1): number {
  if (direction > 0) return SPEED_STEPS.find((step) => step > speed) ?? SPEED_STEPS[SPEED_STEPS.length - 1];
  return [...SPEED_STEPS].reverse().find((step) => step < speed) ?? SPEED_STEPS[0];
}
