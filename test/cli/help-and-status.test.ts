// What a new user reads first: `talsim --version`, the help of run (exit codes), fault inject (the
// quoted from->to form), up (where nodes listen when 127.0.0.x:50000 is busy); the live control
// commands the banner suggests (npx talsim, which works in a checkout); and `talsim status` saying
// why an apply is stuck, in the table and in --json.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { controlCommands } from '../../sim/live/banner.ts';
import { statusText } from '../../sim/cli/time-command.ts';
import { summariseCluster } from '../../sim/live/control-status.ts';
import { runFor, startLesson } from '../ui/lesson-harness.ts';

function talsim(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/talsim.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('talsim --help and --version', () => {
  it('--version prints the package version', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(talsim('--version')).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('run --help lists the exit codes; fault inject --help shows the quoted from->to form; up --help the port fallback', () => {
    const run = talsim('run', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 +invalid input.*\n {2}3 +swarm workers kept dying/);
    const inject = talsim('fault', 'inject', '--help');
    expect(inject.stdout).toContain("npx talsim fault inject partition --target 'cp-1->worker-2' --set symmetric=false");
    expect(inject.stdout).toContain('Quote it');
    const up = talsim('up', '--help');
    expect(up.stdout).toContain('127.0.0.1 with a port of its own');
  });
});

describe('the banner\'s live control commands', () => {
  it('are spelt npx talsim (talsim is on PATH only after a global install)', () => {
    const nodes = [{ name: 'worker-1', role: 'worker' as const, address: '10.5.0.3', apiAddress: '127.0.0.3', apiPort: 50000 }];
    expect(controlCommands(nodes, './.talsim')).toEqual(['npx talsim status', 'npx talsim fault inject link-down --target worker-1', 'npx talsim time advance 1m']);
  });
});

describe('talsim status', () => {
  it('shows why an apply is stuck, in the table and in --json', () => {
    const lesson = startLesson('02-fix-stuck-reconciling.yaml');
    runFor(lesson, 2 * 60_000);
    const summary = summariseCluster(lesson.cluster, { virtualMs: lesson.cluster.world.kernel.now, speed: 1, paused: true });
    const stuck = summary.nodes.find((node) => node.applyState === 'stuck');
    expect(stuck, JSON.stringify(summary.nodes)).toBeDefined();
    expect(stuck!.applyReason).not.toBe('');
    expect(summary.nodes.filter((node) => node.applyState !== 'stuck').every((node) => node.applyReason === '')).toBe(true);
    const reply = {
      virtual_ms: String(summary.virtualMs),
      speed: 1,
      paused: true,
      nodes: summary.nodes.map((node) => ({ name: node.name, role: node.role, address: node.address, stage: node.stage, ready: node.ready, apply_state: node.applyState, apply_reason: node.applyReason, diagnostics: node.diagnostics })),
    };
    const table = statusText(reply as never, false);
    expect(table).toMatch(new RegExp(`^${stuck!.name} .* stuck: ${stuck!.applyReason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const json = JSON.parse(statusText(reply as never, true)) as { nodes: Array<{ name: string; applyState: string; applyReason?: string }> };
    expect(json.nodes.find((node) => node.name === stuck!.name)).toMatchObject({ applyState: 'stuck', applyReason: stuck!.applyReason });
  });
});
