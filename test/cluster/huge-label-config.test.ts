// The config that stalled the simulator (issue 11 item 1): a worker config whose
// machine.nodeLabels holds 87,381 entries (1.5 MB). Talos accepts it (it limits each label, not
// their number). The node's controllers take the labels in bounded passes (node-label-sync.ts):
// no kernel event writes more than LABELS_PER_PASS NodeLabelSpecs or patches more than that many
// labels onto the Node, the control plane's events run in between, and once realised the labels
// cost nothing per pass. Work per event is asserted as counts (deterministic); the CPU time of the
// longest kernel event is printed, not asserted (timings depend on the machine).
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { applyConfiguration } from '../../nodes/node-commands.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { LABELS_PER_PASS } from '../../nodes/controllers/node-label-sync.ts';
import { bootCluster, testClusterPlan } from '../api/harness.ts';

const LABELS = 87_381;

interface EventWork {
  label: string;
  atMs: number;
  specWrites: number;
  nodeLabelsAdded: number;
  cpuMs: number;
}

describe('a worker config with 87,381 node labels', () => {
  it('is realised in bounded passes with the control plane interleaved, then costs nothing per pass', () => {
    const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'labels' });
    bootCluster(cluster);
    const worker = cluster.node('worker-1');
    const kernel = cluster.world.kernel;
    const kubeLabelCount = () => Object.keys(cluster.world.kubernetes.nodes.get(worker.hostname())?.labels ?? {}).length;
    const labelsBefore = kubeLabelCount();
    const labels = Array.from({ length: LABELS }, (_, index) => `        k${index}: v`).join('\n');
    const text = worker.config!.text.replace(/^machine:\n/m, `machine:\n    nodeLabels:\n${labels}\n`);
    expect(text.length).toBeGreaterThan(1_200_000);

    // Per kernel event: which event, how many NodeLabelSpecs it wrote, how many labels it added to the Node.
    const work: EventWork[] = [];
    let specWrites = 0;
    const stopWatch = worker.resources.watch((event) => {
      if (event.resource.metadata.type === RT.nodeLabelSpec) specWrites++;
    });
    let nextLabel = '';
    let kubeLabels = labelsBefore;
    let cpuAtStart = process.cpuUsage();
    const stopHook = kernel.onAfterEvent(() => {
      const cpu = process.cpuUsage(cpuAtStart);
      // Only the worker's own events touch its Node's labels (counting them all costs a listing).
      const now = nextLabel.endsWith('worker-1') ? kubeLabelCount() : kubeLabels;
      work.push({ label: nextLabel, atMs: kernel.now, specWrites, nodeLabelsAdded: now - kubeLabels, cpuMs: (cpu.user + cpu.system) / 1000 });
      kubeLabels = now;
      specWrites = 0;
      cpuAtStart = process.cpuUsage();
    });
    const operation = applyConfiguration(worker, { data: text, mode: 'no-reboot', dryRun: false });
    const cp = cluster.node('cp-1');
    for (let ms = 1; ms <= 1_000; ms++) kernel.schedule(ms, 'call cp-1', () => cp.stage());
    const untilDone = (condition: () => boolean, maxMs: number) => {
      const limit = kernel.now + maxMs;
      while (!condition() && kernel.nextEventTime() !== undefined && kernel.nextEventTime()! <= limit) {
        nextLabel = kernel.nextEventLabel()!;
        cpuAtStart = process.cpuUsage();
        kernel.step();
      }
      return condition();
    };
    expect(untilDone(() => operation.done, 60_000)).toBe(true);
    expect(operation.error).toBeUndefined();
    expect(untilDone(() => worker.apply.state() === 'applied' && kubeLabelCount() >= LABELS, 120_000)).toBe(true);
    stopHook();
    stopWatch();
    expect([worker.apply.state(), worker.apply.reason()]).toEqual(['applied', '']);
    expect(worker.resources.count('k8s', RT.nodeLabelSpec)).toBe(LABELS);
    expect(cluster.world.kubernetes.nodes.get(worker.hostname())?.labels['k87380']).toBe('v');

    const labelWork = work.filter((event) => event.specWrites > 0 || event.nodeLabelsAdded > 0);
    const longest = [...work].sort((a, b) => b.cpuMs - a.cpuMs)[0]!;
    console.info(`87,381 labels: ${labelWork.length} kernel events did label work; longest kernel event ${longest.cpuMs.toFixed(1)} CPU ms (${longest.label})`);
    expect(Math.max(...work.map((event) => event.specWrites))).toBeLessThanOrEqual(LABELS_PER_PASS);
    expect(Math.max(...work.map((event) => event.nodeLabelsAdded))).toBeLessThanOrEqual(LABELS_PER_PASS);
    expect(labelWork.length).toBeGreaterThanOrEqual(Math.ceil(LABELS / LABELS_PER_PASS));
    // The pieces fall on distinct virtual milliseconds, so what else is due meanwhile (here a call
    // reaching cp-1 every millisecond) runs between the first and the last of them.
    expect(new Set(labelWork.map((event) => event.atMs)).size).toBe(labelWork.length);
    const first = work.indexOf(labelWork[0]!);
    const last = work.indexOf(labelWork.at(-1)!);
    expect(work.slice(first, last).filter((event) => event.label === 'call cp-1').length).toBeGreaterThanOrEqual(labelWork.length - 1);

    const versionOf = (id: string) => worker.resources.get('k8s', RT.nodeLabelSpec, id)?.metadata.version;
    const before = [versionOf('k0'), versionOf('k87380')];
    let laterWrites = 0;
    const stop = worker.resources.watch((event) => {
      if (event.resource.metadata.type === RT.nodeLabelSpec) laterWrites++;
    });
    kernel.runUntilCondition(() => false, { maxTimeMs: kernel.now + 60_000 });
    stop();
    expect(laterWrites).toBe(0);
    expect([versionOf('k0'), versionOf('k87380')]).toEqual(before);
  }, 180_000);

  it('a config with fewer labels drops the NodeLabelSpecs of the old one, also in bounded passes', () => {
    const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'labels-drop' });
    bootCluster(cluster);
    const worker = cluster.node('worker-1');
    const kernel = cluster.world.kernel;
    const base = worker.config!.text;
    const withLabels = (count: number) => base.replace(/^machine:\n/m, `machine:\n    nodeLabels:\n${Array.from({ length: count }, (_, index) => `        k${index}: v`).join('\n')}\n`);
    const apply = (text: string) => {
      const operation = applyConfiguration(worker, { data: text, mode: 'no-reboot', dryRun: false });
      kernel.runUntilCondition(() => operation.done, { maxTimeMs: kernel.now + 60_000 });
      expect(operation.error).toBeUndefined();
    };
    apply(withLabels(3 * LABELS_PER_PASS));
    expect(kernel.runUntilCondition(() => worker.resources.count('k8s', RT.nodeLabelSpec) === 3 * LABELS_PER_PASS, { maxTimeMs: kernel.now + 60_000 })).toBe(true);

    let destroyed = 0;
    let mostInOneEvent = 0;
    const stopWatch = worker.resources.watch((event) => {
      if (event.type === 'destroyed' && event.resource.metadata.type === RT.nodeLabelSpec) destroyed++;
    });
    const stopHook = kernel.onAfterEvent(() => {
      mostInOneEvent = Math.max(mostInOneEvent, destroyed);
      destroyed = 0;
    });
    apply(withLabels(2));
    expect(kernel.runUntilCondition(() => worker.resources.count('k8s', RT.nodeLabelSpec) === 2, { maxTimeMs: kernel.now + 60_000 })).toBe(true);
    stopHook();
    stopWatch();
    expect(worker.resources.ids('k8s', RT.nodeLabelSpec)).toEqual(['k0', 'k1']);
    expect(mostInOneEvent).toBeGreaterThan(0);
    expect(mostInOneEvent).toBeLessThanOrEqual(LABELS_PER_PASS);
  }, 120_000);
});
