// How the UI writes times, sizes and table cells: virtual time only (never the wall clock), fixed
// widths cut with an ellipsis so rows line up at any terminal width.
import { humanizeBytes } from '../../../nodes/go-format/humanize.ts';

/** Virtual time since the start of the run: `00:03:12`, `26:00:05` past a day. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
}

/** A span as talosctl prints uptimes, coarse: `45s`, `3m12s`, `2h05m`, `3d04h`. */
export function formatSpan(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m${pad2(totalSeconds % 60)}s`;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours}h${pad2(totalMinutes % 60)}m`;
  return `${Math.floor(totalHours / 24)}d${pad2(totalHours % 24)}h`;
}

/** A timeline stamp, as `talsim run` prints them: `3m12.500s`. */
export function formatStamp(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return `${minutes}m${seconds}s`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Exactly `width` characters: cut with `…` when longer, padded with spaces when shorter. */
export function cell(text: string, width: number): string {
  if (width <= 0) return '';
  const flat = text.replace(/\s*\n\s*/g, ' ');
  if (flat.length > width) return width === 1 ? '…' : `${flat.slice(0, width - 1)}…`;
  return flat.padEnd(width);
}

/** Like `cell`, right-aligned. */
export function cellRight(text: string, width: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length >= width ? cell(flat, width) : flat.padStart(width);
}

/** Cuts without padding (for the last column of a row). */
export function clip(text: string, width: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > width ? cell(flat, width) : flat;
}

/**
 * Word-wraps text to `width` columns. Paragraphs (separated by a blank line) are kept; single
 * line breaks are spaces, as in Markdown. A word longer than a line is cut.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const piece = word.length > width ? word.slice(0, width) : word;
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Bytes as Talos prints sizes (go-humanize's Bytes): `21 GB`. */
export function formatBytes(bytes: number): string {
  return humanizeBytes(bytes);
}
