// Every injectable fault kind says whether it outlives a power cut (sim/faults/power-cut.ts), so a
// new kind cannot be forgotten by the resume of `talsim up`; the one kind whose answer depends on
// its options (etcd-quorum-loss: a partition stays, a stopped etcd starts with its node) answers by them.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../sim/faults/fault-catalogue.ts';
import { SURVIVES_POWER_CUT, survivesPowerCut } from '../../sim/faults/power-cut.ts';

describe('faults across a power cut', () => {
  it('lists every injectable kind, and nothing else', () => {
    expect(Object.keys(SURVIVES_POWER_CUT).sort()).toEqual(FAULT_KINDS.map((kind) => kind.kind).sort());
  });

  it('keeps hardware, network and power faults; ends process faults', () => {
    expect(survivesPowerCut({ kind: 'disk-read-only', options: {} })).toBe(true);
    expect(survivesPowerCut({ kind: 'power-loss', options: { restoreAfterMs: 0 } })).toBe(true);
    expect(survivesPowerCut({ kind: 'service-crash-loop', options: {} })).toBe(false);
    expect(survivesPowerCut({ kind: 'etcd-quorum-loss', options: { method: 'partition' } })).toBe(true);
    expect(survivesPowerCut({ kind: 'etcd-quorum-loss', options: { method: 'stop' } })).toBe(false);
    expect(survivesPowerCut({ kind: 'no-such-kind', options: {} })).toBe(false);
  });
});
