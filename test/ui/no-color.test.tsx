// NO_COLOR (https://no-color.org): with it set the UI draws no colour at all (the selection stays
// visible as `>` and inverse video); without it, stages, readiness and faults are coloured. The
// terminal is forced to claim colour support so the difference shows in the frames.
import { describe, expect, it } from 'vitest';

process.env['FORCE_COLOR'] = '1';
const { themeFor, COLOR_THEME, PLAIN_THEME } = await import('../../sim/ui/theme.ts');
const { lessonSession, renderUi, TERMINAL_80X24 } = await import('./ui-harness.tsx');

/** SGR codes that set a colour (foreground or background, 16/256/true colour). */
const COLOR_CODE = /\u001B\[(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m/;

describe('NO_COLOR', () => {
  it('is honoured when present and not empty', () => {
    expect(themeFor({ NO_COLOR: '1' })).toBe(PLAIN_THEME);
    expect(themeFor({ NO_COLOR: '' })).toBe(COLOR_THEME);
    expect(themeFor({})).toBe(COLOR_THEME);
  });

  it('the plain theme draws no colour code; the coloured one does; the text is the same', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const plain = await renderUi({ ...session }, TERMINAL_80X24, PLAIN_THEME);
    const colored = await renderUi({ ...session }, TERMINAL_80X24, COLOR_THEME);
    expect(plain.frame()).not.toMatch(COLOR_CODE);
    expect(colored.frame()).toMatch(COLOR_CODE);
    expect(plain.frame()).toContain('\u001B[7m');
    const strip = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');
    expect(strip(colored.frame())).toBe(strip(plain.frame()));
    expect(strip(plain.frame()).split('\n')[5]).toBe('│>cp-1     cp     10.5.0.2 Reconciling false services,static… 3m27s            │');
    plain.unmount();
    colored.unmount();
  });
});
