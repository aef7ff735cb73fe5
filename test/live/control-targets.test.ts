// The texts a command line gives the live control service, read into what the fault registry and
// the kinds' schemas take: targets (node names, roles, all, one link) and `--set key=value`
// options typed by the kind's schema. Wrong shapes are refused naming what was expected.
import { describe, expect, it } from 'vitest';
import { parseTargetTexts, targetTexts } from '../../sim/live/control-targets.ts';
import { optionFields, parseOptionAssignments } from '../../sim/live/control-options.ts';
import { controlLogLine } from '../../sim/live/control-log.ts';
import { faultKind } from '../../sim/faults/fault-catalogue.ts';
import { FaultError } from '../../sim/faults/fault-error.ts';

const linkDown = faultKind('link-down');
const partition = faultKind('partition');
const quorumLoss = faultKind('etcd-quorum-loss');

describe('control targets', () => {
  it('reads node names, comma lists, roles and all for a nodes kind', () => {
    expect(parseTargetTexts(linkDown, ['worker-1'])).toEqual({ kind: 'nodes', nodes: { kind: 'names', names: ['worker-1'] } });
    expect(parseTargetTexts(linkDown, ['worker-1,worker-2', 'cp-1', 'worker-1'])).toEqual({ kind: 'nodes', nodes: { kind: 'names', names: ['worker-1', 'worker-2', 'cp-1'] } });
    expect(parseTargetTexts(linkDown, ['role:controlplane'])).toEqual({ kind: 'nodes', nodes: { kind: 'role', role: 'controlplane' } });
    expect(parseTargetTexts(linkDown, ['all'])).toEqual({ kind: 'nodes', nodes: { kind: 'all' } });
  });

  it('reads one link from->to with comma lists and client', () => {
    expect(parseTargetTexts(partition, ['cp-1,cp-2->worker-1'])).toEqual({ kind: 'link', from: ['cp-1', 'cp-2'], to: ['worker-1'] });
    expect(parseTargetTexts(partition, ['client->cp-1'])).toEqual({ kind: 'link', from: ['client'], to: ['cp-1'] });
    expect(targetTexts({ from: ['cp-1', 'cp-2'], to: ['worker-1'] })).toEqual(['cp-1,cp-2->worker-1']);
    expect(targetTexts(['worker-1'])).toEqual(['worker-1']);
  });

  it('refuses targets of the wrong shape, saying what the kind takes', () => {
    expect(() => parseTargetTexts(linkDown, [])).toThrow(new FaultError('link-down', 'targets: expected node names, role:controlplane, role:worker or all, found none'));
    expect(() => parseTargetTexts(linkDown, ['role:etcd'])).toThrow(/found "role:etcd"/);
    expect(() => parseTargetTexts(linkDown, ['all', 'cp-1'])).toThrow(/all stands alone/);
    expect(() => parseTargetTexts(linkDown, ['cp-1->worker-1'])).toThrow(FaultError);
    expect(() => parseTargetTexts(partition, ['cp-1'])).toThrow(/expected one link from->to/);
    expect(() => parseTargetTexts(partition, ['cp-1->'])).toThrow(FaultError);
    expect(() => parseTargetTexts(partition, ['a->b', 'c->d'])).toThrow(FaultError);
    expect(() => parseTargetTexts(quorumLoss, ['cp-1'])).toThrow(/expected no target \(the whole cluster\)/);
    expect(parseTargetTexts(quorumLoss, [])).toEqual({ kind: 'cluster' });
  });

  it('says to quote the target when a shell cut an unquoted from->to at its `>`', () => {
    expect(() => parseTargetTexts(partition, ['cp-1-'])).toThrow(/found "cp-1-"; a target ending in "-" is what a shell leaves of an unquoted link: quote it, e.g. --target 'cp-1->worker-2'/);
    expect(() => parseTargetTexts(partition, ['cp-1'])).not.toThrow(/quote/);
  });
});

describe('control options', () => {
  it('types --set values by the kind schema', () => {
    const latency = faultKind('network-latency');
    expect(parseOptionAssignments(latency, ['latencyMs=250', 'lossRatio=0.1', 'symmetric=false', 'jitterMs=1.5s'])).toEqual({ latencyMs: 250, lossRatio: 0.1, symmetric: false, jitterMs: 1500 });
    expect(parseOptionAssignments(linkDown, ['link=eth1'])).toEqual({ link: 'eth1' });
    expect(parseOptionAssignments(faultKind('service-crash-loop'), ['message=signal: killed'])).toEqual({ message: 'signal: killed' });
    expect(parseOptionAssignments(linkDown, ['nosuch=3'])).toEqual({ nosuch: 3 });
  });

  it('refuses a value of the wrong type and a text that is no assignment', () => {
    const latency = faultKind('network-latency');
    expect(() => parseOptionAssignments(latency, ['latencyMs=soon'])).toThrow(new FaultError('network-latency', '--set latencyMs: expected a number of ms or a duration (500ms, 30s, 2m), found "soon"'));
    expect(() => parseOptionAssignments(latency, ['symmetric=yes'])).toThrow(/expected true or false/);
    expect(() => parseOptionAssignments(latency, ['latencyMs'])).toThrow(/expected key=value/);
  });

  it('lists each option with type, default and description', () => {
    expect(optionFields(faultKind('etcd-quorum-loss'))).toEqual([
      expect.objectContaining({ name: 'method', type: 'string', defaultValue: 'partition', allowed: ['partition', 'stop'] }),
    ]);
  });
});

describe('control log line', () => {
  it('prints control entries as the plain log prints its kinds, and nothing else', () => {
    expect(controlLogLine({ timeMs: 125_500, node: '-', kind: 'control', details: { action: 'speed', speed: 50 } })).toBe('[ 2m05.500s] -          control              action=speed speed=50');
    expect(controlLogLine({ timeMs: 0, node: 'cp-1', kind: 'stage', details: {} })).toBeUndefined();
  });
});
