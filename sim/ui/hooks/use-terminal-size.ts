// The terminal's size, following resizes; a fixed size when given (tests, captures). The UI draws
// one row less than the terminal has: ink redraws a frame as tall as the terminal by clearing the
// whole screen, which flickers.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Below this the layout is not designed to work (80x24 is the smallest it is designed for). */
const FLOOR: TerminalSize = { columns: 40, rows: 12 };

export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: Math.max(FLOOR.columns, stdout.columns || 80), rows: Math.max(FLOOR.rows, stdout.rows || 24) });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** The rows the UI draws in a terminal of this size. */
export function drawableRows(size: TerminalSize): number {
  return size.rows - 1;
}
