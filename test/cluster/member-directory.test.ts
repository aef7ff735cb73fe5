// Discovery's directory is kept incrementally: a node's address change refreshes only that node's
// entry (other entries keep their objects, so Members controllers skip them), the shared subset of
// large clusters gets a new generation only when its content changes, and a config change
// refreshes every entry.
import { describe, expect, it } from 'vitest';
import { MemberDirectory, type DirectoryNode } from '../../sim/cluster/member-directory.ts';

function fakeNodes(count: number, controlPlanes = 3) {
  const state = new Map<string, { addresses: string[]; hostname: string; reads: number }>();
  const nodes = new Map<string, DirectoryNode>();
  for (let index = 0; index < count; index++) {
    const name = index < controlPlanes ? `cp-${index + 1}` : `w-${index + 1 - controlPlanes}`;
    const own = { addresses: [] as string[], hostname: name, reads: 0 };
    state.set(name, own);
    nodes.set(name, {
      name,
      nodeId: `id-${name}`,
      talosVersion: 'v1.13.9',
      isMember: () => own.addresses.length > 0,
      hostname: () => {
        own.reads++;
        return own.hostname;
      },
      addresses: () => own.addresses,
      machineType: () => (name.startsWith('cp-') ? 'controlplane' : 'worker'),
    });
  }
  return { nodes, state };
}

describe('member directory', () => {
  it('refreshes only the entries of nodes whose addresses changed', () => {
    const { nodes, state } = fakeNodes(10);
    const directory = new MemberDirectory(nodes);
    for (const [name, own] of state) own.addresses = [`10.5.0.${name.length}`];
    directory.refresh(0);
    const before = directory.all();
    expect(before.map((m) => m.name)).toEqual([...nodes.keys()]);
    for (const own of state.values()) own.reads = 0;
    state.get('w-3')!.addresses = ['10.5.0.99'];
    directory.noteChanged('w-3');
    directory.refresh(0);
    const after = directory.all();
    expect([...state.values()].map((own) => own.reads)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(after.filter((entry, index) => entry !== before[index]).map((m) => m.name)).toEqual(['w-3']);
    expect(directory.entry('w-3')!.addresses).toEqual(['10.5.0.99']);
  });

  it('a node that loses its addresses leaves; a config change refreshes everyone', () => {
    const { nodes, state } = fakeNodes(5);
    const directory = new MemberDirectory(nodes);
    for (const own of state.values()) own.addresses = ['10.5.0.2'];
    directory.refresh(0);
    state.get('cp-2')!.addresses = [];
    directory.noteChanged('cp-2');
    directory.refresh(0);
    expect(directory.all().map((m) => m.name)).toEqual(['cp-1', 'cp-3', 'w-1', 'w-2']);
    state.get('w-1')!.hostname = 'renamed';
    directory.refresh(0);
    expect(directory.entry('w-1')!.hostname).toBe('w-1');
    directory.refresh(1);
    expect(directory.entry('w-1')!.hostname).toBe('renamed');
  });

  it('past the limit every node shares the first members and the control planes, with a stable generation', () => {
    const { nodes, state } = fakeNodes(200, 2);
    const directory = new MemberDirectory(nodes);
    for (const own of state.values()) own.addresses = ['10.5.0.2'];
    directory.refresh(0);
    const controlPlanes = ['cp-1', 'cp-2'];
    const first = directory.sharedSubset(64, controlPlanes);
    expect(first.members.map((m) => m.name)).toEqual([...nodes.keys()].slice(0, 64));
    const version = directory.version(64, controlPlanes);
    state.get('w-150')!.addresses = ['10.5.0.150'];
    directory.noteChanged('w-150');
    directory.refresh(0);
    expect(directory.sharedSubset(64, controlPlanes).generation).toBe(first.generation);
    expect(directory.version(64, controlPlanes)).toBe(version);
    state.get('cp-1')!.addresses = [];
    directory.noteChanged('cp-1');
    directory.refresh(0);
    const next = directory.sharedSubset(64, controlPlanes);
    expect(next.generation).not.toBe(first.generation);
    expect(next.members.map((m) => m.name)).toEqual([...nodes.keys()].slice(1, 65));
  });

  it('the shared subset, kept incrementally, is always what a pass over the node order gives', () => {
    const { nodes, state } = fakeNodes(300, 3);
    const names = [...nodes.keys()];
    const directory = new MemberDirectory(nodes);
    const controlPlanes = ['cp-1', 'cp-2', 'cp-3'];
    const limit = 16;
    const reference = () => {
      const first = names.filter((name) => directory.entry(name)).slice(0, limit);
      return [...first, ...controlPlanes.filter((name) => directory.entry(name) && !first.includes(name))];
    };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let generation = directory.sharedSubset(limit, controlPlanes).generation;
    let previous = directory.sharedSubset(limit, controlPlanes).members;
    for (let step = 0; step < 3_000; step++) {
      // Mostly late nodes (as in a big boot), sometimes early ones and control planes.
      const name = names[next() < 0.8 ? Math.floor(next() * names.length) : Math.floor(next() * 24)]!;
      const own = state.get(name)!;
      own.addresses = next() < 0.25 ? [] : [`10.5.${Math.floor(next() * 4)}.1`];
      directory.noteChanged(name);
      directory.refresh(0);
      if (next() < 0.5) continue;
      const subset = directory.sharedSubset(limit, controlPlanes);
      expect(subset.members.map((m) => m.name)).toEqual(reference());
      expect(subset.members.map((m) => directory.entry(m.name))).toEqual(subset.members);
      const same = subset.members.length === previous.length && subset.members.every((m, i) => m === previous[i]);
      expect(subset.generation).toBe(same ? generation : generation + 1);
      generation = subset.generation;
      previous = subset.members;
    }
  });
});
