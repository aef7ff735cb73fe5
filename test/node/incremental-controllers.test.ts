// Incremental reconciliation must not change behaviour: a controller skipped because none of its
// declared inputs changed would only have repeated no-op writes. Every bundled scenario (with a
// seed of its own) and a 3 CP + 5 worker boot give the same trace, event count and resources
// (versions included) with skipping on and with every controller run on every pass.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';
import { bootSmallCluster } from '../setup/boot-small-cluster.ts';
import { RESOURCE_TYPES } from '../../nodes/resources/resource-types.ts';
import { setIncrementalControllers } from '../../nodes/controllers/controller-inputs.ts';

afterEach(() => setIncrementalControllers(true));

function bothWays<T>(run: () => T): { incremental: T; full: T } {
  setIncrementalControllers(true);
  const incremental = run();
  setIncrementalControllers(false);
  const full = run();
  setIncrementalControllers(true);
  return { incremental, full };
}

function bootAndDump(): { trace: string; events: number; resources: string[] } {
  const cluster = bootSmallCluster('incremental');
  const kernel = cluster.world.kernel;
  const all = [...cluster.nodes.values()];
  const resources: string[] = [];
  for (const node of all) {
    for (const def of RESOURCE_TYPES) {
      for (const r of node.resources.list(def.namespace, def.type)) {
        resources.push(`${node.name} ${def.namespace} ${def.type} ${r.metadata.id} v${r.metadata.version} ${r.metadata.updatedMs} ${JSON.stringify(r.spec)}`);
      }
    }
  }
  return { trace: cluster.world.trace.toJsonl(), events: kernel.eventsFired, resources };
}

describe('incremental reconciliation', () => {
  it('a cluster boot: same trace, events and resources with and without skipping', () => {
    const { incremental, full } = bothWays(bootAndDump);
    expect(incremental.resources.length).toBeGreaterThan(100);
    expect(incremental.events).toBe(full.events);
    expect(incremental.resources).toEqual(full.resources);
    expect(incremental.trace).toBe(full.trace);
  });

  for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${file}: same trace with and without skipping`, () => {
      const plan = loadScenarioFile(`scenarios/${file}`);
      const { incremental, full } = bothWays(() => runScenario(plan, { seed: `${plan.seed}-incremental` }));
      expect(incremental.eventsFired).toBe(full.eventsFired);
      expect(incremental.traceJsonl).toBe(full.traceJsonl);
    });
  }
});
