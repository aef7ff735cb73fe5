// The layout of a scenario written by `talsim up --record`: a first comment line that marks the
// file as a recording, then YAML appended one whole entry at a time, each entry closed by a
// comment line of its own. A writer killed between entries leaves a scenario that loads; one
// killed inside an entry (or a file cut short) leaves lines after the last closing comment, and
// loading names the file and the first incomplete line instead of a puzzling schema error.
// Leaves out: repairing the file (the message says which lines to delete).
import { ScenarioError } from '../errors.ts';

/** First line of every recording. */
export const RECORD_MARK = '# talsim up --record';

/** The comment that closes entry `index` (1-based). */
export function entryEnd(index: number): string {
  return `# -- end of entry ${index}`;
}

/** The comment that closes the header (name, seed, cluster), written whole before anything else. */
export const HEADER_END = '# -- end of header';

/** The comment that closes the whole recording when `talsim up` stopped cleanly. */
export const RECORD_END = '# -- end of recording';

const ENTRY_END_PATTERN = /^# -- end of (header|entry \d+|recording)$/;

/**
 * Throws a ScenarioError at the first line after the last closed entry, when a recording ends
 * with lines no closing comment vouches for. Any other text passes unchanged.
 */
export function checkRecordingComplete(text: string, file: string): void {
  if (!text.startsWith(RECORD_MARK)) return;
  const lines = text.split('\n');
  let lastClosed = 0;
  let entries = 0;
  lines.forEach((line, index) => {
    if (ENTRY_END_PATTERN.test(line)) {
      lastClosed = index + 1;
      if (line.startsWith('# -- end of entry')) entries += 1;
    }
  });
  const rest = lines.slice(lastClosed).join('\n');
  if (rest.trim() === '') return;
  const firstLine = lastClosed + 1 + lines.slice(lastClosed).findIndex((line) => line.trim() !== '');
  throw new ScenarioError(
    { file, line: firstLine, column: 1 },
    '(recording)',
    `whole entries, each closed by a "# -- end of entry N" line (the last closed entry is ${entries === 0 ? 'the header' : `entry ${entries}`})`,
    `lines ${firstLine}-${lines.length - (lines.at(-1) === '' ? 1 : 0)} that no closing line follows: the process that recorded this file stopped while writing them (killed, or the disk filled). Delete them to replay what was recorded before`,
  );
}
