// The pieces every section of the scenario schema is built from: names, durations, paths, the
// patterns and "expected" texts their errors carry, and the exactly-one-of rule (with its JSON
// Schema form). Leaves out anything only one section uses.
import { z } from 'zod';
import { DURATION_PATTERN } from './load-duration.ts';

export const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const RELATIVE_PATH_PATTERN = /^[^/]/;
export const ABSOLUTE_PATH_PATTERN = /^\//;
export const ENDPOINT_PATTERN = /^https:\/\/[A-Za-z0-9.-]+:\d{1,5}$/;
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const SUBNET_24_PATTERN = new RegExp(`^(${OCTET}\\.){3}0/24$`);
export const IPV4_PORT_PATTERN = new RegExp(`^(${OCTET}\\.){3}${OCTET}:\\d{1,5}$`);
export const CIDR_PATTERN = new RegExp(`^(${OCTET}\\.){3}${OCTET}/(3[0-2]|[12]?\\d)$`);
export const TALOS_VERSION_PATTERN = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const DURATION_EXPECTED = 'a duration with a unit, like 90s, 2m, 1h30m or 500ms';
const NAME_EXPECTED = 'a name of lowercase letters, digits and dashes';
export const RELATIVE_PATH_EXPECTED = "a path relative to the scenario's directory";

export const duration = z
  .string({ error: DURATION_EXPECTED })
  .regex(DURATION_PATTERN, { error: DURATION_EXPECTED })
  .meta({
    id: 'Duration',
    description:
      'A virtual-time duration: one or more <number><unit> parts, units ms, s, m, h (`90s`, `2m`, `1h30m`, `500ms`). A plain number is rejected.',
  });

export const name = z.string({ error: NAME_EXPECTED }).regex(NAME_PATTERN, { error: NAME_EXPECTED });
export const nodeName = name.meta({ description: 'The name of a node of the cluster (after group expansion, e.g. `worker-2`).' });
export const relativePath = z.string().regex(RELATIVE_PATH_PATTERN, { error: RELATIVE_PATH_EXPECTED });
export const text = z.string();
export const plainObject = z.record(z.string(), z.unknown());

/**
 * A check that exactly one of `keys` is present; two present is reported at the second key.
 * JSON Schema gets the same rule as `oneOf` over `required`.
 */
export function exactlyOneOf<T extends z.ZodObject>(schema: T, keys: readonly string[], expected: string): T {
  return schema
    .superRefine((value, context) => {
      const present = keys.filter((key) => key in value);
      if (present.length === 1) return;
      context.addIssue({
        code: 'custom',
        path: present.length === 0 ? [] : [present[1]!],
        message: expected,
        params: { found: present.length === 0 ? 'none' : `${present[0]} and ${present[1]}`, pointAt: 'key', keys, known: Object.keys(schema.shape) },
      });
    })
    .meta({ oneOf: keys.map((key) => ({ required: [key] })) });
}

