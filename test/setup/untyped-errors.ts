// Runs around every test file: a plain Error that reached an API caller or a scenario step's
// outcome (answered Unknown instead of a typed Talos error) fails the file, because a modelled
// Talos failure is always a TalosApiError (nodes/api-error.ts) and anything else is a bug.
import { afterAll, beforeAll, expect } from 'vitest';
import { forgetUntypedErrors, untypedErrorsSeen } from '../../nodes/api-error.ts';

beforeAll(() => forgetUntypedErrors());

afterAll(() => {
  expect(untypedErrorsSeen(), 'plain (untyped) errors answered to a caller as Unknown').toEqual([]);
});
