// The live control verbs as a CI job uses them: the real `talsim up --no-ui` in a child process
// (1 control plane + 1 worker), then the real `talsim fault ...`, `talsim time ...` and
// `talsim status` processes against its state directory. A worker's link goes down and, a
// virtual minute later, the worker is not ready; healed, it is ready again. Paused, virtual time
// stands still across wall-clock time while an advance still moves it by exactly its span; at
// speed 50 it runs far ahead of the wall clock. A wrong token and a missing cluster are exit 2
// with a message; `fault kinds` needs no cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BANNER_END, startTalsimUp, type TalsimProcess } from './talsim-process.ts';
import { readNodesJson } from './live-client.ts';
import { talosctlNode } from '../../sim/live/state-dir.ts';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/talsim.js ...args`, to its end. */
function talsim(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/talsim.js', ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** The `key=value` clock line `talsim time` and `talsim status` print first. */
function clockOf(result: CliResult): { virtualMs: number; speed: number; paused: boolean } {
  const match = /^virtual=\S+ virtualMs=(\d+) speed=(\S+) paused=(true|false)$/m.exec(result.stdout);
  if (!match) throw new Error(`no clock line in: ${result.stdout}${result.stderr}`);
  return { virtualMs: Number(match[1]), speed: Number(match[2]), paused: match[3] === 'true' };
}

/** READY column of the node's row in `talsim status`. */
function readyOf(result: CliResult, node: string): string | undefined {
  return new RegExp(`^${node} +\\S+ +\\S+ +\\S+ +\\S+ +(true|false) `, 'm').exec(result.stdout)?.[1];
}

describe('talsim fault / time / status against a running talsim up', () => {
  let up: TalsimProcess;
  let at: string[];

  beforeAll(async () => {
    up = startTalsimUp(['--seed', '11', '--base-address', '127.0.31.2', '--workers', '1']);
    at = ['--state-dir', up.stateDir];
    await up.waitForLine(BANNER_END, 40_000);
  }, 45_000);

  afterAll(async () => {
    await up?.stop('SIGKILL');
  });

  it('lists the fault kinds and refuses with exit 2 where no cluster runs', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'talsim-none-'));
    const [kinds, status] = await Promise.all([talsim(['fault', 'kinds']), talsim(['status', '--state-dir', emptyDir])]);
    expect(kinds.code).toBe(0);
    expect(kinds.stdout).toContain('link-down\n  targets: node names, role:controlplane, role:worker or all\n');
    expect(kinds.stdout).toContain('  --set periodMs=<integer, default 10000>  One down-and-up cycle, ms. Default 10000.\n');
    expect(status.code).toBe(2);
    expect(status.stderr).toBe(`talsim status: no cluster is running in ${emptyDir}: ${join(emptyDir, 'control.json')} is missing (start one with \`npx talsim up --state-dir ${emptyDir}\`)\n`);
  });

  it('a second talsim up in the same state directory refuses (exit 2) and leaves the running cluster\'s files alone', async () => {
    const before = readFileSync(join(up.stateDir, 'talosconfig'), 'utf8');
    const second = await talsim(['up', '--no-ui', '--state-dir', up.stateDir, '--base-address', '127.0.33.2', '--workers', '0']);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`talsim up: a cluster is already running in ${up.stateDir} (pid ${up.child.pid}); stop it first, or start this one elsewhere with --state-dir DIR\n`);
    expect(readFileSync(join(up.stateDir, 'talosconfig'), 'utf8')).toBe(before);
    expect((await talsim(['status', ...at])).code).toBe(0);
  });

  it('status names each node by its LAN address and by the listener address talosctl takes with -n, as talosconfig does', async () => {
    const status = await talsim(['status', ...at]);
    expect(status.stdout).toMatch(/^NODE +ROLE +ADDRESS +TALOSCTL +STAGE +READY +APPLY$/m);
    const talosconfig = readFileSync(join(up.stateDir, 'talosconfig'), 'utf8');
    const defaultNode = /nodes:\n\s+- (\S+)/.exec(talosconfig)![1]!;
    // A node is named by its own listener address (127.0.31.x) when it got it, else by its LAN
    // address: another process on this machine (a second run of this file, from another checkout)
    // may hold 127.0.31.x:50000, and then the listeners move to 127.0.0.1 with a port each, as
    // up-ready.test.ts allows too. Asserting 127.0.31.x alone failed whenever two runs overlapped.
    const { nodes } = readNodesJson(up.stateDir);
    const talosctlName = (name: string): string => talosctlNode(nodes.find((entry) => entry.name === name)!, nodes);
    expect(defaultNode).toBe(talosctlName('cp-1'));
    // `talsim up` says on stderr when a listener moved; when none did, the names are the own addresses.
    if (!up.stderr().includes('its Talos API listens on')) expect([defaultNode, talosctlName('worker-1')]).toEqual(['127.0.31.2', '127.0.31.3']);
    expect(status.stdout).toMatch(new RegExp(`^cp-1 +controlplane +10\\.5\\.0\\.\\d+ +${defaultNode.replaceAll('.', '\\.')} +running `, 'm'));
    expect(status.stdout).toMatch(new RegExp(`^worker-1 +worker +10\\.5\\.0\\.\\d+ +${talosctlName('worker-1').replaceAll('.', '\\.')} +running `, 'm'));
    const json = JSON.parse((await talsim(['status', '--json', ...at])).stdout) as { nodes: Array<{ name: string; address: string; talosctlNode: string }> };
    expect(json.nodes.find((node) => node.name === 'cp-1')).toMatchObject({ address: expect.stringMatching(/^10\.5\.0\./), talosctlNode: defaultNode });
  });

  it('takes a worker link down until healed: listed, traced, the worker not ready, then ready again', async () => {
    const injected = await talsim(['fault', 'inject', 'link-down', '--target', 'worker-1', ...at]);
    expect([injected.code, injected.stderr]).toEqual([0, '']);
    const id = injected.stdout.trim();
    expect(id).toMatch(/^f\d+$/);
    const listed = await talsim(['fault', 'list', ...at]);
    expect(listed.stdout).toMatch(new RegExp(`^ID +KIND +TARGETS +INJECTED +HEALS +OPTIONS\\n${id} +link-down +worker-1 +\\d+m\\d+\\.\\d{3}s +- +\\{\\}\\n$`));
    await up.waitForLine(new RegExp(`worker-1 +fault +action=inject id=${id} faultKind=link-down`), 5_000);

    expect((await talsim(['time', 'advance', '1m', ...at])).code).toBe(0);
    expect(readyOf(await talsim(['status', ...at]), 'worker-1')).toBe('false');

    const healed = await talsim(['fault', 'heal', id, ...at]);
    expect([healed.code, healed.stdout]).toEqual([0, `${id}\n`]);
    expect((await talsim(['time', 'advance', '2m', ...at])).code).toBe(0);
    const status = await talsim(['status', ...at]);
    expect([readyOf(status, 'cp-1'), readyOf(status, 'worker-1')]).toEqual(['true', 'true']);
  }, 120_000);

  it('refuses a bad option (exit 2) and an unknown id (exit 1) with the reason', async () => {
    const badOption = await talsim(['fault', 'inject', 'link-down', '--target', 'worker-1', '--set', 'periodMs=5', ...at]);
    expect([badOption.code, badOption.stderr]).toEqual([2, 'talsim fault inject: fault link-down: options: Unrecognized key: "periodMs" (its options: link; `talsim fault kinds` describes them)\n']);
    const unknown = await talsim(['fault', 'heal', 'f999', ...at]);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'talsim fault heal: no active fault "f999" (active: none)\n']);
  });

  it('pauses virtual time, advances it while paused, and runs it at speed 50 once resumed', async () => {
    const paused = clockOf(await talsim(['time', 'pause', ...at]));
    expect(paused).toMatchObject({ paused: true, speed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stillPaused = clockOf(await talsim(['status', ...at]));
    expect(stillPaused).toEqual(paused);

    const advanced = clockOf(await talsim(['time', 'advance', '2m', ...at]));
    expect(advanced).toEqual({ ...paused, virtualMs: paused.virtualMs + 120_000 });

    expect(clockOf(await talsim(['time', 'speed', '50', ...at]))).toMatchObject({ speed: 50, paused: true });
    const wallStartMs = performance.now();
    const resumed = clockOf(await talsim(['time', 'resume', ...at]));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const running = clockOf(await talsim(['status', ...at]));
    const wallSpanMs = performance.now() - wallStartMs;
    expect(running.speed).toBe(50);
    // At 1x the ~2 s between the two answers would be ~2 virtual seconds.
    expect(running.virtualMs - resumed.virtualMs).toBeGreaterThan(30_000);
    expect(running.virtualMs - resumed.virtualMs).toBeLessThan(50 * wallSpanMs * 1.1);
    await up.waitForLine(/^\[.*\] - +control +action=pause$/, 5_000);
    await up.waitForLine(/^\[.*\] - +control +action=speed speed=50$/, 5_000);
  }, 40_000);

  it('refuses a wrong token with exit 2', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'talsim-token-'));
    copyFileSync(join(up.stateDir, 'control.json'), join(otherDir, 'control.json'));
    writeFileSync(join(otherDir, 'control-token'), `${'f'.repeat(64)}\n`);
    const refused = await talsim(['status', '--state-dir', otherDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `talsim status: invalid control token: the control service refused the token in ${join(otherDir, 'control-token')} (is this the state directory of the running cluster?)\n`,
    );
  });
});
