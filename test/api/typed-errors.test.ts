// Modelled Talos failures are typed (TalosApiError with Talos's code and text); a plain Error that
// reaches a caller is a simulator bug. Checked three ways: no handler of the API edge or the
// scenario step runner throws a plain Error (read from the sources); a plain Error that does get
// through is answered Unknown and recorded, over real gRPC; and every test file fails when one
// was recorded (test/setup/untyped-errors.ts), so the conformance, authorization-matrix and
// scenario suites, which drive every handler with good and bad input, assert that none occurs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { answeredCodeOf, forgetUntypedErrors, goError, TalosApiError, untypedErrorsSeen } from '../../nodes/api-error.ts';
import { statusOf } from '../../nodes/api/grpc-status.ts';
import type { ServiceImplementation } from '../../nodes/api/api-contract.ts';
import { startTestCluster, unary, type TestCluster } from './harness.ts';

const root = join(import.meta.dirname, '../..');

/** Plain errors that guard the simulator's own invariants at start-up, never an answer to a call. */
const NOT_ON_THE_WIRE: Record<string, string> = {
  'nodes/api/api-server.ts': 'a service implemented twice is refused when the servers start',
  'nodes/api/listener-credentials.ts': 'a closed listener is never asked for credentials',
};

function sourcesUnder(directory: string): string[] {
  return readdirSync(join(root, directory))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${directory}/${file}`);
}

describe('the sources', () => {
  const files = [...sourcesUnder('nodes/api'), 'sim/scenario/client-call.ts', 'sim/scenario/perform-step.ts', 'sim/scenario/perform-fault-step.ts'];

  it.each(files)('%s throws no plain Error at a caller', (file) => {
    const plain = readFileSync(join(root, file), 'utf8')
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => /\bnew Error\(/.test(line) && !line.startsWith('//') && !line.startsWith('*'));
    if (file in NOT_ON_THE_WIRE) expect(plain.length).toBeGreaterThan(0);
    else expect(plain.map(({ number, line }) => `${file}:${number}: ${line}`)).toEqual([]);
  });
});

describe('the answered code', () => {
  it('keeps a typed error, and a Go plain error is Unknown on purpose', () => {
    expect(answeredCodeOf(new TalosApiError('NotFound', 'x'))).toBe('NotFound');
    expect(answeredCodeOf(goError('path must be a regular file'))).toBe('Unknown');
    expect(untypedErrorsSeen()).toEqual([]);
  });

  it('records an untyped error as a bug', () => {
    expect(answeredCodeOf(new RangeError('index 3'))).toBe('Unknown');
    expect(statusOf(new Error('oops')).code).toBe(grpc.status.UNKNOWN);
    expect(untypedErrorsSeen()).toEqual(['RangeError: index 3', 'Error: oops']);
    forgetUntypedErrors();
  });
});

describe('over real gRPC', () => {
  let test: TestCluster;
  const buggy: ServiceImplementation = {
    service: 'cosi.resource.State',
    unary: {
      Get: () => {
        throw new Error('a bug in a handler');
      },
      Destroy: () => {
        throw goError('a Talos plain error');
      },
    },
    streams: {},
  };

  beforeAll(async () => {
    test = await startTestCluster({ controlPlanes: 1, workers: 0, services: [buggy] });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('answers a plain Error Unknown and records it; a typed Go error is not recorded', async () => {
    const client = test.client('cosi.resource.State');
    await expect(unary(client, 'Get', {}, { deadlineMs: 5000 })).rejects.toMatchObject({ code: grpc.status.UNKNOWN, details: 'a bug in a handler' });
    expect(untypedErrorsSeen()).toEqual(['Error: a bug in a handler']);
    forgetUntypedErrors();
    await expect(unary(client, 'Destroy', {}, { deadlineMs: 5000 })).rejects.toMatchObject({ code: grpc.status.UNKNOWN, details: 'a Talos plain error' });
    expect(untypedErrorsSeen()).toEqual([]);
  });
});
