// A killed cluster resumes (issue 11, item 8): `talsim up` on the state directory a SIGKILLed
// `talsim up` left reuses its secrets (the talosconfig read before the kill still works) and each
// node's last acknowledged config (an apply acknowledged just before the kill is there), with no
// partial file; a kill in the middle of the boot resumes too; a different shape is refused with
// exit 2; `--fresh` starts a new cluster (the old talosconfig is refused).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BANNER_END, startTalsimUp } from './talsim-process.ts';
import { liveClient, readNodesJson, withNodeLabels } from './live-client.ts';

const BASE = ['--seed', 'resume-1', '--base-address', '127.0.41.2', '--workers', '1'];

interface GetReply {
  resource: { spec: { yaml_spec: string } };
}

async function activeConfig(stateDir: string, nodeName: string): Promise<string> {
  const node = readNodesJson(stateDir).nodes.find((entry) => entry.name === nodeName)!;
  const client = liveClient(stateDir, node, 'cosi.resource.State');
  try {
    const reply = await client.unary<GetReply>('Get', { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1' });
    return reply.resource.spec.yaml_spec;
  } finally {
    client.close();
  }
}

describe('talsim up after a SIGKILL', () => {
  it('resumes with the same secrets and every acknowledged apply; --fresh starts over', async () => {
    const first = startTalsimUp(BASE);
    const stateDir = first.stateDir;
    let talosconfig = '';
    try {
      await first.waitForLine(BANNER_END, 90_000);
      talosconfig = readFileSync(join(stateDir, 'talosconfig'), 'utf8');
      const worker = readNodesJson(stateDir).nodes.find((entry) => entry.name === 'worker-1')!;
      const machine = liveClient(stateDir, worker, 'machine.MachineService');
      const current = parse(await activeConfig(stateDir, 'worker-1')) as unknown;
      expect(current).toBeTruthy();
      const workerConfig = readFileSync(join(stateDir, 'worker.yaml'), 'utf8');
      await machine.unary('ApplyConfiguration', { data: Buffer.from(withNodeLabels(workerConfig, { 'resume.example/acknowledged': 'yes' })), mode: 'NO_REBOOT' });
      machine.close();
    } finally {
      // The apply was acknowledged: kill at once, no time for anything after the reply.
      await first.stop('SIGKILL');
    }
    expect(readdirSync(stateDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Everything the killed cluster kept (configs with keys, secrets, world.json with etcd's data,
    // Events, Node objects) is owner-only, and no write was left half-made anywhere below.
    const files = (readdirSync(stateDir, { recursive: true }) as string[]).filter((name) => statSync(join(stateDir, name)).isFile());
    expect(files).toEqual(expect.arrayContaining(['world.json', 'kubernetes-events.json', 'cluster.json', 'secrets.yaml', join('nodes', 'worker-1.yaml'), join('kubernetes', 'worker-1.json')]));
    expect(files.filter((name) => /\.tmp|~$/.test(name))).toEqual([]);
    expect(files.filter((name) => (statSync(join(stateDir, name)).mode & 0o777) !== 0o600).map((name) => `${name} ${(statSync(join(stateDir, name)).mode & 0o777).toString(8)}`)).toEqual([]);

    const second = startTalsimUp(['--base-address', '127.0.41.2', '--workers', '1'], stateDir);
    try {
      await second.waitForLine(BANNER_END, 90_000);
      expect(second.stdout()).toMatch(/^talsim: resuming the cluster in .* \(seed resume-1; kept configs: cp-1, worker-1; etcd members: 1; virtual time \S+\); --fresh starts a new one there$/m);
      expect(second.stdout()).toContain('seed=resume-1');
      // The talosconfig the user exported before the kill (same CA; endpoints the same listeners).
      writeFileSync(join(stateDir, 'talosconfig'), talosconfig, { mode: 0o600 });
      expect(await activeConfig(stateDir, 'worker-1')).toMatch(/resume.example\/acknowledged: "?yes"?/);
    } finally {
      await second.stop('SIGKILL');
    }

    // A kill in the middle of the next boot (as soon as the nodes serve): the directory still resumes.
    const third = startTalsimUp(['--base-address', '127.0.41.2', '--workers', '1'], stateDir);
    try {
      await third.waitForFile('nodes.json', 60_000);
      await third.stop('SIGKILL');
    } finally {
      await third.stop('SIGKILL');
    }
    const other = startTalsimUp(['--base-address', '127.0.41.2', '--workers', '2'], stateDir);
    expect(await other.exited()).toBe(2);
    expect(other.stderr()).toMatch(/the same cluster to resume \(1 control plane, 1 worker, seed resume-1\), or --fresh to start a new one there.* with --workers 2/);

    const fourth = startTalsimUp(['--base-address', '127.0.41.2', '--workers', '1'], stateDir);
    try {
      await fourth.waitForLine(BANNER_END, 90_000);
      expect(await activeConfig(stateDir, 'worker-1')).toMatch(/resume.example\/acknowledged: "?yes"?/);
    } finally {
      await fourth.stop('SIGTERM');
    }

    const fresh = startTalsimUp(['--base-address', '127.0.41.2', '--workers', '1', '--fresh', '--seed', 'resume-2'], stateDir);
    try {
      await fresh.waitForLine(BANNER_END, 90_000);
      expect(fresh.stdout()).not.toContain('resuming');
      expect(await activeConfig(stateDir, 'worker-1')).not.toContain('resume.example/acknowledged');
      writeFileSync(join(stateDir, 'talosconfig'), talosconfig, { mode: 0o600 });
      await expect(activeConfig(stateDir, 'worker-1')).rejects.toThrow(/UNAVAILABLE|certificate|authority/i);
    } finally {
      await fresh.stop('SIGTERM');
    }
  }, 400_000);
});
