// The registry of active faults on a cluster (what `talsim up`'s live control will drive) and the
// catalogue as data: ids, defaults filled in, heal / heal all / auto-heal after a duration, typed
// refusals naming what exists, trace entries and change events; every kind documented, every
// numeric option unit-suffixed, every kind exercised by a test in this directory.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, nodesTarget } from './fault-harness.ts';
import { FAULT_KINDS, CONFIG_MUTATORS, CLIENT_CREDENTIAL_FAULTS } from '../../sim/faults/fault-catalogue.ts';
import { FaultError } from '../../sim/faults/fault-error.ts';
import type { FaultChange } from '../../sim/faults/active-faults.ts';

describe('fault registry', () => {
  it('injects with ids and defaults, lists, heals one, heals all newest first, and traces each change', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const changes: FaultChange[] = [];
    faults.onChange((change) => changes.push(change));
    const startMs = cluster.world.kernel.now;
    const slow = faults.inject('disk-slow', nodesTarget('worker-1'));
    const cut = faults.inject('partition', { kind: 'link', from: ['worker-1'], to: ['client'] }, { symmetric: false }, undefined, 'client-cut');
    const dns = faults.inject('dns-failure');
    expect([slow, cut, dns]).toEqual(['f1', 'f2', 'f3']);
    expect(faults.list()).toEqual([
      { id: 'f1', name: 'f1', kind: 'disk-slow', targets: ['worker-1'], options: { extraFsyncLatencyMs: 200 }, injectedAtMs: startMs },
      { id: 'f2', name: 'client-cut', kind: 'partition', targets: { from: ['worker-1'], to: ['client'] }, options: { symmetric: false }, injectedAtMs: startMs },
      { id: 'f3', name: 'f3', kind: 'dns-failure', targets: [], options: {}, injectedAtMs: startMs },
    ]);
    expect(cluster.world.network.canReach('worker-1', 'client')).toBe(false);
    expect(faults.heal('f2')).toBe(true);
    expect(faults.heal('f2')).toBe(false);
    expect(cluster.world.network.canReach('worker-1', 'client')).toBe(true);
    expect(faults.healAll()).toBe(2);
    expect(faults.list()).toEqual([]);
    expect(cluster.node('worker-1').systemDisk()!.faults.extraFsyncLatencyMs).toBe(0);
    expect(cluster.world.network.faults.dnsFailure).toBe(false);
    expect(changes.map((change) => `${change.action} ${change.fault.id}`)).toEqual(['inject f1', 'inject f2', 'inject f3', 'heal f2', 'heal f3', 'heal f1']);
    const traced = cluster.world.trace.all.filter((entry) => entry.kind === 'fault');
    expect(traced[0]).toEqual({
      timeMs: startMs,
      node: 'worker-1',
      kind: 'fault',
      details: { action: 'inject', id: 'f1', faultKind: 'disk-slow', name: 'f1', targets: ['worker-1'], options: { extraFsyncLatencyMs: 200 } },
    });
    expect(traced.map((entry) => entry.details.action)).toEqual(['inject', 'inject', 'inject', 'heal', 'heal', 'heal']);
  });

  it('heals by itself after its duration, as a kernel event', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const startMs = cluster.world.kernel.now;
    faults.inject('link-down', nodesTarget('worker-1'), {}, 45_000);
    expect(faults.list()[0]!.healsAtMs).toBe(startMs + 45_000);
    advance(cluster, 44_999);
    expect(cluster.node('worker-1').nics[0]!.faults.linkDown).toBe(true);
    advance(cluster, 1);
    expect(cluster.node('worker-1').nics[0]!.faults.linkDown).toBe(false);
    expect(faults.list()).toEqual([]);
  });

  it('refuses what does not fit with a FaultError that says what exists, and leaves nothing behind', () => {
    const { faults } = bootedCluster({ controlPlanes: 1 });
    const refusal = (inject: () => unknown) => {
      try {
        inject();
      } catch (error) {
        expect(error).toBeInstanceOf(FaultError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(refusal(() => faults.inject('etcd-dely'))).toMatch(/^fault etcd-dely: no such fault kind; kinds: etcd-commit-delay, etcd-slow-election, /);
    expect(refusal(() => faults.inject('link-dwn'))).toBe('fault link-dwn: no such fault kind; did you mean link-down? (`talsim fault kinds` lists them)');
    expect(refusal(() => faults.inject('config-unknown-keys'))).toContain('(a config fault: use it as `apply-config: { fault: ... }`)');
    expect(refusal(() => faults.inject('client-wrong-role'))).toContain('(a client-side fault: it makes credentials, it is not injected)');
    expect(refusal(() => faults.inject('link-down'))).toBe('fault link-down: targets nodes, not cluster');
    expect(refusal(() => faults.inject('dns-failure', nodesTarget('cp-1')))).toBe('fault dns-failure: targets the whole cluster, not nodes');
    expect(refusal(() => faults.inject('link-down', nodesTarget('worker-9')))).toBe('fault link-down: no node named "worker-9" (nodes: cp-1, worker-1; `client` is talosctl)');
    expect(refusal(() => faults.inject('link-down', nodesTarget('cp-1-')))).toMatch(/no node named "cp-1-" .*: quote the target$/);
    expect(refusal(() => faults.inject('link-down', nodesTarget('worker-1'), { link: 'eth7' }))).toBe('fault link-down: worker-1 has no link eth7 (links: eth0)');
    expect(refusal(() => faults.inject('disk-slow', nodesTarget('worker-1'), { extraFsyncLatencyMs: -1 }))).toMatch(/^fault disk-slow: options\.extraFsyncLatencyMs: /);
    expect(refusal(() => faults.inject('disk-slow', nodesTarget('worker-1'), { latencyMs: 5 }))).toMatch(/^fault disk-slow: options: Unrecognized key/);
    expect(faults.list()).toEqual([]);
  });
});

describe('fault catalogue', () => {
  it('every kind is documented, its options have descriptions, and numeric options carry a unit', () => {
    for (const kind of FAULT_KINDS) {
      expect(kind.description.length, kind.kind).toBeGreaterThan(20);
      const defaults = kind.options.parse({}) as Record<string, unknown>;
      for (const [option, field] of Object.entries(kind.options.shape)) {
        expect((field as { description?: string }).description, `${kind.kind}.${option}`).toBeTruthy();
        if (typeof defaults[option] === 'number') expect(option, kind.kind).toMatch(/(Ms|Bytes|Ratio|Factor|Code)$/);
      }
    }
    expect(CONFIG_MUTATORS.map((mutator) => mutator.kind)).toEqual(['config-malformed-yaml', 'config-unknown-keys', 'config-wrong-version', 'config-ignored-section']);
    expect(CLIENT_CREDENTIAL_FAULTS.map((fault) => fault.kind)).toEqual(['client-cert-no-client-auth', 'client-wrong-role']);
  });

  it('every kind, config fault and client fault is exercised by a test in test/faults', () => {
    const directory = fileURLToPath(new URL('.', import.meta.url));
    const tests = readdirSync(directory)
      .filter((file) => file.endsWith('.test.ts') && file !== 'fault-registry.test.ts')
      .map((file) => readFileSync(`${directory}/${file}`, 'utf8'))
      .join('\n');
    const names = [...FAULT_KINDS, ...CONFIG_MUTATORS, ...CLIENT_CREDENTIAL_FAULTS].map((fault) => fault.kind);
    const exercised = (name: string) => new RegExp(`(^|[^a-z-])${name}([^a-z-]|$)`, 'm').test(tests);
    expect(names.filter((name) => !exercised(name))).toEqual([]);
  });
});
