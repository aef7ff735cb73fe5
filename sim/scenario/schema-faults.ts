// Faults in a scenario: declared under `faults:` (kind, targets, options, when it starts, how long
// it lasts) or inline in `inject` steps, and `heal` steps. Each kind's options come from the
// fault catalogue, with `{min, max}` ranges allowed for numbers. Leaves out what a fault does
// (sim/faults).
import { z } from 'zod';
import { closestName } from '../errors.ts';
import { FAULT_KINDS } from '../faults/fault-catalogue.ts';
import type { FaultKind } from '../faults/fault-kind.ts';
import { CLIENT_ENDPOINT } from '../cluster/network.ts';
import { duration, exactlyOneOf, name, NAME_PATTERN } from './schema-building-blocks.ts';
import { checkCondition, CONDITION_DESCRIPTION, conditionJsonRules, conditionShape, SELECTOR_KEYS } from './schema-condition.ts';

export const FAULT_START_KEYS = ['at', 'when'] as const;

export const faultName = name.meta({ description: 'The name of a fault declared in `faults:` or named by an earlier `inject` step.' });

const endpoint = z
  .string({ error: `a node name or \`${CLIENT_ENDPOINT}\`` })
  .regex(NAME_PATTERN, { error: `a node name or \`${CLIENT_ENDPOINT}\`` })
  .meta({ description: `A node name, \`${CLIENT_ENDPOINT}\` for talosctl's side of the network, or \`kms\` for the cluster's KMS server (\`cluster.kms\`).` });
const endpoints = z
  .union([endpoint, z.array(endpoint).min(1)], { error: `a node name, \`${CLIENT_ENDPOINT}\`, or a list of them` })
  .meta({ description: `One endpoint or a list: node names, \`${CLIENT_ENDPOINT}\` for talosctl, \`kms\` for the KMS server.` });

const nodeTargets = exactlyOneOf(
  z.strictObject({
    node: conditionShape.node,
    nodes: conditionShape.nodes,
    role: conditionShape.role,
    all: z.literal(true).optional().meta({ description: 'Selects every node.' }),
  }),
  SELECTOR_KEYS,
  `exactly one of ${SELECTOR_KEYS.join(', ')}`,
).meta({ id: 'FaultNodeTargets', description: 'A node selector: exactly one of `node`, `nodes`, `role`, `all`.' });

const linkTargets = z
  .strictObject({
    from: endpoints.meta({ description: 'Endpoints on one side of the paths.' }),
    to: endpoints.meta({ description: 'Endpoints on the other side (paths go from every `from` to every `to`).' }),
  })
  .meta({ id: 'FaultLinkTargets', description: 'Network paths: from every `from` endpoint to every `to` endpoint.' });

type AnyZod = z.core.$ZodType & { _zod: { def: { type: string; innerType?: AnyZod; defaultValue?: unknown } } };

/** The schema under `.default()`/`.optional()`, and the default if one was set. */
function unwrapOption(field: AnyZod): { inner: AnyZod; defaultValue?: unknown } {
  const def = field._zod.def;
  if ((def.type === 'default' || def.type === 'optional') && def.innerType) {
    const inner = unwrapOption(def.innerType);
    return def.type === 'default' ? { inner: inner.inner, defaultValue: def.defaultValue } : inner;
  }
  return { inner: field };
}

const scenarioOptionsByKind = new Map<string, z.ZodType>();

/** A kind's options as a scenario writes them (built once per kind, kept in `$defs` as `<Kind>Options`). */
function scenarioOptions(kind: FaultKind): z.ZodType {
  let options = scenarioOptionsByKind.get(kind.kind);
  if (!options) scenarioOptionsByKind.set(kind.kind, (options = buildScenarioOptions(kind)));
  return options;
}

/** Every field optional, numbers also as `{min, max}` ranges. */
function buildScenarioOptions(kind: FaultKind): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [option, field] of Object.entries(kind.options.shape as Record<string, AnyZod>)) {
    const description = (field as unknown as z.ZodType).description ?? option;
    const { inner, defaultValue } = unwrapOption(field);
    const value = inner as unknown as z.ZodType;
    const written =
      inner._zod.def.type === 'number'
        ? z.union(
            [
              value,
              z
                .strictObject({
                  min: value.meta({ description: 'Lowest value.' }),
                  max: value.meta({ description: 'Highest value.' }),
                })
                .meta({ description: 'A range: drawn once per seed from the stream `faults/<name>`.' }),
            ],
            { error: 'a number or a range {min, max}' },
          )
        : value;
    shape[option] = written.optional().meta({ description, ...(defaultValue === undefined ? {} : { default: defaultValue }) });
  }
  const id = `${kind.kind.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase())}Options`;
  return z.strictObject(shape).meta({ id, description: `Options of \`${kind.kind}\`; numbers may be ranges \`{min, max}\` for swarm runs.` });
}

/** The keys one kind brings: its literal, its target selector (none for cluster-wide kinds), its options. */
function faultKindShape(kind: FaultKind) {
  const targets =
    kind.targets === 'nodes'
      ? { targets: nodeTargets.meta({ description: 'The nodes the fault acts on: exactly one of `node`, `nodes`, `role`, `all`.' }) }
      : kind.targets === 'link'
        ? { targets: linkTargets.meta({ description: 'The network paths the fault acts on: `{from, to}`.' }) }
        : {};
  return {
    kind: z.literal(kind.kind).meta({ description: kind.description }),
    ...targets,
    options: scenarioOptions(kind)
      .optional()
      .meta({ description: `Options of \`${kind.kind}\` (defaults apply to what is left out); numbers may be ranges \`{min, max}\`.` }),
  };
}

const FAULT_KINDS_EXPECTED = `one of the fault kinds ${FAULT_KINDS.map((kind) => kind.kind).join(', ')}`;

/** A mistyped kind names the kind it most likely meant instead of listing all of them. */
function faultKindExpected(issue: { input?: unknown }): string {
  const input = issue.input;
  const written = input !== null && typeof input === 'object' ? (input as { kind?: unknown }).kind : input;
  const guess = typeof written === 'string' ? closestName(written, FAULT_KINDS.map((kind) => kind.kind)) : undefined;
  return guess ? `a fault kind: did you mean "${guess}"? (\`talsim fault kinds\` lists them)` : FAULT_KINDS_EXPECTED;
}

const faultWhen = z
  .strictObject(conditionShape)
  .superRefine(checkCondition)
  .meta({ id: 'FaultStartCondition', description: `Inject the fault the first moment this condition holds. ${CONDITION_DESCRIPTION}`, allOf: conditionJsonRules });

const faultDuration = duration.meta({ description: 'Heal the fault this long after it is injected. Default: it stays until healed.' });

// The two unions over every fault kind (declared and inline) are built the first time a scenario
// has a fault to check: z.lazy builds its union once, then parses, reports issues and renders the
// JSON Schema as that union. Building them at import was ~35 CPU ms of every `talsim run`,
// scenarios without faults included.

/** `faults:` entries: one object per kind, told apart by `kind`. */
function declaredFaultUnion() {
  return z.discriminatedUnion(
    'kind',
    FAULT_KINDS.map((kind) =>
      z
        .strictObject({
          name: name.meta({ description: 'Fault name (unique): used by inject/heal steps, `after:` and its random stream `faults/<name>`.' }),
          ...faultKindShape(kind),
          at: duration.optional().meta({ description: 'Inject at this virtual time.' }),
          when: faultWhen.optional().meta({ description: 'Inject the fault the first moment this condition holds.' }),
          duration: faultDuration.optional(),
        })
        .superRefine((value, context) => {
          if (value.at !== undefined && value.when !== undefined) {
            context.addIssue({ code: 'custom', path: ['when'], message: 'at most one of at, when', params: { found: 'at and when', pointAt: 'key' } });
          }
        })
        .meta({ description: `A \`${kind.kind}\` fault.` }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    { error: faultKindExpected },
  ).meta({
    description:
      'A named fault: `kind`, `targets` (a node selector, or `{from, to}` for network paths; none for cluster-wide kinds), `options`, when it starts (`at` a time, `when` a condition holds, or neither: only by an `inject` step) and an optional `duration` after which it heals.',
  });
}

/** Faults written inline in `inject` steps: one object per kind, told apart by `kind`. */
function inlineFaultUnion() {
  return z.discriminatedUnion(
    'kind',
    FAULT_KINDS.map((kind) =>
      z
        .strictObject({
          name: name.optional().meta({ description: 'Name it, to heal it by name or wait on it with `after:`.' }),
          ...faultKindShape(kind),
          duration: faultDuration.optional(),
        })
        .meta({ description: `A \`${kind.kind}\` fault, injected now.` }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    { error: faultKindExpected },
  );
}

export const declaredFault = z.lazy(declaredFaultUnion);

const inlineFault = z.lazy(inlineFaultUnion);

export const injectStep = z
  .union([inlineFault, z.strictObject({ fault: faultName }).meta({ description: 'A fault declared in `faults:`.' })], {
    error: 'a declared fault `{fault: <name>}` or a fault `{kind, targets, options, duration}`',
  })
  .meta({ description: 'Inject a fault now: `{fault: <name>}` declared in `faults:`, or inline `{kind, targets, options, duration, name}`.' });

export const healStep = z
  .union(
    [
      z.strictObject({ fault: faultName }).meta({ description: 'Heal every active fault with this name.' }),
      z.strictObject({ all: z.literal(true).meta({ description: 'Heal every active fault.' }) }).meta({ description: 'Heal every active fault.' }),
    ],
    { error: 'a fault `{fault: <name>}` or `{all: true}`' },
  )
  .meta({ description: 'Heal faults now: `{fault: <name>}` or `{all: true}`.' });

