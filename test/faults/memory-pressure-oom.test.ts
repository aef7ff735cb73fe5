// The OOM handler on simulated memory pressure (fault `memory-pressure`): Talos's default trigger
// (full avg10 above 75) fires once the stall share of 80 % has pushed the 10 s average past 75
// (14 PSI periods, 28 s), the default ranking picks the besteffort hog pod, its cgroup is killed
// and the pressure ends (one action, recorded as OOMAction 0 at the next sample). An OOMConfig
// whose trigger never holds (full avg10 above 95) does nothing; one whose ranking picks kubelet's
// cgroup kills kubelet (SIGKILL: exit code 137, restarted) and fires again when time_since_trigger
// allows, the hog still there. The same seed gives the same actions.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, nodesTarget, waitFor } from './fault-harness.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { psiFigures } from '../../nodes/memory-pressure.ts';
import type { VirtualNode } from '../../nodes/node.ts';

const MiB = 2 ** 20;

function oomCluster(oomConfig?: string) {
  const patch = oomConfig === undefined ? '' : `      patches:\n        - |\n${oomConfig.split('\n').map((line) => `          ${line}`).join('\n')}`;
  const { cluster, faults } = bootedCluster({ controlPlanes: 1, workers: 0, extraNodesYaml: `    - name: oom-1\n      role: worker\n${patch}` });
  return { cluster, faults, node: cluster.node('oom-1') };
}

const actions = (node: VirtualNode) => node.resources.list('runtime', RT.oomAction).map((action) => ({ id: action.metadata.id, ...(action.spec as { triggerContext: string; score: number; processes: string[] }) }));
const texts = (node: VirtualNode) => node.logs.lines('controller-runtime').map((line) => line.text);
const oomLines = (node: VirtualNode) => texts(node).filter((line) => line.includes('runtime.OOMController')).map((line) => line.replace(/"cgroup": "[^"]*pod[0-9a-f-]+"/, '"cgroup": "<pod>"'));

describe('PSI on the virtual clock', () => {
  it('averages rise towards the stall share every 2 s period and decay after the end; total counts stalled µs', () => {
    expect(psiFigures(80, 0, undefined, 1_999)).toEqual({ avg10: 0, avg60: 0, avg300: 0, total: 1_599_200 });
    expect(psiFigures(80, 0, undefined, 28_000).avg10).toBeGreaterThan(75);
    expect(psiFigures(80, 0, undefined, 27_999).avg10).toBeLessThan(75);
    const ended = psiFigures(80, 0, 28_000, 38_000);
    expect(ended.avg10).toBeCloseTo(psiFigures(80, 0, undefined, 28_000).avg10 * Math.exp(-1), 1);
    expect(ended.total).toBe(28_000 * 800);
  });
});

describe('OOM handler on memory pressure', () => {
  it("Talos's default trigger fires after ~28 s at 80 % and kills the besteffort hog; the pressure ends", () => {
    const { cluster, faults, node } = oomCluster();
    const start = cluster.world.kernel.now;
    faults.inject('memory-pressure', nodesTarget('oom-1'), { fullRatio: 0.8 });
    advance(cluster, 27_000);
    expect(oomLines(node)).toEqual([]);
    waitFor(cluster, () => node.resources.get('runtime', RT.oomAction, '0') !== undefined, 10_000, 'OOMAction 0');
    const fired = texts(node).find((line) => line.includes('OOM controller triggered'));
    expect(fired).toBeDefined();
    expect(cluster.world.kernel.now - start).toBeLessThan(30_000);
    const [action] = actions(node);
    expect(action).toMatchObject({ id: '0', score: 2048 * MiB, processes: ['memory-hog'] });
    const context = JSON.parse(action!.triggerContext) as Record<string, unknown>;
    expect(context.memory_full_avg10 as number).toBeGreaterThan(75);
    expect(context.time_since_trigger).toBe(9223372036854775807);
    expect(Object.keys(context as object)).toEqual([...Object.keys(context as object)].sort());
    expect(oomLines(node).map((line) => line.replace(/\{.*$/, '').trim())).toEqual([
      'INFO OOM controller triggered', 'WARN Sending SIGKILL to cgroup', 'INFO victim processes:',
    ]);
    expect(oomLines(node)[1]).toContain('"cgroup": "<pod>"');
    expect(texts(node).some((line) => line.includes('/sys/fs/cgroup/kubepods/besteffort/pod'))).toBe(true);
    advance(cluster, 120_000);
    expect(actions(node).map((entry) => entry.id)).toEqual(['0']);
    expect(node.services.state('kubelet')).toBe('Running');
  });

  it('an OOMConfig trigger that never holds does nothing', () => {
    const { cluster, faults, node } = oomCluster('apiVersion: v1alpha1\nkind: OOMConfig\ntriggerExpression: memory_full_avg10 > 95.0\nsampleInterval: 1s');
    faults.inject('memory-pressure', nodesTarget('oom-1'), { fullRatio: 0.8 });
    advance(cluster, 5 * 60_000);
    expect(oomLines(node)).toEqual([]);
    expect(actions(node)).toEqual([]);
  });

  it('a ranking that picks kubelet kills kubelet (exit code 137, restarted) and fires again when time_since_trigger allows', () => {
    const config = [
      'apiVersion: v1alpha1', 'kind: OOMConfig',
      'triggerExpression: memory_some_avg10 > 50.0 && time_since_trigger > duration("60s")',
      'cgroupRankingExpression: \'path.endsWith("podruntime/kubelet") ? 1.0 : 0.0\'',
    ].join('\n');
    const run = () => {
      const { cluster, faults, node } = oomCluster(config);
      faults.inject('memory-pressure', nodesTarget('oom-1'), { fullRatio: 0.7 });
      waitFor(cluster, () => node.resources.get('runtime', RT.oomAction, '1') !== undefined, 3 * 60_000, 'two actions');
      return { cluster, node };
    };
    const { cluster, node } = run();
    waitFor(cluster, () => node.services.state('kubelet') === 'Running', 60_000, 'kubelet restarted');
    const log = actions(node);
    expect(log.map((entry) => [entry.id, entry.score, entry.processes])).toEqual([
      ['0', 1, ['/usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml --kubeconfig=/etc/kubernetes/kubeconfig-kubelet']],
      ['1', 1, ['/usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml --kubeconfig=/etc/kubernetes/kubeconfig-kubelet']],
    ]);
    expect(texts(node).some((line) => line.includes('"cgroup": "/sys/fs/cgroup/podruntime/kubelet"'))).toBe(true);
    expect(node.services.records.get('kubelet')!.events.some((event) => event.message.includes('exit code 137'))).toBe(true);
    const second = JSON.parse(log[1]!.triggerContext) as { time_since_trigger: number };
    expect(second.time_since_trigger).toBeGreaterThan(60e9);
    const again = run();
    expect(actions(again.node)).toEqual(log);
  });
});
