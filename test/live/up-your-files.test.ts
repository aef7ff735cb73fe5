// `talsim up` from your own files, as a developer reproduces their cluster: configs and secrets
// from `talsim gen config` (with a worker patch), started with --config-dir, a control-plane patch
// and --talosconfig-out merging into an existing talosconfig. The talosconfig `gen config` wrote
// earlier authenticates unchanged (mutual TLS with the node's CA), each node runs the config it
// was given plus the patches, and the merged talosconfig keeps the old context, adds the cluster's
// renamed on a clash. Bad input (a secrets file of another format) exits 2 naming the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { genConfigCommand } from '../../sim/cli/gen-config-command.ts';
import { BANNER_END, startTalsimUp, type TalsimProcess } from './talsim-process.ts';
import { liveClient, readNodesJson } from './live-client.ts';

const MACHINE_CONFIG = { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1' };

describe('talsim up --config-dir with your secrets, patches and --talosconfig-out', () => {
  let up: TalsimProcess;
  const dir = mkdtempSync(join(tmpdir(), 'talsim-byo-'));
  const merged = join(dir, 'merged-talosconfig');

  beforeAll(async () => {
    const quiet = { out: () => {}, err: () => {} };
    expect(genConfigCommand('talsim', 'https://10.5.0.2:6443', {
      outputDir: dir, talosVersion: 'v1.13.0', seed: 'byo', configPatchWorker: ['machine:\n  nodeLabels:\n    pool: blue\n'],
    }, quiet)).toBe(0);
    writeFileSync(merged, 'context: home\ncontexts:\n    home:\n        endpoints:\n            - 192.168.1.10\n        ca: Y2E=\n        crt: Y3J0\n        key: a2V5\n    talsim:\n        endpoints:\n            - 10.0.0.1\n');
    up = startTalsimUp([
      '--seed', '5', '--base-address', '127.0.22.2', '--workers', '1', '--config-dir', dir,
      '--config-patch-control-plane', 'machine:\n  nodeLabels:\n    tier: control\n', '--talosconfig-out', merged,
    ]);
    await up.waitForLine(BANNER_END, 40_000);
  }, 60_000);

  afterAll(async () => {
    await up?.stop('SIGKILL');
  });

  it('the talosconfig gen config wrote earlier works, and each node runs its file plus the patches', async () => {
    const nodes = readNodesJson(up.stateDir).nodes;
    const labels: Record<string, unknown> = {};
    for (const node of nodes) {
      const client = liveClient(dir, node, 'cosi.resource.State'); // dir/talosconfig: from gen config, not from talsim up
      const reply = await client.unary<{ resource: { spec: { yaml_spec: string } } }>('Get', MACHINE_CONFIG);
      client.close();
      labels[node.name] = (parseAllDocuments(parse(reply.resource.spec.yaml_spec) as string)[0]!.toJS() as { machine: { nodeLabels?: unknown } }).machine.nodeLabels;
    }
    expect(labels).toEqual({
      'cp-1': { 'node.kubernetes.io/exclude-from-external-load-balancers': '', tier: 'control' },
      'worker-1': { pool: 'blue' },
    });
  });

  it('merges the cluster context into --talosconfig-out as talosctl config merge does', () => {
    const config = parse(readFileSync(merged, 'utf8')) as { context: string; contexts: Record<string, { endpoints: string[] }> };
    expect(Object.keys(config.contexts)).toEqual(['home', 'talsim', 'talsim-1']);
    expect(config.context).toBe('talsim-1');
    expect(config.contexts.talsim!.endpoints).toEqual(['10.0.0.1']);
    expect(config.contexts['talsim-1']!.endpoints).toEqual(readNodesJson(up.stateDir).nodes.filter((node) => node.role === 'controlplane').map((node) => node.apiAddress));
    expect(statSync(merged).mode & 0o777).toBe(0o600);
    expect(up.stderr()).toContain('renamed talosconfig context "talsim" -> "talsim-1"');
  });
});

describe('talsim up with a secrets file of another format', () => {
  it('exits 2 naming the option, the file and the missing fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-byo-bad-'));
    writeFileSync(join(dir, 'secrets.yaml'), 'apiVersion: v1\nkind: Config\n');
    const up = startTalsimUp(['--seed', '5', '--base-address', '127.0.22.20', '--with-secrets', join(dir, 'secrets.yaml')]);
    expect(await up.exited()).toBe(2);
    expect(up.stderr()).toContain(`talsim up: --with-secrets: expected a secrets bundle (secrets.yaml from talsim gen config or talosctl gen secrets), found "${join(dir, 'secrets.yaml')}": cluster is required`);
  }, 30_000);
});
