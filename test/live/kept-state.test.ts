// What a `talsim up` cluster keeps on disk and brings back (sim/live/kept-state.ts), in process: a
// booted cluster (1 control plane, 2 workers) gets an upgrade written to a boot partition, a
// cordoned Kubernetes node and two faults, its state is kept in a directory, and a second cluster
// built from that directory (as a resumed `talsim up` builds it) boots with what was kept: the
// upgraded version, etcd's member (no bootstrap), the cordon, the surviving fault with the rest of
// its duration and its id (new ids go on after it), the coredns pods where they ran, the Events,
// and virtual time continuing from the instant of the cut. The SIGKILL end to end
// is test/live/resume-kept-state.test.ts.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { keepClusterState, restoreKeptState } from '../../sim/live/kept-state.ts';
import { keepNodeConfigs, resumedPlan } from '../../sim/live/resume.ts';
import { writeSecretFile } from '../../sim/files/atomic-file.ts';
import { secretsBundleToYaml } from '../../nodes/pki/index.ts';
import { writeUpgradeArtifacts } from '../../nodes/node-commands.ts';
import { bootCluster, isRunningAndReady, testClusterPlan } from '../api/harness.ts';

describe('kept state across a power cut', () => {
  it('flushed behind until settled, the directory holds exactly what writing each file through holds', async () => {
    const through = mkdtempSync(join(tmpdir(), 'talsim-kept-'));
    const behind = mkdtempSync(join(tmpdir(), 'talsim-kept-'));
    const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 3 }), { seed: 'kept-behind' });
    const keptThrough = await keepClusterState(cluster, through);
    const keptBehind = await keepClusterState(cluster, behind, { flushBehindUntilSettled: true });
    bootCluster(cluster);
    await keptBehind.settle();
    cluster.world.kubernetes.setUnschedulable('worker-3', true); // written through now: settled
    keptThrough.stop();
    keptBehind.stop();
    const files = (dir: string) => ['nodes', 'kubernetes'].flatMap((sub) => readdirSync(join(dir, sub)).sort().map((name) => join(sub, name)));
    expect(files(behind)).toEqual(files(through));
    expect(files(behind)).toContain(join('kubernetes', 'worker-3.json'));
    for (const file of [...files(through), 'world.json']) {
      expect(readFileSync(join(behind, file), 'utf8'), file).toBe(readFileSync(join(through, file), 'utf8'));
      expect(statSync(join(behind, file)).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(behind, 'kubernetes', 'worker-3.json'), 'utf8'))).toMatchObject({ unschedulable: true });
    expect(readdirSync(behind).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a cluster built from the kept directory boots with what the first one kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-kept-'));
    const plan = testClusterPlan({ controlPlanes: 1, workers: 2 });
    const first = new SimCluster(plan, { seed: 'kept' });
    bootCluster(first);
    writeSecretFile(join(dir, 'secrets.yaml'), secretsBundleToYaml(first.secrets));
    const stopConfigs = await keepNodeConfigs(first, dir);
    const keptState = await keepClusterState(first, dir);
    writeUpgradeArtifacts(first.node('worker-1'), 'ghcr.io/siderolabs/installer:v1.13.5', 'v1.13.5');
    first.world.kubernetes.setUnschedulable('worker-2', true);
    const registry = faultRegistryOf(first);
    registry.inject('disk-slow', { kind: 'nodes', nodes: { kind: 'names', names: ['worker-2'] } }, {}, 600_000);
    registry.inject('service-health-failing', { kind: 'nodes', nodes: { kind: 'names', names: ['worker-1'] } }, { service: 'kubelet' });
    const diskSlowHealsAtMs = registry.list()[0]!.healsAtMs!;
    first.world.kernel.advance(30_000);
    const cutAtMs = first.world.kernel.now;
    const memberIds = [...first.world.etcd.members.values()].map((member) => member.id);
    const coredns = first.world.kubernetes.coredns.replicas.map((replica) => ({ ...replica }));
    expect(coredns.every((replica) => replica.node !== undefined)).toBe(true);
    const events = first.world.kubernetes.events.all().map((event) => structuredClone(event));
    expect(events.map((event) => event.reason)).toEqual(expect.arrayContaining(['Starting', 'RegisteredNode', 'NodeReady', 'NodeNotSchedulable']));
    keptState.stop();
    stopConfigs();
    expect(statSync(join(dir, 'world.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'kubernetes-events.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'nodes', 'worker-1.json'), 'utf8'))).toMatchObject({ installed: true, installedVersion: 'v1.13.5' });

    const second = new SimCluster(resumedPlan(plan, dir), { seed: 'kept' });
    const restored = restoreKeptState(second, dir);
    expect(restored).toEqual({ virtualNowMs: cutAtMs, etcdMembers: 1, faults: ['f1 (disk-slow)'] });
    expect(second.world.kernel.now).toBe(cutAtMs);
    expect(faultRegistryOf(second).list().map((fault) => [fault.kind, fault.targets, fault.healsAtMs])).toEqual([['disk-slow', ['worker-2'], diskSlowHealsAtMs]]);
    // The coredns pods are where they ran (same pods: generation, creation time), and the Events are as etcd stored them.
    expect(second.world.kubernetes.coredns.replicas).toEqual(coredns);
    expect(second.world.kubernetes.events.all()).toEqual(events);
    // Fault ids go on after the kept ones (f1, f2 were given before the cut).
    expect(faultRegistryOf(second).inject('dns-failure')).toBe('f3');
    faultRegistryOf(second).heal('f3');
    second.powerOnAll();
    const nodes = [...second.nodes.values()];
    expect(second.world.kernel.runUntilCondition(() => nodes.every(isRunningAndReady), { maxTimeMs: cutAtMs + 30 * 60_000 })).toBe(true);
    expect(second.world.trace.all.some((entry) => entry.kind === 'etcd.bootstrap')).toBe(false);
    expect([...second.world.etcd.members.values()].map((member) => member.id)).toEqual(memberIds);
    expect(second.world.etcd.term).toBeGreaterThan(1);
    expect(second.node('worker-1').talosVersion).toBe('v1.13.5');
    expect(second.node('worker-2').talosVersion).toBe(plan.talosVersion);
    expect(second.world.kubernetes.nodes.get('worker-2')!.unschedulable).toBe(true);
    expect(second.world.kubernetes.coredns.replicas.map((replica) => [replica.node, replica.generation])).toEqual(coredns.map((replica) => [replica.node, replica.generation]));
    const after = new Set(second.world.kubernetes.events.all().map((event) => event.name));
    expect(events.every((event) => after.has(event.name))).toBe(true); // the kept Events are still listed after the boot
  });
});
