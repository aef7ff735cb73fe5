// `talsim up --record` with the real kubectl: cordon, label, a label removed, a drain's evictions
// and a mirror pod deleted through talsim's Kubernetes API are written as `kubectl` steps, the
// final Kubernetes state they left as `kubernetes` checks, and `talsim run` of the record replays
// the writes (the checks pass only if the replay cordoned and labelled as the session did).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startLiveSession, type LiveSession } from '../../sim/live/live-session.ts';
import { systemWallClock } from '../../sim/kernel/pacer.ts';
import { fastForward } from '../../sim/live/fast-forward.ts';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { fetchKubeconfig, kubectl } from '../kube/kube-harness.ts';

let session: LiveSession | undefined;
afterAll(async () => {
  await session?.close();
});

describe('talsim up --record: kubectl writes', () => {
  it('are recorded as kubectl steps with the state they left, and replay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-record-kubectl-'));
    const record = join(dir, 'kubectl-session.yaml');
    session = await startLiveSession(
      { seed: 'record-kubectl', controlPlanes: 1, workers: 2, unconfigured: false, speed: 1, stateDir: join(dir, 'state'), baseAddress: '127.0.97.2', record },
      { calendarNowMs: () => Date.now(), wall: systemWallClock, print: () => undefined, warn: () => undefined },
    );
    const live = session;
    const kubeconfig = await fetchKubeconfig(live.files.dir, live.nodes, dir);
    const k = async (...args: string[]) => {
      const run = await kubectl('v35', kubeconfig, args);
      expect(run.code, run.stderr).toBe(0);
      await fastForward(live.pacer, live.cluster.world.kernel, () => false, 10_000);
      return run;
    };
    const pods = JSON.parse((await k('get', 'pods', '-n', 'kube-system', '-o', 'json')).stdout) as { items: Array<{ metadata: { name: string }; spec: { nodeName: string } }> };
    const drained = pods.items.find((pod) => pod.metadata.name.startsWith('coredns-') && pod.spec.nodeName.startsWith('worker-'))!.spec.nodeName;
    const other = drained === 'worker-1' ? 'worker-2' : 'worker-1';
    await k('label', 'node', 'worker-1', 'team=blue', 'zone=a');
    await k('label', 'node', 'worker-1', 'zone-');
    await k('cordon', other);
    await k('drain', drained, '--ignore-daemonsets', '--timeout=30s');
    await k('delete', 'pod', '-n', 'kube-system', 'kube-scheduler-cp-1');
    const refused = await kubectl('v35', kubeconfig, ['label', 'node', 'no-such-node', 'x=y']);
    expect(refused.code).not.toBe(0);
    await fastForward(live.pacer, live.cluster.world.kernel, () => false, 60_000);
    session = undefined;
    await live.close();

    const text = readFileSync(record, 'utf8');
    const written = parse(text) as { steps: Array<Record<string, unknown>>; expect: Array<Record<string, unknown>> };
    const writes = written.steps.filter((step) => 'kubectl' in step).map((step) => step.kubectl);
    expect(writes).toContainEqual({ node: 'worker-1', label: { team: 'blue', zone: 'a' } });
    expect(writes).toContainEqual({ node: 'worker-1', label: { zone: null } });
    expect(writes).toContainEqual({ node: other, cordon: true });
    expect(writes).toContainEqual({ node: drained, cordon: true });
    expect(writes).toContainEqual({ node: 'cp-1', 'delete-pod': 'kube-scheduler-cp-1' });
    expect(writes.some((write) => typeof (write as { evict?: string }).evict === 'string' && (write as { evict: string }).evict.startsWith('coredns-'))).toBe(true);
    expect(written.expect).toContainEqual(expect.objectContaining({ node: other, kubernetes: { unschedulable: true } }));
    expect(written.expect).toContainEqual(expect.objectContaining({ node: drained, kubernetes: { unschedulable: true } }));
    expect(written.expect).toContainEqual(expect.objectContaining({ node: 'worker-1', kubernetes: { label: { key: 'team', equals: 'blue' } } }));
    expect(written.expect).toContainEqual(expect.objectContaining({ node: 'worker-1', kubernetes: { label: { key: 'zone', absent: true } } }));

    const replay = runScenario(loadScenarioFile(record));
    expect(replay.failures).toEqual([]);
    expect(replay.passed).toBe(true);

    // The checks are what make the replay meaningful: without the kubectl steps it fails them.
    const withoutWrites = text.replace(/^ {2}- at: [^\n]+\n {4}kubectl:[\s\S]*?(?=^ {2}- |^# --|^# the state|^duration:)/gm, '');
    expect(withoutWrites).not.toMatch(/kubectl:/);
    const stripped = runScenario(loadScenarioText(withoutWrites, record, (path) => readFileSync(join(dir, path), 'utf8')));
    expect(stripped.passed).toBe(false);
  }, 180_000);

  it('a kubectl step fails as kubectl does while no API server runs and when the pod does not exist', () => {
    const plan = loadScenarioText(
      [
        'name: kubectl-errors',
        'cluster: { nodes: [ { name: cp-1, role: controlplane }, { name: worker-1, role: worker } ] }',
        'steps:',
        '  - at: 0s',
        '    kubectl: { node: worker-1, cordon: true }',
        '    expect: { errorContains: "Unable to connect to the server" }',
        '  - at: 0s',
        '    wait-until: { node: cp-1, service: { id: etcd, state: Preparing }, timeout: 5m }',
        '  - at: 0s',
        '    bootstrap: { node: cp-1 }',
        '  - at: 0s',
        '    wait-until: { all: true, stage: running, ready: true, timeout: 10m }',
        '  - at: 0s',
        '    kubectl: { node: worker-1, evict: coredns-nope }',
        '    expect: { errorContains: "Error from server (NotFound)" }',
        '  - at: 0s',
        '    kubectl: { node: worker-1, delete-pod: coredns-nope, namespace: default }',
        '    expect: { errorContains: "NotFound" }',
        '  - at: 0s',
        '    kubectl: { node: worker-1, label: { team: red } }',
        '    expect: { ok: true }',
        'expect:',
        '  - by: 30m',
        '    node: worker-1',
        '    kubernetes: { label: { key: team, equals: red } }',
      ].join('\n'),
      'kubectl-errors.yaml',
      () => '',
    );
    const result = runScenario(plan);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('refuses a kubectl step with two writes, naming the file and line', () => {
    expect(() => loadScenarioText('name: x\ncluster: { nodes: [ { name: cp-1, role: controlplane } ] }\nsteps:\n  - at: 0s\n    kubectl: { node: cp-1, cordon: true, evict: p }\n', 'two.yaml', () => '')).toThrow(
      /^two\.yaml:5:\d+: .*exactly one of cordon, label, evict, delete-pod/,
    );
  });
});
