// `talsim --help` lists the commands from a table (so it loads no command module); this checks
// that table against the commands' own registrations: both helps must print the same text.
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../sim/cli/main.ts';

async function captured(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await run(), out };
  } finally {
    spy.mockRestore();
  }
}

describe('talsim --help', () => {
  it('lists every command exactly as their own registrations do', async () => {
    const light = await captured(() => main(['--help']));
    const full = await captured(() => main(['--help'], { allCommands: true }));
    expect(light.code).toBe(0);
    expect(light.out).toContain('run [options] <paths...>');
    expect(light.out).toBe(full.out);
  });

  it('`help <command>` shows that command\'s own options', async () => {
    const help = await captured(() => main(['help', 'run']));
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: talsim run [options] <paths...>');
    expect(help.out).toContain('--seeds');
  });
});
