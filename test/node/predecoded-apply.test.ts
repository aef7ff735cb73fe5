// An apply decoded ahead by the config-decode worker carries the worker's validation, done against
// a snapshot of the node (version, install state, NICs, disks): the main thread uses it as is while
// the node still matches that snapshot, and decodes and validates in place when it does not (a
// disk went away meanwhile, say), so a validation against a node that no longer exists never
// decides an apply.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { applyConfiguration, type PreDecoded } from '../../nodes/node-commands.ts';
import { loadConfigForApply, nodeValidationFacts } from '../../nodes/config-bridge.ts';
import { bootCluster, testClusterPlan } from '../api/harness.ts';

describe('an apply decoded ahead', () => {
  const cluster = new SimCluster(testClusterPlan({ controlPlanes: 1, workers: 1 }), { seed: 'predecoded' });
  bootCluster(cluster);
  const worker = cluster.node('worker-1');
  const kernel = cluster.world.kernel;

  const predecoded = (text: string, validatedFor: string): PreDecoded => ({
    against: worker.config,
    talosVersion: worker.talosVersion,
    loaded: loadConfigForApply(text, worker.talosVersion, false),
    validation: { errors: ['worker says no'], errorText: 'as validated by the worker', warnings: [] },
    validatedFor,
  });
  const apply = (text: string, decoded: PreDecoded) => {
    const operation = applyConfiguration(worker, { data: text, decoded, mode: 'no-reboot', dryRun: true });
    kernel.runUntilCondition(() => operation.done, { maxTimeMs: kernel.now + 60_000 });
    return operation;
  };

  it("uses the worker's validation while the node matches the snapshot it was made against", () => {
    const text = worker.config!.text;
    const operation = apply(text, predecoded(text, JSON.stringify(nodeValidationFacts(worker))));
    expect(operation.error?.message).toBe('configuration validation failed: as validated by the worker');
  });

  it('decodes and validates in place when the node changed since', () => {
    const text = worker.config!.text;
    const stale = { ...nodeValidationFacts(worker), disks: [] };
    const operation = apply(text, predecoded(text, JSON.stringify(stale)));
    expect(operation.error).toBeUndefined();
    expect(operation.result?.modeDetails).toMatch(/^Dry run summary:/);
  });
});
