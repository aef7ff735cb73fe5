// The config that stalled the simulator for minutes (issue 11 item 1): a worker config whose
// machine.nodeLabels holds 87,381 entries (1.5 MB). Work per reconcile pass no longer grows with
// the label count (labels are written as NodeLabelSpecs once per applied config, resource lists
// walk only their own type, the apply predicate reads each labels object once), so the apply
// converges and the minute after it costs what it costs without labels.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { applyConfiguration } from '../../nodes/node-commands.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { bootCluster, testClusterPlan } from '../api/harness.ts';

const LABELS = 87_381;

describe('a worker config with 87,381 node labels', () => {
  it('applies, converges, and leaves later reconcile passes free of per-label work', () => {
    const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'labels' });
    bootCluster(cluster);
    const worker = cluster.node('worker-1');
    const labels = Array.from({ length: LABELS }, (_, index) => `        k${index}: v`).join('\n');
    const text = worker.config!.text.replace(/^machine:\n/m, `machine:\n    nodeLabels:\n${labels}\n`);
    expect(text.length).toBeGreaterThan(1_200_000);

    const operation = applyConfiguration(worker, { data: text, mode: 'no-reboot', dryRun: false });
    const kernel = cluster.world.kernel;
    kernel.runUntilCondition(() => operation.done, { maxTimeMs: kernel.now + 60_000 });
    expect(operation.error).toBeUndefined();
    expect(kernel.runUntilCondition(() => worker.resources.count('k8s', RT.nodeLabelSpec) === LABELS, { maxTimeMs: kernel.now + 120_000 })).toBe(true);
    kernel.runUntilCondition(() => worker.apply.state() === 'applied', { maxTimeMs: kernel.now + 120_000 });
    expect([worker.apply.state(), worker.apply.reason()]).toEqual(['applied', '']);
    expect(cluster.world.kubernetes.nodes.get(worker.hostname())?.labels['k87380']).toBe('v');

    const versionOf = (id: string) => worker.resources.get('k8s', RT.nodeLabelSpec, id)?.metadata.version;
    const before = [versionOf('k0'), versionOf('k87380')];
    let labelWrites = 0;
    const stop = worker.resources.watch((event) => {
      if (event.resource.metadata.type === RT.nodeLabelSpec) labelWrites++;
    });
    const startedCpu = process.cpuUsage();
    kernel.runUntilCondition(() => false, { maxTimeMs: kernel.now + 60_000 });
    const cpu = process.cpuUsage(startedCpu);
    stop();
    expect(labelWrites).toBe(0);
    expect([versionOf('k0'), versionOf('k87380')]).toEqual(before);
    // A minute of virtual time cost ~5 s of CPU per 10k labels before (quadratic); now tens of ms.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5_000);
  }, 180_000);
});
