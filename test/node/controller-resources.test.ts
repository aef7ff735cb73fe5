// The resource types a reconcile pass's steps declare they read and write
// (nodes/controllers/controller-resources.ts) are the ones their source reads and writes, and a
// write wakes the node's controllers only when a step reads its type.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PASS_RESOURCES, passReads } from '../../nodes/controllers/controller-resources.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { clusterPlan } from '../../bench/lib/boot-cluster.ts';

const STEP_FILES = [
  ...readdirSync('nodes/controllers').filter((f) => f.endsWith('.ts')).map((f) => `nodes/controllers/${f}`),
  'nodes/node-services.ts',
  'nodes/node-apply.ts',
  'nodes/document-convergence.ts',
  'nodes/filesystem/proc-swaps.ts',
];

const TYPES = RT as Record<string, string>;
const READ_CALL = /\.(?:get|list|kindVersion|count|ids)(?:<[^>(]*>)?\(\s*'[a-z0-9]+',\s*RT\.(\w+)/g;
const WRITE_CALL = /\.(?:put|destroy|prune)(?:<[^>(]*>)?\(\s*'[a-z0-9]+',\s*RT\.(\w+)/g;
/** component-specs prunes a list of [namespace, type] pairs in one loop. */
const PRUNED_PAIR = /\[\s*'[a-z0-9]+',\s*RT\.(\w+)\s*\]/g;

function found(source: string, pattern: RegExp): Set<string> {
  return new Set([...source.matchAll(pattern)].map((match) => TYPES[match[1]!]!));
}

describe('declared resources of the reconcile pass', () => {
  for (const file of STEP_FILES) {
    const source = readFileSync(file, 'utf8');
    const step = basename(file, '.ts');
    const reads = found(source, READ_CALL);
    const writes = found(source, WRITE_CALL);
    if (/\.prune\(namespace, type/.test(source)) for (const type of found(source, PRUNED_PAIR)) writes.add(type);
    if (reads.size === 0 && writes.size === 0) continue;
    it(`${step}: declares exactly the types its source reads and writes`, () => {
      const declared = PASS_RESOURCES[step];
      expect(declared, `${file} touches resources: declare it in PASS_RESOURCES`).toBeDefined();
      expect(new Set([...declared!.reads, ...(declared!.compares ?? [])])).toEqual(reads);
      expect(new Set(declared!.writes)).toEqual(writes);
    });
  }

  it('every declared step is a file of the pass', () => {
    expect(Object.keys(PASS_RESOURCES).sort()).toEqual(Object.keys(PASS_RESOURCES).filter((step) => STEP_FILES.some((file) => basename(file, '.ts') === step)).sort());
  });

  it('only types some step reads wake the pass', () => {
    expect(passReads(RT.addressStatus)).toBe(true);
    expect(passReads(RT.volumeStatus)).toBe(true);
    expect(passReads(RT.machineStatus)).toBe(false);
    expect(passReads(RT.member)).toBe(false);
    expect(passReads(RT.service)).toBe(false);
  });

  it('a write of a type no step reads schedules no pass; one that a step reads schedules one', () => {
    const cluster = new SimCluster({ name: 'wake', endpoint: '', subnet: '10.5.0.0/24', talosVersion: 'v1.13.0', nodes: clusterPlan(1) }, { seed: 'wake' });
    const kernel = cluster.world.kernel;
    const node = cluster.node('w-1');
    const before = kernel.pendingEvents;
    node.resources.put('cluster', RT.member, 'someone', { hostname: 'someone' });
    expect(kernel.pendingEvents).toBe(before);
    node.resources.put('network', RT.addressStatus, 'eth0/10.5.0.99/24', { address: '10.5.0.99/24' });
    expect(kernel.pendingEvents).toBe(before + 1);
    expect(kernel.nextEventLabel()).toBe('reconcile w-1');
  });
});
