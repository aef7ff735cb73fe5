// What `talsim up` refuses before it binds anything (each refusal names the option, what was
// expected and what was found), the plan it generates, and `talsim gen config` as a user runs it:
// the four files from a seed, talosctl's endpoint check and its refusal to overwrite.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWarpPoint } from '../../sim/live/warp-point.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { startLiveSession } from '../../sim/live/live-session.ts';
import { LiveOptionError } from '../../sim/live/live-errors.ts';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { systemWallClock } from '../../sim/kernel/pacer.ts';
import { readTalosconfig, secretsBundleFromYaml } from '../../nodes/pki/index.ts';
import { genConfigCommand } from '../../sim/cli/gen-config-command.ts';

function talsim(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/talsim.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const io = { calendarNowMs: () => 0, wall: systemWallClock, print: () => {}, warn: () => {} };
const options = { seed: '1', controlPlanes: 1, workers: 2, unconfigured: false, speed: 1, stateDir: '/nonexistent', baseAddress: '127.0.26.2' };

describe('talsim up options', () => {
  it('reads --warp as ready, none or a duration, and refuses anything else', () => {
    expect(parseWarpPoint('ready')).toEqual({ kind: 'ready' });
    expect(parseWarpPoint('none')).toEqual({ kind: 'none' });
    expect(parseWarpPoint('1h30m')).toEqual({ kind: 'duration', virtualMs: 5_400_000 });
    expect(() => parseWarpPoint('soon')).toThrow('--warp: expected ready, none or a duration up to 168h (90s, 10m, 1h30m), found "soon"');
  });

  it('generates cp-1.. and worker-1.. on the default hardware, configured unless asked otherwise', () => {
    const plan = generatedClusterPlan({ controlPlanes: 2, workers: 1, configured: false });
    expect(plan.nodes.map((node) => [node.name, node.role, node.configured])).toEqual([
      ['cp-1', 'controlplane', false],
      ['cp-2', 'controlplane', false],
      ['worker-1', 'worker', false],
    ]);
    expect(() => generatedClusterPlan({ controlPlanes: 0, workers: 2, configured: true })).toThrow('--control-planes: expected a whole number >= 1, found 0');
  });

  it('refuses a bad speed, --until without --scenario and --warp with --scenario before binding anything', async () => {
    await expect(startLiveSession({ ...options, speed: 0 }, io)).rejects.toThrow('--speed: expected a positive number (1 = wall-clock pace), found 0');
    await expect(startLiveSession({ ...options, untilStep: 'bootstrap' }, io)).rejects.toThrow(LiveOptionError);
    const scenario = loadScenarioFile('scenarios/boot-healthy.yaml');
    await expect(startLiveSession({ ...options, scenario, warp: { kind: 'none' } }, io)).rejects.toThrow(
      "--warp: expected no --warp with --scenario (the warp point is the --until step, or the end of the scenario's steps), found --warp none",
    );
  });
});

function genConfig(cluster: string, endpoint: string, options: { outputDir: string; seed?: string; force?: boolean; talosVersion?: string }) {
  const output = { out: '', err: '' };
  const code = genConfigCommand(cluster, endpoint, { talosVersion: 'v1.13.0', ...options }, { out: (text) => (output.out += text), err: (text) => (output.err += text) });
  return { code, ...output };
}

describe('talsim gen config', () => {
  it('is a command of the CLI that writes the four files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-gen-'));
    const run = talsim('gen', 'config', 'demo', 'https://10.9.0.1:6443', '--output-dir', dir, '--seed', 'g1');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('seed=g1\ngenerating PKI and tokens\n');
    for (const name of ['secrets.yaml', 'controlplane.yaml', 'worker.yaml', 'talosconfig']) expect(run.stderr).toContain(`Created ${join(dir, name)}\n`);
  });

  it('writes secrets.yaml, controlplane.yaml, worker.yaml and talosconfig from a seed, and will not overwrite them unasked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-gen-'));
    expect(genConfig('demo', 'https://10.9.0.1:6443', { outputDir: dir, seed: 'g1' }).code).toBe(0);
    const file = (name: string) => readFileSync(join(dir, name), 'utf8');
    const secrets = secretsBundleFromYaml(file('secrets.yaml'));
    const talosconfig = readTalosconfig(file('talosconfig'));
    expect(talosconfig.context).toBe('demo');
    expect(talosconfig.caPem).toBe(secrets.certs.os.crt);
    expect(file('controlplane.yaml')).toContain('endpoint: https://10.9.0.1:6443');
    expect(file('worker.yaml')).toContain('clusterName: demo');
    // controlplane.yaml holds the CAs' keys and the secretbox secret, worker.yaml the tokens: owner-only too
    for (const secret of ['secrets.yaml', 'controlplane.yaml', 'worker.yaml', 'talosconfig']) expect(statSync(join(dir, secret)).mode & 0o777).toBe(0o600);

    const again = genConfig('demo', 'https://10.9.0.1:6443', { outputDir: dir, seed: 'g1' });
    expect(again.code).toBe(1);
    expect(again.err).toBe(`error: file "${join(dir, 'secrets.yaml')}" already exists, use --force to overwrite\n`);
    expect(genConfig('demo', 'https://10.9.0.1:6443', { outputDir: dir, seed: 'g1', force: true }).code).toBe(0);
    expect(secretsBundleFromYaml(file('secrets.yaml')).cluster).toEqual(secrets.cluster);
    expect(genConfig('demo', 'https://10.9.0.1:6443', { outputDir: dir, seed: 'g2', force: true }).code).toBe(0);
    expect(secretsBundleFromYaml(file('secrets.yaml')).cluster).not.toEqual(secrets.cluster);
  });

  it('checks the endpoint as talosctl does and suggests the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-gen-'));
    const bare = genConfig('demo', '10.9.0.1', { outputDir: dir });
    expect(bare.code).toBe(1);
    expect(bare.err).toBe('error: no scheme and port specified for the cluster endpoint URL\ntry: "https://10.9.0.1:6443"\n');
    expect(genConfig('demo', '10.9.0.1:6443', { outputDir: dir }).err).toBe('error: no scheme specified for the cluster endpoint URL\ntry: "https://10.9.0.1:6443"\n');
    expect(genConfig('demo', 'http://10.9.0.1:6443', { outputDir: dir }).err).toBe('error: the control plane endpoint URL should have scheme https://\ntry: "https://10.9.0.1:6443"\n');
    expect(genConfig('demo', 'https://10.9.0.1:6443', { outputDir: dir, talosVersion: 'v0.9' }).err).toContain('error: invalid talos-version: ');
  });
});
