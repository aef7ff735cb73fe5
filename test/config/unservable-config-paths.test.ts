// Accepted size = servable size on every door into a node (issue 11 item 4), not only the gRPC
// ApplyConfiguration (test/api/served-config-size.test.ts): a scenario apply-config step, the
// UI's apply, a node built with the config (`talsim up --config`, `--config-dir`, a patch that
// grows it, a scenario's `config:` file). Each refuses a 20 MB config with the one message of
// nodes/served-config-size.ts (sizes only, never the input) and leaves the node as it was.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCluster, UnservableConfigError } from '../../sim/cluster/cluster.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { withYourFiles } from '../../sim/live/your-files.ts';
import { LiveOptionError } from '../../sim/live/live-errors.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { performStep } from '../../sim/scenario/perform-step.ts';
import { ScenarioError } from '../../sim/errors.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { faultControlFor } from '../../sim/ui/fault-control.ts';
import { performCommand } from '../../sim/ui/ui-commands.ts';
import { startTalsimUp } from '../live/talsim-process.ts';
import { spawnSync } from 'node:child_process';

const MINUTE_MS = 60_000;
const SIZE = 20 * 1024 * 1024;
const REFUSAL = /configuration of 20971520 bytes is too large to be read back: its MachineConfig resource would be \d+ bytes, over the 33554432-byte gRPC message limit \(the config is carried twice\)/;
const COMMENT = '# padding that makes the config bigger, all the way to the end of the twenty megabytes\n';

function padded(base: string, totalBytes = SIZE): string {
  // Room for the closing newline (a base whose length left no remainder would give totalBytes + 1).
  const text = base + COMMENT.repeat(Math.floor((totalBytes - base.length - 1) / COMMENT.length));
  return text + '#'.repeat(Math.max(0, totalBytes - text.length - 1)) + '\n';
}

function bootedCluster(): SimCluster {
  const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true }), { seed: 'unservable' });
  cluster.powerOnAll();
  const kernel = cluster.world.kernel;
  kernel.runUntilCondition(() => cluster.node('worker-1').stage() === 'running', { maxTimeMs: 10 * MINUTE_MS });
  return cluster;
}

const SCENARIO = `name: big-apply
cluster:
  nodes:
    - name: cp-1
      role: controlplane
    - name: worker-1
      role: worker
steps:
  - at: 5m
    apply-config:
      node: worker-1
      file: big.yaml
`;

describe('a config too large to be read back, by every door into a node', () => {
  it('a scenario apply-config step: ResourceExhausted with the bounded message; the node keeps its config', () => {
    const cluster = bootedCluster();
    const worker = cluster.node('worker-1');
    const before = worker.config!.text;
    const big = padded(before);
    const plan = loadScenarioText(SCENARIO, 'big-apply.yaml', (path) => (path === 'big.yaml' ? big : ''));
    const outcome = performStep(cluster, plan.steps[0]!);
    expect(outcome.errorCode).toBe('ResourceExhausted');
    expect(outcome.error).toMatch(REFUSAL);
    expect(outcome.error!.length).toBeLessThan(300);
    expect(worker.config!.text).toBe(before);
    expect(worker.status.stagedConfig).toBeUndefined();
  }, 120_000);

  it("the UI's apply: the same message on the apply's result line; the node keeps its config", () => {
    const cluster = bootedCluster();
    const worker = cluster.node('worker-1');
    const before = worker.config!.text;
    const file = join(mkdtempSync(join(tmpdir(), 'talsim-unservable-')), 'worker.yaml');
    writeFileSync(file, padded(before));
    const lines: string[] = [];
    const effects = { message: (m: { text: string }) => lines.push(m.text), applyResult: (_node: string, result: string[]) => lines.push(...result), quit: () => {} };
    const session = { cluster, pacer: new RealTimePacer(cluster.world.kernel), nodeApis: [] };
    performCommand(session, { type: 'apply', node: 'worker-1', path: file, asPatch: false, mode: 'auto' }, effects, { faults: faultControlFor(faultRegistryOf(cluster)), lesson: undefined });
    cluster.world.kernel.runUntil(cluster.world.kernel.now + MINUTE_MS);
    expect(lines.join('\n')).toMatch(REFUSAL);
    expect(lines.join('\n').length).toBeLessThan(2_000);
    expect(worker.config!.text).toBe(before);
  }, 120_000);

  it('talsim up --config NODE=FILE and --config-dir: refused before anything starts, naming the option and file', () => {
    const plan = generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true });
    const dir = mkdtempSync(join(tmpdir(), 'talsim-unservable-'));
    const base = new SimCluster(plan, { seed: 'unservable' }).configTextFor(plan.nodes[1]!);
    writeFileSync(join(dir, 'worker.yaml'), padded(base));
    for (const files of [{ configs: [`worker-1=${join(dir, 'worker.yaml')}`] }, { configDir: dir }]) {
      const error = (() => {
        try {
          withYourFiles(plan, files);
        } catch (caught) {
          return caught;
        }
      })() as LiveOptionError;
      expect(error).toBeInstanceOf(LiveOptionError);
      expect(error.option).toBe(files.configs ? '--config' : '--config-dir');
      expect(error.message).toMatch(REFUSAL);
      expect(error.message.length).toBeLessThan(500);
    }
  });

  it('a node built with a config a patch grew too large: no cluster is built', () => {
    const plan = generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true });
    const grown = structuredClone(plan);
    grown.nodes[1]!.config.patches.push({ machine: { files: [{ path: '/var/big', op: 'create', permissions: 0o644, content: 'x'.repeat(SIZE) }] } });
    const error = (() => {
      try {
        new SimCluster(grown, { seed: 'unservable' });
      } catch (caught) {
        return caught;
      }
    })() as UnservableConfigError;
    expect(error).toBeInstanceOf(UnservableConfigError);
    expect(error.node).toBe('worker-1');
    expect(error.refusal).toMatch(/^configuration of \d+ bytes is too large to be read back/);
  });

  it("a scenario's config file: a load error at its line, as every invalid input", () => {
    const cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true }), { seed: 'unservable' });
    const big = padded(cluster.configTextFor(cluster.planOf('worker-1')!));
    const text = 'name: big-file\ncluster:\n  nodes:\n    - name: cp-1\n      role: controlplane\n    - name: worker-1\n      role: worker\n      config: big.yaml\n';
    const error = (() => {
      try {
        loadScenarioText(text, 'big-file.yaml', (path) => (path === 'big.yaml' ? big : ''));
      } catch (caught) {
        return caught;
      }
    })() as ScenarioError;
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error.message).toMatch(/^big-file\.yaml:8:15: /);
    expect(error.message).toMatch(REFUSAL);
  });

  it('the talsim up process: exit 2 with the message, no cluster started', async () => {
    const plan = generatedClusterPlan({ controlPlanes: 1, workers: 1, configured: true });
    const dir = mkdtempSync(join(tmpdir(), 'talsim-unservable-'));
    writeFileSync(join(dir, 'big.yaml'), padded(new SimCluster(plan, { seed: 'unservable' }).configTextFor(plan.nodes[1]!)));
    const up = startTalsimUp(['--seed', '1', '--base-address', '127.0.61.2', '--workers', '1', '--config', `worker-1=${join(dir, 'big.yaml')}`]);
    expect(await up.exited()).toBe(2);
    expect(up.stderr()).toMatch(REFUSAL);
    expect(up.stderr().length).toBeLessThan(600);
  }, 60_000);

  it('talsim run on a scenario whose inline patch grows a node past it: exit 2 at the patches field, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-unservable-'));
    const file = join(dir, 'big-patch.yaml');
    // Scenario files stop at 512 KiB; an inline patch grows past that by YAML aliases: one 400 KB
    // string, put into 60 files the node writes (24 MB of config).
    const content = 'x'.repeat(400_000);
    const files = Array.from({ length: 60 }, (_, at) => `              - path: /var/big-${at}\n                op: create\n                permissions: 0o644\n                content: ${at === 0 ? `&big ${content}` : '*big'}\n`).join('');
    writeFileSync(file, `name: big-patch\ncluster:\n  nodes:\n    - name: cp-1\n      role: controlplane\n    - name: worker-1\n      role: worker\n      patches:\n        - machine:\n            files:\n${files}`);
    const run = spawnSync(process.execPath, ['bin/talsim.js', 'run', file], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^talsim: invalid scenario: .*big-patch\.yaml:9:9: cluster\.nodes\[1\]\.patches: expected patches that leave a machine config small enough to be read back from the node, found node "worker-1": configuration of \d+ bytes is too large to be read back/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.length).toBeLessThan(600);
  }, 120_000);

  it('a scenario with small patches is not built at load time (the check costs nothing there)', () => {
    const text = 'name: small\ncluster:\n  nodes:\n    - name: cp-1\n      role: controlplane\n      patches:\n        - machine:\n            nodeLabels:\n              a: b\n';
    expect(loadScenarioText(text, 'small.yaml', () => '').cluster.nodes[0]!.config.patches).toHaveLength(1);
  });
});
