// The loader refuses a node whose patched config could not be served back (nodes/served-config-size.ts)
// by building the configs the run will build: with the run's seed (the scenario's, or `--seed`
// given to the loader), since a generated config carries secrets drawn from the seed and its size
// moves with it by a few bytes. A config padded to the limit for one seed is accepted for that
// seed and refused for a seed whose config is longer.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { loadScenarioFile, loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { ScenarioError } from '../../sim/errors.ts';
import { firstConfigMetadata, GRPC_MAX_MESSAGE_BYTES, servedMachineConfigBytes } from '../../nodes/served-config-size.ts';

const SMALL_PAD = 1000;
const patchOf = (pad: number) => `machine:\n  nodeAnnotations:\n    pad: ${'x'.repeat(pad)}\n`;
const scenarioOf = (seed: string, patch: string) => `name: near-limit\nseed: "${seed}"\ncluster:\n  nodes:\n    - name: cp-1\n      role: controlplane\n      patches:\n        - ${patch}\n`;

/** cp-1's config text with a small pad, and the wall clock its first MachineConfig gets, for `seed`. */
function smallConfig(seed: string, dir: string): { text: string; epochWallMs: number } {
  writeFileSync(join(dir, 'small.yaml'), patchOf(SMALL_PAD));
  const plan = loadScenarioFile(writeScenario(dir, seed, '"@small.yaml"'));
  const cluster = new SimCluster(plan.cluster, { seed });
  return { text: cluster.configTextFor(plan.cluster.nodes[0]!), epochWallMs: cluster.world.epochWallMs };
}

function writeScenario(dir: string, seed: string, patch: string): string {
  const path = join(dir, `scenario-${seed}.yaml`);
  writeFileSync(path, scenarioOf(seed, patch));
  return path;
}

describe('the servable-config check uses the seed the run will use', () => {
  it('a config padded to the limit for one seed loads with it and is refused with a seed whose config is longer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-servable-seed-'));
    // Two seeds whose generated configs differ in length (secrets drawn from the seed).
    const lengths = ['1', '2', '3', '4', '5', '6', '7', '8'].map((seed) => {
      const plan = loadScenarioText(scenarioOf(seed, '{ machine: { nodeLabels: { a: b } } }'), join(dir, 'x.yaml'), () => '');
      return { seed, length: new SimCluster(plan.cluster, { seed }).configTextFor(plan.cluster.nodes[0]!).length };
    }).sort((a, b) => a.length - b.length);
    const [short, long] = [lengths[0]!, lengths[lengths.length - 1]!];
    expect(long.length).toBeGreaterThan(short.length);
    // The same configs with the pad grown to `pad` bytes, and the bytes their MachineConfig would take.
    const a = smallConfig(short.seed, dir);
    const b = smallConfig(long.seed, dir);
    const grown = (config: { text: string }, pad: number) => config.text.replace('x'.repeat(SMALL_PAD), 'x'.repeat(pad));
    const served = (config: { text: string; epochWallMs: number }, pad: number) => servedMachineConfigBytes(grown(config, pad), firstConfigMetadata(config.epochWallMs));
    // Each pad byte adds two served bytes (the config is carried twice): a first guess, then the exact fit.
    const guess = SMALL_PAD + Math.floor((GRPC_MAX_MESSAGE_BYTES - served(a, SMALL_PAD)) / 2);
    const pad = guess + Math.floor((GRPC_MAX_MESSAGE_BYTES - served(a, guess)) / 2);
    expect(served(a, pad)).toBeLessThanOrEqual(GRPC_MAX_MESSAGE_BYTES);
    expect(served(b, pad)).toBeGreaterThan(GRPC_MAX_MESSAGE_BYTES);

    writeFileSync(join(dir, 'pad.yaml'), patchOf(pad));
    const path = writeScenario(dir, short.seed, '"@pad.yaml"');
    // Its own seed: servable, loads.
    expect(loadScenarioFile(path).seed).toBe(short.seed);
    // The same file run with --seed <long>: refused at the node's patches, with the sizes that seed gives.
    let refused: unknown;
    try {
      loadScenarioFile(path, { seed: long.seed });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ScenarioError);
    const error = refused as ScenarioError;
    expect(error.fieldPath).toBe('cluster.nodes[0].patches');
    expect(error.found).toBe(`node "cp-1": configuration of ${grown(b, pad).length} bytes is too large to be read back: its MachineConfig resource would be ${served(b, pad)} bytes, over the ${GRPC_MAX_MESSAGE_BYTES}-byte gRPC message limit (the config is carried twice)`);
  }, 120_000);
});
