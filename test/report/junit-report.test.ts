// The JUnit XML of a swarm run, read back with fast-xml-parser (from the npm registry) the way a
// CI server reads it: <testsuites> totals, one <testsuite> per scenario file, one <testcase> per
// (scenario, seed) with wall seconds, seed and trace digest properties, and for each failure a
// <failure type="<class>"> holding the details and the replay command. Text that would break
// XML (markup characters, control characters) survives escaping.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit } from '../../sim/report/junit-reporter.ts';
import { buildSweepReport } from '../../sim/report/sweep-report.ts';
import { talsimInProcess } from './cli-in-process.ts';

const CANARY = 'test/swarm/fixtures/canary-false-expectation.yaml';
const PASSING = 'scenarios/etc-edit-wiped-by-reconcile.yaml';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'property', 'failure'].includes(name),
});

interface Property { name: string; value: string }
interface TestCase { name: string; classname: string; file: string; time: string; properties: { property: Property[] }; failure?: { type: string; message: string; '#text': string }[]; 'system-out'?: string }
interface TestSuite { name: string; tests: string; failures: string; errors: string; time: string; properties: { property: Property[] }; testcase: TestCase[] }

describe('JUnit reporter', () => {
  it('writes XML a CI server reads: suites per scenario file, a testcase per seed, failures with class and replay', async () => {
    const traces = mkdtempSync(join(tmpdir(), 'talsim-junit-'));
    const run = await talsimInProcess('run', CANARY, PASSING, '--seeds', '1..3', '--jobs', '2', '--reporter', 'junit', '--trace-dir', traces, '--no-shrink');
    expect(run.code).toBe(1);
    expect(run.stderr, 'human lines go to stderr when the report is on stdout').toContain('FAIL canary-false-expectation seed=1');
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const document = parser.parse(run.stdout) as { testsuites: { name: string; tests: string; failures: string; errors: string; time: string; testsuite: TestSuite[] } };
    const root = document.testsuites;
    expect(root).toMatchObject({ name: 'talsim', tests: '6', failures: '3', errors: '0' });
    expect(Number(root.time)).toBeGreaterThan(0);
    expect(root.testsuite.map((suite) => [suite.name, suite.tests, suite.failures])).toEqual([[CANARY, '3', '3'], [PASSING, '3', '0']]);

    const [canary, passing] = root.testsuite as [TestSuite, TestSuite];
    expect(canary.properties.property).toContainEqual({ name: 'seeds', value: '1..3' });
    expect(canary.testcase.map((testcase) => testcase.name)).toEqual(['canary-false-expectation seed=1', 'canary-false-expectation seed=2', 'canary-false-expectation seed=3']);
    for (const testcase of [...canary.testcase, ...passing.testcase]) {
      expect(Number(testcase.time)).toBeGreaterThan(0);
      expect(testcase.classname).toMatch(/^talsim\./);
      const properties = Object.fromEntries(testcase.properties.property.map((p) => [p.name, p.value]));
      expect(properties.seed).toBe(/seed=(\d+)$/.exec(testcase.name)![1]);
      expect(properties.traceDigest).toMatch(/^[0-9a-f]{64}$/);
    }
    const second = canary.testcase[1]!;
    expect(second.file).toBe(CANARY);
    expect(second.failure).toHaveLength(1);
    expect(second.failure![0]!.type).toBe('correctness');
    expect(second.failure![0]!.message).toBe('[correctness] a configured worker is in maintenance (false) at 4m00.000s: worker-1: stage is running, not maintenance');
    expect(second.failure![0]!['#text']).toContain(`replay: npx talsim run ${CANARY} --seed 2`);
    expect(second.failure![0]!['#text']).toContain(`${CANARY}:15:5: a configured worker is in maintenance (false)`);
    expect(second['system-out']).toBe(`[[ATTACHMENT|${traces}/canary-false-expectation-seed2.jsonl]]`);
    expect(passing.testcase.every((testcase) => testcase.failure === undefined)).toBe(true);
  });

  it('escapes markup and drops characters XML 1.0 cannot hold', () => {
    const nasty = 'expected <a & b> "quoted" \'single\'\u0001 and\na second line';
    const report = buildSweepReport({
      sweep: { files: ['a&b.yaml'], seeds: '1', totalCases: 1 },
      shards: [{ index: 0, count: 1 }],
      cases: [
        {
          index: 0, file: 'a&b.yaml', scenario: 'x<y', seed: '1', passed: false, wallSeconds: 0.25, virtualMs: 1000, eventsFired: 3,
          traceDigest: 'ab'.repeat(32), replay: "npx talsim run 'a&b.yaml' --seed 1",
          failures: [{ kind: 'crash', failureClass: 'crash', name: 'simulator crashed', detail: nasty, atMs: 5 }],
        },
      ],
      shrinks: [],
      elapsedSeconds: 1,
    });
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const testcase = (parser.parse(xml) as { testsuites: { testsuite: TestSuite[] } }).testsuites.testsuite[0]!.testcase[0]!;
    expect(testcase.name).toBe('x<y seed=1');
    expect(testcase.failure![0]!.type).toBe('crash');
    expect(testcase.failure![0]!.message).toContain('expected <a & b> "quoted" \'single\' and');
    expect(testcase.failure![0]!['#text']).toContain('expected <a & b> "quoted" \'single\' and\na second line');
    expect(xml).not.toContain('\u0001');
  });
});
