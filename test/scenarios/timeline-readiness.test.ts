// The pretty timeline of `talsim run` shows what makes nodes ready, one line per change: an etcd
// quorum loss shows every control plane turning not ready (with its unmet conditions) and etcd
// losing its health, and the heal shows both coming back; an unchanged status is never repeated.
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { renderTimeline } from '../../sim/scenario/render-timeline.ts';
import type { TraceEntry } from '../../sim/kernel/trace.ts';

describe('readiness in the timeline', () => {
  const result = runScenario(loadScenarioFile('scenarios/etcd-quorum-loss-3cp.yaml'));
  const at = (pattern: RegExp) => result.timeline.findIndex((line) => pattern.test(line));
  const injected = at(/fault\s+action=inject/);
  const healed = at(/fault\s+action=heal/);

  it('shows every control plane turning not ready, and why, between the fault and its heal', () => {
    expect(injected).toBeGreaterThan(0);
    expect(healed).toBeGreaterThan(injected);
    const outage = result.timeline.slice(injected, healed);
    for (const node of ['cp-1', 'cp-2', 'cp-3']) {
      expect(outage).toContainEqual(expect.stringMatching(new RegExp(`\\] ${node}\\s+not-ready\\s+stage=running unmet=staticPods`)));
      expect(outage).toContainEqual(expect.stringMatching(new RegExp(`\\] ${node}\\s+service\\s+etcd unhealthy: context deadline exceeded`)));
      expect(outage).toContainEqual(expect.stringMatching(new RegExp(`\\] ${node}\\s+unmet\\s+\\+services`)));
    }
  });

  it('shows them ready and etcd healthy again after the heal', () => {
    const after = result.timeline.slice(healed);
    for (const node of ['cp-1', 'cp-2', 'cp-3']) {
      expect(after).toContainEqual(expect.stringMatching(new RegExp(`\\] ${node}\\s+ready\\s+stage=running`)));
      expect(after).toContainEqual(expect.stringMatching(new RegExp(`\\] ${node}\\s+service\\s+etcd healthy again`)));
    }
  });

  it('prints one line per change: each node turns ready twice in this run, and no boot-time health lines', () => {
    for (const node of ['cp-1', 'cp-2', 'cp-3']) {
      expect(result.timeline.filter((line) => new RegExp(`\\] ${node}\\s+ready\\s`).test(line))).toHaveLength(2);
    }
    expect(result.timeline.slice(0, injected).filter((line) => /\sservice\s/.test(line))).toEqual([]);
  });

  it('says nothing for a repeated status, a line for each flip', () => {
    const entry = (timeMs: number, kind: string, details: Record<string, unknown>): TraceEntry => ({ timeMs, node: 'n', kind, details }) as TraceEntry;
    const lines = renderTimeline([
      entry(1, 'machine-status', { stage: 'running', ready: false, unmet: ['nodeReady'] }),
      entry(2, 'machine-status', { stage: 'running', ready: false, unmet: ['nodeReady'] }),
      entry(3, 'machine-status', { stage: 'running', ready: true, unmet: [] }),
      entry(4, 'machine-status', { stage: 'running', ready: true, unmet: [] }),
      entry(5, 'service', { id: 'kubelet', state: 'Running', message: 'Health check successful' }),
      entry(6, 'service', { id: 'kubelet', state: 'Running', message: 'Health check failed: connection refused' }),
      entry(7, 'service', { id: 'kubelet', state: 'Running', message: 'Health check failed: connection refused' }),
      entry(8, 'service', { id: 'kubelet', state: 'Failed', message: 'Condition failed' }),
    ]);
    expect(lines.map((line) => line.replace(/^\[[^\]]*\] n\s+/, '').replace(/\s+/g, ' '))).toEqual([
      'unmet +nodeReady',
      'ready stage=running',
      'service kubelet unhealthy: connection refused',
      'service kubelet Failed: Condition failed',
    ]);
  });
});
