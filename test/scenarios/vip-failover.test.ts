// Layer2VIPConfig failover, for any seed: when the control plane holding the VIP (the etcd leader)
// goes away, exactly one survivor holds it afterwards. Which survivor wins the election depends on
// the seed, so the library scenario cannot name it; here each seed's run is checked against both
// outcomes (cp-2 holds it and cp-3 does not, or the other way round): exactly one must hold.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';
import { runScenario } from '../../sim/scenario/run-scenario.ts';

const noFiles = (path: string): string => {
  throw new Error(`the VIP scenario reads no files (asked for ${path})`);
};
const FILE = 'scenarios/vip-link-without-address.yaml';
const library = readFileSync(FILE, 'utf8');
const base = library.slice(0, library.indexOf('  - at: 13m\n'));

const holdsOnlyOn = (holder: string, other: string) => `${base}  - at: 13m
    node: ${holder}
    address: { cidr: 10.5.0.100/32, present: true }
  - at: 13m
    node: ${other}
    address: { cidr: 10.5.0.100/32, present: false }
`;

describe('the VIP moves with etcd leadership when its holder goes away', () => {
  it('for every seed tried, exactly one survivor holds it after cp-1 shuts down', () => {
    for (const seed of ['1', '2', '3', '4', '5', '6']) {
      const onCp2 = runScenario(loadScenarioText(holdsOnlyOn('cp-2', 'cp-3'), FILE, noFiles), { seed }).passed;
      const onCp3 = runScenario(loadScenarioText(holdsOnlyOn('cp-3', 'cp-2'), FILE, noFiles), { seed }).passed;
      expect([seed, onCp2 !== onCp3]).toEqual([seed, true]);
    }
  });

  it('the check itself can fail: before the shutdown nobody but cp-1 holds it', () => {
    const early = holdsOnlyOn('cp-2', 'cp-3').replace(/at: 13m/g, 'at: 9m30s');
    expect(runScenario(loadScenarioText(early, FILE, noFiles), { seed: '1' }).passed).toBe(false);
  });
});
