// The well-known type helpers: timestamps and durations from virtual milliseconds, and Struct
// from JSON, checked against the bytes the google.protobuf definitions imply.

import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../proto/load.ts';
import {
  durationFromMs,
  jsonFromStruct,
  msFromDuration,
  msFromTimestamp,
  structFromJson,
  timestampFromMs,
} from '../../proto/well-known.ts';

describe('timestamps and durations', () => {
  it('splits milliseconds into seconds and nanos', () => {
    expect(timestampFromMs(1_700_000_000_123)).toEqual({ seconds: '1700000000', nanos: 123_000_000 });
    expect(msFromTimestamp({ seconds: '1700000000', nanos: 123_000_000 })).toBe(1_700_000_000_123);
    expect(msFromTimestamp(null)).toBe(0);
  });

  it('keeps nanos non-negative for instants before the epoch', () => {
    expect(timestampFromMs(-1)).toEqual({ seconds: '-1', nanos: 999_000_000 });
    expect(msFromTimestamp(timestampFromMs(-1))).toBe(-1);
  });

  it('gives durations one sign, and a 1m try timeout encodes as seconds = 60', () => {
    expect(durationFromMs(-1500)).toEqual({ seconds: '-1', nanos: -500_000_000 });
    expect(msFromDuration(durationFromMs(-1500))).toBe(-1500);
    const bytes = encodeMessage('machine.ApplyConfigurationRequest', { try_mode_timeout: durationFromMs(60_000) });
    expect(bytes.toString('hex')).toBe('3202' + '083c');
    const decoded = decodeMessage<{ try_mode_timeout: { seconds: string; nanos: number } }>(
      'machine.ApplyConfigurationRequest',
      bytes,
    );
    expect(msFromDuration(decoded.try_mode_timeout)).toBe(60_000);
  });
});

describe('Struct', () => {
  it('round-trips a pod status through StaticPodStatusSpec', () => {
    const podStatus = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      restartCount: 0,
      hostIP: null,
      ready: true,
    };
    const bytes = encodeMessage('talos.resource.definitions.k8s.StaticPodStatusSpec', {
      pod_status: structFromJson(podStatus),
    });
    const decoded = decodeMessage<{ pod_status: Parameters<typeof jsonFromStruct>[0] }>(
      'talos.resource.definitions.k8s.StaticPodStatusSpec',
      bytes,
    );
    expect(jsonFromStruct(decoded.pod_status)).toEqual(podStatus);
  });

  it('encodes a string value as Struct.fields entry -> Value.string_value (field 3)', () => {
    const bytes = encodeMessage('google.protobuf.Struct', structFromJson({ a: 'b' }));
    // fields (1) = map entry { key (1) = "a", value (2) = Value { string_value (3) = "b" } }
    expect(bytes.toString('hex')).toBe('0a08' + '0a0161' + '1203' + '1a0162');
  });
});
