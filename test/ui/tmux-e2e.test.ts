// End to end in a real terminal: `talsim learn 2` (the real CLI: nodes serving the Talos API on
// loopback, the lesson's setup warped through, then the UI paced by the wall clock) runs in a
// detached tmux session of 100x30; keys are sent with `tmux send-keys` and the screen is read
// back with `tmux capture-pane`. Opens a node, injects a fault from the fault panel, pauses
// time, quits and reads the verdict. Skipped, saying so, only when tmux is not installed.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TMUX_MISSING = spawnSync('tmux', ['-V']).error !== undefined;
if (TMUX_MISSING) console.warn('tmux-e2e: tmux is not installed; skipping the real-terminal test (apt-get install tmux)');

const REPOSITORY = resolve(import.meta.dirname, '../..');
const SESSION = `talsim-ui-e2e-${process.pid}`;
const STATE_DIR = mkdtempSync(join(tmpdir(), 'talsim-e2e-'));

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', SESSION);
const keys = (...names: string[]) => tmux('send-keys', '-t', SESSION, ...names);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits (wall clock: this is a real terminal) until the screen shows `text`; returns the screen. */
async function waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`the screen never showed ${String(text)}; last screen:\n${last}`);
}

afterAll(() => {
  if (!TMUX_MISSING) spawnSync('tmux', ['kill-session', '-t', SESSION]);
});

describe.skipIf(TMUX_MISSING)('the real CLI in tmux', () => {
  it('talsim learn 2: open a node, inject a fault, pause time, quit', async () => {
    const command = `cd ${REPOSITORY} && node bin/talsim.js learn 2 --base-address 127.66.0.2 --state-dir ${STATE_DIR}; echo "exit=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', command);

    let shown = await waitFor('Nodes(all)[2]');
    expect(shown).toMatch(/^talsim lesson 02 │ ▶ 1x │ 00:03:3\d │ ready 0\/2 · Reconciling 1 · faults 0/m);
    expect(shown).toContain(`talosconfig ${join(STATE_DIR, 'talosconfig')}`);
    expect(shown).toMatch(/│>cp-1 +controlplane +10\.5\.0\.2 +Reconciling +false/);

    keys('Enter');
    shown = await waitFor('cp-1 · controlplane · Reconciling');
    expect(shown).toContain('127.66.0.2:50000 (talosctl -n 127.66.0.2)');
    keys('2');
    shown = await waitFor(/│ etcd +Preparing/);

    keys('Escape');
    await waitFor('Nodes(all)[2]');
    keys('F');
    await waitFor('Faults[0 active]');
    for (let index = 0; index < 8; index++) keys('j');
    keys('Enter');
    shown = await waitFor('Inject link-down');
    expect(shown).toMatch(/targets +cp-1/);
    keys('Enter');
    shown = await waitFor('injected link-down on cp-1 (f1)');
    expect(shown).toContain('Faults[1 active]');
    keys('Escape');
    shown = await waitFor(/│>cp-1 .*link-down/);
    expect(shown).toMatch(/faults 1$/m);

    keys('Space');
    shown = await waitFor('‖ paused');
    const clock = /‖ paused │ (\d\d:\d\d:\d\d)/.exec(shown)![1];
    await sleep(1_500);
    expect(/‖ paused │ (\d\d:\d\d:\d\d)/.exec(screen())![1]).toBe(clock);

    keys('q');
    shown = await waitFor('exit=0');
    expect(shown).toContain('lesson Fix the node stuck in Reconciling: not passed · goals 0/3 · hints 0 · score 0');
  }, 90_000);

  it('talsim up: the dashboard opens after the warp; open a node, inject a fault, pause, quit', async () => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
    const stateDir = mkdtempSync(join(tmpdir(), 'talsim-e2e-up-'));
    const command = `cd ${REPOSITORY} && node bin/talsim.js up --seed 3 --base-address 127.67.0.2 --state-dir ${stateDir}; echo "exit=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', command);

    let shown = await waitFor('Nodes(all)[3]', 40_000);
    expect(shown).toMatch(/ready 3\/3/);
    expect(shown).toContain(`talosconfig ${join(stateDir, 'talosconfig')}`);

    keys('j', 'Enter');
    shown = await waitFor('worker-1 · worker');
    keys('Escape');
    await waitFor('Nodes(all)[3]');
    keys('F');
    await waitFor('Faults[0 active]');
    for (let index = 0; index < 8; index++) keys('j');
    keys('Enter');
    shown = await waitFor('Inject link-down');
    keys('Enter');
    shown = await waitFor(/injected link-down on \S+ \(f1\)/);
    keys('Escape');
    shown = await waitFor(/link-down/);

    keys('Space');
    shown = await waitFor('‖ paused');
    const clock = /‖ paused │ (\d\d:\d\d:\d\d)/.exec(shown)![1];
    await sleep(1_500);
    expect(/‖ paused │ (\d\d:\d\d:\d\d)/.exec(screen())![1]).toBe(clock);

    keys('q');
    shown = await waitFor('exit=0', 20_000);
    expect(shown).toContain('talsim: quit: stopping the cluster');
  }, 90_000);
});
