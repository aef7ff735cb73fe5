// The shape of the code, checked: every relative import between sim/ and nodes/ files goes down
// the layers (kernel -> node -> API edge / cluster -> faults -> scenario harness -> report ->
// swarm -> host files -> live -> UI -> CLI), and no files import each other in a ring. Known exceptions are
// listed by name and may only shrink: an entry no longer needed fails the test too.
import { describe, expect, it } from 'vitest';
import { cycles, readImportGraph } from './import-graph.ts';

/** Layers from the bottom; a file may import its own layer and the layers before it, except as `may` says. */
const LAYERS: Array<{ name: string; files: RegExp; may?: string[] }> = [
  { name: 'kernel', files: /^sim\/(kernel\/|errors\.ts$)/ },
  { name: 'node', files: /^nodes\/(?!api\/)/ },
  { name: 'api', files: /^nodes\/api\//, may: ['kernel', 'node'] },
  { name: 'cluster', files: /^sim\/cluster\//, may: ['kernel', 'node'] },
  { name: 'kube-api', files: /^sim\/kube-api\//, may: ['kernel', 'node', 'cluster'] /* the Kubernetes API edge over the cluster's model */ },
  { name: 'faults', files: /^sim\/faults\//, may: ['kernel', 'node', 'cluster'] },
  { name: 'scenario', files: /^sim\/scenario\// },
  { name: 'report', files: /^sim\/report\// },
  { name: 'swarm', files: /^sim\/swarm\// },
  { name: 'files', files: /^sim\/files\//, may: [] /* host file writes for the front ends */ },
  { name: 'live', files: /^sim\/live\// },
  { name: 'ui', files: /^sim\/ui\// },
  { name: 'cli', files: /^sim\/cli\// },
];

/**
 * Arrows that break the rule today, being removed (issue 9), as `from -> to` globs (`*` stays
 * inside one folder). Must end empty.
 */
const KNOWN_BACKWARD: string[] = [];

/** Import rings that exist today, being removed (issue 9): a ring is excused when every file matches one glob of an entry. Must end empty. */
const KNOWN_CYCLES: string[][] = [];

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
const arrowExcused = (pattern: string, arrow: string) => {
  const [from, to] = pattern.split(' -> ');
  const [source, target] = arrow.split(' -> ');
  return glob(from).test(source) && glob(to).test(target);
};
const ringExcused = (entry: string[], ring: string[]) => ring.every((file) => entry.some((pattern) => glob(pattern).test(file)));

function layerOf(file: string) {
  const index = LAYERS.findIndex((layer) => layer.files.test(file));
  if (index < 0) throw new Error(`${file} belongs to no layer: add it to LAYERS in import-rules.test.ts`);
  return { index, layer: LAYERS[index] };
}

function allowed(from: string, to: string): boolean {
  const source = layerOf(from);
  const target = layerOf(to);
  if (source.layer.may) return target.layer.name === source.layer.name || source.layer.may.includes(target.layer.name);
  return target.index <= source.index;
}

const graph = readImportGraph(['sim', 'nodes']);

describe('import rules', () => {
  it('every file of sim/ and nodes/ belongs to a layer', () => {
    for (const file of graph.keys()) layerOf(file);
  });

  it('imports go down the layers only (nodes/ reaches sim/ only for the kernel)', () => {
    const backward: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of [...targets].sort()) {
        if (graph.has(to) && !allowed(from, to)) backward.push(`${from} -> ${to}`);
      }
    }
    backward.sort();
    expect(backward.filter((arrow) => !KNOWN_BACKWARD.some((pattern) => arrowExcused(pattern, arrow))), 'backward arrows').toEqual([]);
    expect(KNOWN_BACKWARD.filter((pattern) => !backward.some((arrow) => arrowExcused(pattern, arrow))), 'exceptions no longer needed: remove them').toEqual([]);
  });

  it('no import cycles', () => {
    const rings = cycles(graph);
    expect(rings.filter((ring) => !KNOWN_CYCLES.some((entry) => ringExcused(entry, ring))).map((ring) => ring.join(' ')), 'import cycles').toEqual([]);
    expect(KNOWN_CYCLES.filter((entry) => !rings.some((ring) => ringExcused(entry, ring))), 'exceptions no longer needed: remove them').toEqual([]);
  });

  it('controllers and the node\'s parts see their node through its contexts, never node.ts', () => {
    const parts = [...graph.keys()].filter((file) => /^nodes\/(controllers\/|filesystem\/|node-(services|tasks|apply|status|context)\.ts$)/.test(file));
    expect(parts.length).toBeGreaterThan(8);
    expect(parts.filter((file) => graph.get(file)!.has('nodes/node.ts'))).toEqual([]);
  });

  it('the cycle finder finds a ring and the graph reader sees every import form', () => {
    const ring = new Map([
      ['a.ts', new Set(['b.ts'])],
      ['b.ts', new Set(['c.ts'])],
      ['c.ts', new Set(['a.ts'])],
      ['d.ts', new Set(['a.ts'])],
    ]);
    expect(cycles(ring)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(arrowExcused('nodes/api/* -> sim/x.ts', 'nodes/api/a.ts -> sim/x.ts')).toBe(true);
    expect(arrowExcused('nodes/api/* -> sim/x.ts', 'nodes/api/deep/a.ts -> sim/x.ts')).toBe(false);
    expect(allowed('nodes/node.ts', 'sim/cluster/world.ts')).toBe(false);
    expect(allowed('nodes/api/a.ts', 'sim/kernel/kernel.ts')).toBe(true);
    expect(allowed('sim/cluster/a.ts', 'nodes/api/a.ts')).toBe(false);
    expect(graph.get('sim/cli/main.ts')?.has('sim/cli/run-command.ts')).toBe(true); // dynamic import
  });
});
