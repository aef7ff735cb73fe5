// A window onto a long list of text lines (logs, dmesg, config, the timeline, help): the lines
// that fit, the selected one marked (`>` and inverse video) unless the list follows its newest line.
import React from 'react';
import { Text } from 'ink';
import { cell } from '../model/format.ts';
import { listWindow } from '../model/list-window.ts';

export interface ColoredLine {
  text: string;
  color?: string;
  bold?: boolean;
}

export interface ScrollLinesProps {
  lines: readonly ColoredLine[];
  cursor: number;
  following: boolean;
  rows: number;
  width: number;
  /** Mark the selected line (lists you act on); plain reading views leave it unmarked. */
  markSelected?: boolean;
}

export function ScrollLines({ lines, cursor, following, rows, width, markSelected = true }: ScrollLinesProps): React.JSX.Element {
  const window = listWindow(lines.length, cursor, following, rows);
  return (
    <>
      {lines.slice(window.start, window.end).map((line, offset) => {
        const index = window.start + offset;
        const selected = markSelected && !following && index === window.selected;
        return (
          <Text key={index} color={line.color} bold={line.bold} inverse={selected}>
            {cell(selected ? markSelection(line.text) : line.text, width)}
          </Text>
        );
      })}
    </>
  );
}

/** The selected line starts with `>` (visible without colour or inverse video too). */
export function markSelection(text: string): string {
  return text.startsWith(' ') ? `>${text.slice(1)}` : `>${text}`;
}

/** Plain lines with no colour. */
export function plainLines(texts: readonly string[]): ColoredLine[] {
  return texts.map((text) => ({ text }));
}
