// A resource spec reaches clients twice: yaml_spec (never empty, Go's YAML layout, reads back to
// the same data) and proto_spec (the type's spec message, decodable by a protobuf client). Label
// and id queries filter lists and watches with COSI's semantics.

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { yamlSpecText } from '../../nodes/go-format/yaml-spec.ts';
import { protoSpecBytes } from '../../nodes/api/cosi-proto-spec.ts';
import { idQueryMatcher, labelQueryMatcher } from '../../nodes/api/cosi-queries.ts';
import { decodeMessage } from '../../proto/load.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { received } from './cosi-test-support.ts';
import type { LabelQuery__Output } from '../../proto/gen/cosi/resource/LabelQuery.ts';

const CONFIG_TEXT = 'version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  clusterName: talsim\n';

describe('yaml_spec', () => {
  it('writes a mapping the way Go does: four-space indents, sequences under their key', () => {
    const text = yamlSpecText({ stage: 'running', status: { ready: false, unmetConditions: [{ name: 'time', reason: 'time is not synced' }] } });
    expect(text).toBe(
      ['stage: running', 'status:', '    ready: false', '    unmetConditions:', '        - name: time', '          reason: time is not synced', ''].join('\n'),
    );
  });

  it('is `{}` for an empty or absent spec, never empty', () => {
    expect(yamlSpecText({})).toBe('{}\n');
    expect(yamlSpecText(null)).toBe('{}\n');
    expect(yamlSpecText(undefined)).toBe('{}\n');
  });

  it('writes a bare string spec as one scalar (MachineType)', () => {
    expect(yamlSpecText('controlplane')).toBe('controlplane\n');
    expect(parseYaml(yamlSpecText('true'))).toBe('true');
  });

  it('writes a whole machine config as an indented literal block that reads back byte for byte', () => {
    const text = yamlSpecText(CONFIG_TEXT);
    expect(text.startsWith('|\n    version: v1alpha1\n')).toBe(true);
    expect(parseYaml(text)).toBe(CONFIG_TEXT);
    expect(parseYaml(yamlSpecText('a\nb'))).toBe('a\nb');
    expect(parseYaml(yamlSpecText('a\n\n'))).toBe('a\n\n');
    expect(parseYaml(yamlSpecText('  indented\nnext\n'))).toBe('  indented\nnext\n');
  });

  it('falls back to a general writer for shapes the Go writer leaves out, reading back the same', () => {
    const spec = { matrix: [[1, 2], [3]], note: 'line one\nline two', undefinedKey: undefined };
    expect(parseYaml(yamlSpecText(spec))).toEqual({ matrix: [[1, 2], [3]], note: 'line one\nline two' });
  });
});

describe('proto_spec', () => {
  it('encodes MachineStatus with the stage as the enum and unmet conditions', () => {
    const bytes = protoSpecBytes('talos.resource.definitions.runtime.MachineStatusSpec', {
      stage: 'shutting down',
      status: { ready: false, unmetConditions: [{ name: 'services', reason: 'etcd not running' }] },
    });
    expect(decodeMessage('talos.resource.definitions.runtime.MachineStatusSpec', bytes!)).toEqual({
      stage: 'MACHINE_STAGE_SHUTTING_DOWN',
      status: { ready: false, unmet_conditions: [{ name: 'services', reason: 'etcd not running' }] },
    });
  });

  it('encodes MachineConfig as the config text in yaml_marshalled', () => {
    const bytes = protoSpecBytes('resource.config.MachineConfigSpec', CONFIG_TEXT);
    const decoded = decodeMessage<{ yaml_marshalled: Buffer }>('resource.config.MachineConfigSpec', bytes!);
    expect(decoded.yaml_marshalled.toString('utf8')).toBe(CONFIG_TEXT);
  });

  it('fills other messages field by field from YAML keys, leaving out values of another shape', () => {
    const member = protoSpecBytes('talos.resource.definitions.etcd.MemberSpec', { memberID: '0a1b2c3d4e5f6071' });
    expect(decodeMessage('talos.resource.definitions.etcd.MemberSpec', member!)).toEqual({ member_id: '0a1b2c3d4e5f6071' });
    const disk = protoSpecBytes('talos.resource.definitions.block.DiskSpec', {
      dev_path: '/dev/sda',
      size: 10_737_418_240,
      readonly: false,
      rotational: 'yes',
      symlinks: ['/dev/disk/by-id/wwn-0x1'],
    });
    const decoded = decodeMessage<Record<string, unknown>>('talos.resource.definitions.block.DiskSpec', disk!);
    expect(decoded.dev_path).toBe('/dev/sda');
    expect(decoded.size).toBe('10737418240');
    expect(decoded.rotational).toBe(false);
    expect(decoded.symlinks).toEqual(['/dev/disk/by-id/wwn-0x1']);
  });

  it('has none for a type without a spec message', () => {
    expect(protoSpecBytes(undefined, { any: 'thing' })).toBeUndefined();
    expect(protoSpecBytes('talos.resource.definitions.etcd.MemberSpec', 'a bare string')).toBeUndefined();
  });
});

describe('label and id queries', () => {
  const query = (terms: object[]): LabelQuery__Output => received<LabelQuery__Output>('cosi.resource.LabelQuery', { terms });
  const labels = { role: 'controlplane', generation: '10', zone: 'b' };

  it('ANDs the terms of one query and ORs several queries', () => {
    const both = labelQueryMatcher([query([{ key: 'role', op: 'EQUAL', value: ['controlplane'] }, { key: 'zone', op: 'EXISTS' }])]);
    expect(both(labels)).toBe(true);
    expect(both({ role: 'controlplane' })).toBe(false);
    const either = labelQueryMatcher([query([{ key: 'role', op: 'EQUAL', value: ['worker'] }]), query([{ key: 'zone', op: 'EXISTS' }])]);
    expect(either(labels)).toBe(true);
    expect(either({})).toBe(false);
    expect(labelQueryMatcher([])({})).toBe(true);
  });

  it('supports invert, IN and numeric comparisons', () => {
    expect(labelQueryMatcher([query([{ key: 'zone', op: 'EXISTS', invert: true }])])(labels)).toBe(false);
    expect(labelQueryMatcher([query([{ key: 'zone', op: 'IN', value: ['a', 'b'] }])])(labels)).toBe(true);
    expect(labelQueryMatcher([query([{ key: 'generation', op: 'LT_NUMERIC', value: ['9'] }])])(labels)).toBe(false);
    expect(labelQueryMatcher([query([{ key: 'generation', op: 'LT', value: ['9'] }])])(labels)).toBe(true);
  });

  it('searches the id for the regexp anywhere, as Go does, and refuses one that does not compile', () => {
    expect(idQueryMatcher({ regexp: 'ube' })('kubelet')).toBe(true);
    expect(idQueryMatcher({ regexp: '^ube' })('kubelet')).toBe(false);
    expect(idQueryMatcher(null)('anything')).toBe(true);
    expect(() => idQueryMatcher({ regexp: '(' })).toThrow(TalosApiError);
  });
});
