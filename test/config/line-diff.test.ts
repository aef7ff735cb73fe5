// The unified diff Talos prints for config changes: headers, hunk ranges, context and grouping.
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_LINES, unifiedDiff } from '../../nodes/config/line-diff.ts';

const lines = (count: number, label = 'line'): string[] => Array.from({ length: count }, (_, index) => `${label} ${index}`);

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('prints Talos textdiff output for replaced and inserted lines', () => {
    expect(unifiedDiff('line 1\nline 2\nline 3\n', 'line A\nline B\nline C\n')).toBe(
      '--- a\n+++ b\n@@ -1,3 +1,3 @@\n-line 1\n-line 2\n-line 3\n+line A\n+line B\n+line C\n',
    );
    expect(unifiedDiff('line 1\nline 3\n', 'line 1\nline 2\nline 3\n')).toBe('--- a\n+++ b\n@@ -1,2 +1,3 @@\n line 1\n+line 2\n line 3\n');
  });

  it('splits distant changes into hunks with three lines of context', () => {
    const before = lines(30);
    const after = [...before];
    after[2] = 'changed 2';
    after[20] = 'changed 20';
    expect(unifiedDiff(`${before.join('\n')}\n`, `${after.join('\n')}\n`)).toBe(
      '--- a\n+++ b\n@@ -1,6 +1,6 @@\n line 0\n line 1\n-line 2\n+changed 2\n line 3\n line 4\n line 5\n' +
        '@@ -18,7 +18,7 @@\n line 17\n line 18\n line 19\n-line 20\n+changed 20\n line 21\n line 22\n line 23\n',
    );
  });

  it('keeps changes up to six lines apart in one hunk', () => {
    const before = lines(20);
    const after = [...before];
    after[5] = 'x';
    after[11] = 'y';
    expect(unifiedDiff(`${before.join('\n')}\n`, `${after.join('\n')}\n`).match(/^@@/gm)).toHaveLength(1);
  });

  it('shows empty sides as start-1 with length 0', () => {
    expect(unifiedDiff('', 'a\n')).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n');
    expect(unifiedDiff('a\n', '')).toBe('--- a\n+++ b\n@@ -1,1 +0,0 @@\n-a\n');
  });

  it('gives up on huge inputs the way Talos does', () => {
    const huge = `${lines(MAX_DIFF_LINES).join('\n')}\n`;
    expect(unifiedDiff(huge, `${huge}x\n`)).toBe(`@@ -1,${MAX_DIFF_LINES} +1,${MAX_DIFF_LINES + 1} @@ diff too large to display\n`);
  });
});
