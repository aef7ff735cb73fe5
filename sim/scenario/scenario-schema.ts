// The shape of a scenario file, as zod 4 schemas: what keys exist, their types and allowed
// values, with the descriptions the JSON Schema (and the README) carry. It only checks the
// shape of one file; cross references (node names), durations in milliseconds, defaults and
// referenced files are the loader's normalising stage (`load-*.ts`).
import { closestName } from '../errors.ts';
import { z } from 'zod';
import { DURATION_PATTERN } from './load-duration.ts';
import { CONFIG_MUTATORS, CONFIG_MUTATOR_NAMES, FAULT_KINDS } from '../faults/fault-catalogue.ts';
import type { FaultKind } from '../faults/fault-kind.ts';
import { CLIENT_ENDPOINT } from '../cluster/network.ts';
import { GRPC_CODE_NAMES } from '../../nodes/api-error.ts';
import { kubernetesCheck } from './schema-kubernetes-check.ts';
import { APPLY_MODES as TALOS_APPLY_MODES, APPLY_STATES, MACHINE_STAGES, NODE_ROLES, ROLES, SERVICE_STATES, UNMET_CONDITION_NAMES } from '../../nodes/vocabulary.ts';

export const ACTION_KEYS = [
  'apply-config',
  'bootstrap',
  'reboot',
  'shutdown',
  'reset',
  'upgrade',
  'power-on',
  'service',
  'debug-shell-edit',
  'wait-until',
  'confirm-try',
  'probe',
  'inject',
  'heal',
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

export const SELECTOR_KEYS = ['node', 'nodes', 'role', 'all'] as const;
export const CHECK_KEYS = [
  'stage',
  'ready',
  'unmetCondition',
  'noUnmetCondition',
  'service',
  'resource',
  'log',
  'applyState',
  'kubernetesNodeReady',
  'kubernetes',
  'address',
  'file',
] as const;
export const EXPECTATION_TIME_KEYS = ['at', 'by', 'throughout', 'within'] as const;
export const APPLY_CONFIG_SOURCE_KEYS = ['file', 'patches', 'config', 'fault'] as const;
export const FAULT_START_KEYS = ['at', 'when'] as const;

export { NODE_ROLES, MACHINE_STAGES, SERVICE_STATES, UNMET_CONDITION_NAMES };
/** A scenario's apply modes: Talos's, plus talosctl's `--dry-run` as a mode of its own. */
export const APPLY_MODES = [...TALOS_APPLY_MODES, 'dry-run'] as const;
export { APPLY_STATES };
export { GRPC_CODE_NAMES };

/** Most nodes a cluster may have: its /24 subnet holds them all with room for the gateway. */
export const MAX_CLUSTER_NODES = 250;

const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const RELATIVE_PATH_PATTERN = /^[^/]/;
const ABSOLUTE_PATH_PATTERN = /^\//;
const ENDPOINT_PATTERN = /^https:\/\/[A-Za-z0-9.-]+:\d{1,5}$/;
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const SUBNET_24_PATTERN = new RegExp(`^(${OCTET}\\.){3}0/24$`);
const CIDR_PATTERN = new RegExp(`^(${OCTET}\\.){3}${OCTET}/(3[0-2]|[12]?\\d)$`);
const TALOS_VERSION_PATTERN = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const DURATION_EXPECTED = 'a duration with a unit, like 90s, 2m, 1h30m or 500ms';
const NAME_EXPECTED = 'a name of lowercase letters, digits and dashes';
const RELATIVE_PATH_EXPECTED = "a path relative to the scenario's directory";

// ---- building blocks -------------------------------------------------------------------

const duration = z
  .string({ error: DURATION_EXPECTED })
  .regex(DURATION_PATTERN, { error: DURATION_EXPECTED })
  .meta({
    id: 'Duration',
    description:
      'A virtual-time duration: one or more <number><unit> parts, units ms, s, m, h (`90s`, `2m`, `1h30m`, `500ms`). A plain number is rejected.',
  });

const name = z.string({ error: NAME_EXPECTED }).regex(NAME_PATTERN, { error: NAME_EXPECTED });
const nodeName = name.meta({ description: 'The name of a node of the cluster (after group expansion, e.g. `worker-2`).' });
const relativePath = z.string().regex(RELATIVE_PATH_PATTERN, { error: RELATIVE_PATH_EXPECTED });
const text = z.string();
const plainObject = z.record(z.string(), z.unknown());

/**
 * A check that exactly one of `keys` is present; two present is reported at the second key.
 * JSON Schema gets the same rule as `oneOf` over `required`.
 */
function exactlyOneOf<T extends z.ZodObject>(schema: T, keys: readonly string[], expected: string): T {
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

// ---- state conditions (shared by wait-until steps and expectations) -----------------------

const conditionShape = {
  node: nodeName.optional().meta({ description: 'Selects one node by name.' }),
  nodes: z.array(nodeName).min(1).optional().meta({ description: 'Selects these nodes by name.' }),
  role: z.enum(NODE_ROLES).optional().meta({ description: 'Selects every node of this role.' }),
  all: z.literal(true).optional().meta({ description: 'Selects every node (the default when no selector is given).' }),
  stage: z.enum(MACHINE_STAGES).optional().meta({ description: "The node's machine stage (MachineStatus `stage`)." }),
  ready: z.boolean().optional().meta({ description: 'MachineStatus `status.ready`.' }),
  unmetCondition: z
    .strictObject({
      name: z.enum(UNMET_CONDITION_NAMES).meta({ description: 'Name of the unmet condition.' }),
      reason: text.optional().meta({ description: 'Text the reason must contain.' }),
    })
    .optional()
    .meta({ description: 'MachineStatus `status.unmetConditions` must hold a condition with this name.' }),
  noUnmetCondition: z
    .enum(UNMET_CONDITION_NAMES)
    .optional()
    .meta({ description: 'MachineStatus `status.unmetConditions` must hold no condition with this name.' }),
  service: z
    .strictObject({
      id: text.meta({ description: 'Service id (`etcd`, `kubelet`, `apid`, ...).' }),
      state: z.enum(SERVICE_STATES).optional().meta({ description: "The service's state, in Talos's words." }),
      healthy: z.boolean().optional().meta({ description: 'Whether the service reports healthy.' }),
      lastEvent: text.optional().meta({ description: "Text the service's newest event message must contain." }),
    })
    .optional()
    .meta({ description: 'A service of the node; with only `id`, the service must exist.' }),
  resource: exactlyOneOf(
    z.strictObject({
      type: text.meta({ description: 'Resource type, e.g. `MachineStatuses.runtime.talos.dev` or an alias.' }),
      namespace: text.optional().meta({ description: "Namespace; default: the type's default namespace." }),
      id: text.meta({ description: 'Resource id.' }),
      field: text.meta({ description: 'Dotted path into the resource spec as YAML, e.g. `status.ready`.' }),
      equals: z.unknown().optional().meta({ description: 'The field must equal this value.' }),
      exists: z.boolean().optional().meta({ description: 'The field must exist (true) or be absent (false).' }),
    }),
    ['equals', 'exists'],
    'exactly one of equals, exists',
  )
    .optional()
    .meta({ description: 'A field of a resource; exactly one of `equals`, `exists`.' }),
  log: z
    .strictObject({
      source: text.meta({ description: '`kmsg`, `machined`, `controller-runtime` or a service id.' }),
      contains: text.meta({ description: 'Text a line of that log must contain.' }),
    })
    .optional()
    .meta({ description: 'A line in a log of the node.' }),
  applyState: z
    .strictObject({
      state: z.enum(APPLY_STATES).meta({ description: 'The apply state.' }),
      reason: text.optional().meta({ description: 'Text the reason must contain.' }),
    })
    .optional()
    .meta({ description: "The talsim apply state of the node's last configuration change." }),
  kubernetesNodeReady: z.boolean().optional().meta({ description: 'Whether the Kubernetes Node object is Ready.' }),
  kubernetes: kubernetesCheck.optional(),
  address: z
    .strictObject({
      cidr: z
        .string()
        .regex(CIDR_PATTERN, { error: 'an IPv4 address with prefix length, like 10.5.0.2/24' })
        .meta({ description: 'Address with prefix length, e.g. `10.5.0.2/24`.' }),
      present: z.boolean().optional().meta({ default: true, description: 'Present (default true) or absent in AddressStatuses.' }),
    })
    .optional()
    .meta({ description: 'An address in AddressStatuses.' }),
  file: exactlyOneOf(
    z.strictObject({
      path: z
        .string()
        .regex(ABSOLUTE_PATH_PATTERN, { error: 'an absolute path on the node, like /etc/hosts' })
        .meta({ description: 'Absolute path on the node, e.g. `/etc/hosts`.' }),
      contains: text.optional().meta({ description: 'Text the file must contain.' }),
      absent: z.literal(true).optional().meta({ description: 'The file must not exist.' }),
    }),
    ['contains', 'absent'],
    'exactly one of contains, absent',
  )
    .optional()
    .meta({ description: 'A file under /etc or /var as the node sees it; exactly one of `contains`, `absent`.' }),
};

/**
 * The refinement of a condition: at most one node selector (reported at the second one) and at
 * least one of `checkKeys` (reported at the object).
 */
function conditionRefinement(checkKeys: readonly string[]) {
  return (value: Record<string, unknown>, context: z.RefinementCtx): void => {
    const selectors = SELECTOR_KEYS.filter((key) => key in value);
    if (selectors.length > 1) {
      context.addIssue({
        code: 'custom',
        path: [selectors[1]!],
        message: `at most one node selector (${SELECTOR_KEYS.join(', ')})`,
        params: { found: `${selectors[0]} and ${selectors[1]}`, pointAt: 'key' },
      });
    }
    if (!checkKeys.some((key) => key in value)) {
      context.addIssue({ code: 'custom', path: [], message: `at least one check (${checkKeys.join(', ')})`, params: { found: 'none' } });
    }
  };
}

const checkCondition = conditionRefinement(CHECK_KEYS);

const conditionJsonRules = [
  { anyOf: CHECK_KEYS.map((key) => ({ required: [key] })) },
  {
    not: {
      anyOf: SELECTOR_KEYS.flatMap((first, index) =>
        SELECTOR_KEYS.slice(index + 1).map((second) => ({ required: [first, second] })),
      ),
    },
  },
];

const CONDITION_DESCRIPTION =
  'Condition keys: at most one node selector (`node`, `nodes`, `role`, `all`; default all nodes) and at least one check (`stage`, `ready`, `unmetCondition`, `noUnmetCondition`, `service`, `resource`, `log`, `applyState`, `kubernetesNodeReady`, `kubernetes`, `address`, `file`). Every check must hold on every selected node.';

// ---- cluster ---------------------------------------------------------------------------------

const hardware = z
  .union(
    [
      z.string().min(1),
      z.looseObject({
        profile: z.string().min(1).meta({ description: 'Bundled profile name or relative path to a profile YAML.' }),
      }),
    ],
    { error: 'a hardware profile name, a relative path to a profile YAML, or a mapping with `profile`' },
  )
  .meta({
    default: 'default',
    description:
      'Hardware: a bundled profile name (`default`, ...), a path (containing `/` or ending in `.yaml`/`.yml`) relative to the scenario file to a profile YAML, or `{profile: <name or path>, <fields overriding the profile>}`. Default `default`.',
  });

const nodeOptionsShape = {
  role: z.enum(NODE_ROLES).meta({ description: 'Machine type of the node.' }),
  hardware: hardware.optional(),
  config: z
    .string()
    .regex(RELATIVE_PATH_PATTERN, { error: `generated or ${RELATIVE_PATH_EXPECTED}` })
    .optional()
    .meta({
      default: 'generated',
      description:
        "`generated` (default): a machine config generated from the cluster's secrets for the node's role; otherwise a path, relative to the scenario's directory, to a machine config file.",
    }),
  patches: z
    .array(
      z.union([plainObject, z.string().min(1)], { error: 'a mapping (strategic merge patch), `@<file>` or inline patch text' }),
    )
    .optional()
    .meta({
      description:
        "Config patches, in order: a mapping (merged into the v1alpha1 document with Talos's rules), or as talosctl's --config-patch takes them: `@<file>` (relative to the scenario's directory) or inline YAML/JSON text (strategic merge of any document, `$patch: delete`, or an RFC 6902 JSON patch). Default none.",
    }),
  configured: z
    .boolean()
    .optional()
    .meta({ default: true, description: 'Default true. false: the node boots into maintenance mode with no config.' }),
};

const singleNode = z
  .strictObject({ name: nodeName.meta({ description: 'Node name (its hostname).' }), ...nodeOptionsShape })
  .meta({ description: 'One node.' });

const nodeGroup = z
  .strictObject({
    group: name.meta({ description: 'Group name: the nodes are named <group>-1 .. <group>-<count>.' }),
    count: z.int().min(1).max(MAX_CLUSTER_NODES).meta({ description: 'Number of nodes in the group.' }),
    ...nodeOptionsShape,
  })
  .meta({ description: 'A group of identical nodes.' });

const cluster = z
  .strictObject({
    name: name.optional().meta({ default: 'talsim', description: 'Cluster name. Default `talsim`.' }),
    endpoint: z
      .string()
      .regex(ENDPOINT_PATTERN, { error: 'an https URL with a port, like https://10.5.0.2:6443' })
      .optional()
      .meta({
        description:
          'Kubernetes control plane endpoint, `https://<host>:<port>`. Default `https://<first control plane address>:6443` (left empty in the plan; the cluster fills it in).',
      }),
    subnet: z
      .string()
      .regex(SUBNET_24_PATTERN, { error: 'an IPv4 /24 subnet, like 10.5.0.0/24' })
      .optional()
      .meta({ default: '10.5.0.0/24', description: 'IPv4 /24 the nodes get addresses from. Default `10.5.0.0/24`.' }),
    talosVersion: z
      .string()
      .regex(TALOS_VERSION_PATTERN, { error: 'a Talos version, like v1.13.0' })
      .optional()
      .meta({ default: 'v1.13.9', description: 'Talos version the nodes emulate. Default `v1.13.9` (the newest v1.13 patch release).' }),
    secrets: z
      .string()
      .regex(RELATIVE_PATH_PATTERN, { error: RELATIVE_PATH_EXPECTED })
      .optional()
      .meta({
        description:
          "Path, relative to the scenario's directory, to your cluster's secrets.yaml (talosctl gen secrets / talsim gen config): the nodes use its CAs and tokens, so a talosconfig made from it works. Default: secrets drawn from the seed.",
      }),
    nodes: z
      .array(
        z.union([singleNode, nodeGroup], { error: 'a node (`name`, `role`, ...) or a group (`group`, `count`, `role`, ...)' }),
      )
      .min(1)
      .meta({
        description: `The nodes, in order: each a single node (\`name\`) or a group (\`group\` + \`count\`). At least one control plane node; at most ${MAX_CLUSTER_NODES} nodes; names unique.`,
      }),
  })
  .meta({ description: 'The simulated cluster.' });

// ---- faults ----------------------------------------------------------------------------------

const faultName = name.meta({ description: 'The name of a fault declared in `faults:` or named by an earlier `inject` step.' });

const endpoint = z
  .string({ error: `a node name or \`${CLIENT_ENDPOINT}\`` })
  .regex(NAME_PATTERN, { error: `a node name or \`${CLIENT_ENDPOINT}\`` })
  .meta({ description: `A node name, or \`${CLIENT_ENDPOINT}\` for talosctl's side of the network.` });
const endpoints = z
  .union([endpoint, z.array(endpoint).min(1)], { error: `a node name, \`${CLIENT_ENDPOINT}\`, or a list of them` })
  .meta({ description: `One endpoint or a list: node names, \`${CLIENT_ENDPOINT}\` for talosctl.` });

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

const declaredFault = z.discriminatedUnion(
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

const inlineFault = z.discriminatedUnion(
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

const injectStep = z
  .union([inlineFault, z.strictObject({ fault: faultName }).meta({ description: 'A fault declared in `faults:`.' })], {
    error: 'a declared fault `{fault: <name>}` or a fault `{kind, targets, options, duration}`',
  })
  .meta({ description: 'Inject a fault now: `{fault: <name>}` declared in `faults:`, or inline `{kind, targets, options, duration, name}`.' });

const healStep = z
  .union(
    [
      z.strictObject({ fault: faultName }).meta({ description: 'Heal every active fault with this name.' }),
      z.strictObject({ all: z.literal(true).meta({ description: 'Heal every active fault.' }) }).meta({ description: 'Heal every active fault.' }),
    ],
    { error: 'a fault `{fault: <name>}` or `{all: true}`' },
  )
  .meta({ description: 'Heal faults now: `{fault: <name>}` or `{all: true}`.' });

// ---- steps -----------------------------------------------------------------------------------

const nodeTarget = { node: nodeName };

const applyConfig = exactlyOneOf(
  z.strictObject({
    ...nodeTarget,
    mode: z.enum(APPLY_MODES).optional().meta({ default: 'auto', description: 'Apply mode. Default `auto`.' }),
    file: relativePath.optional().meta({ description: "Path (relative to the scenario's directory) of a whole machine config to apply." }),
    patches: z
      .array(plainObject)
      .optional()
      .meta({ description: "Patches over the node's current config (a node in maintenance: over the config generated for its role); `[]` applies that config unchanged." }),
    config: plainObject.optional().meta({ description: 'A whole machine config, inline.' }),
    fault: z
      .enum(CONFIG_MUTATOR_NAMES as [string, ...string[]])
      .optional()
      .meta({
        description: `A config fault applied to the node's current config: ${CONFIG_MUTATORS.map((m) => `\`${m.kind}\` (${m.description})`).join('; ')}`,
      }),
    tryTimeout: duration.optional().meta({ default: '1m', description: 'For mode `try`: how long until the change is rolled back. Default 1m.' }),
    insecure: z.boolean().optional().meta({ description: 'Call as `talosctl --insecure` would (maintenance mode).' }),
  }),
  APPLY_CONFIG_SOURCE_KEYS,
  `exactly one of ${APPLY_CONFIG_SOURCE_KEYS.join(', ')}`,
).meta({ description: 'ApplyConfiguration: exactly one of `file`, `patches`, `config`, `fault`.' });

const waitUntil = z
  .strictObject({
    ...conditionShape,
    timeout: duration.optional().meta({ default: '10m', description: 'Give up (the step fails) after this long. Default 10m.' }),
  })
  .superRefine(checkCondition)
  .meta({ description: `Wait until a condition holds. ${CONDITION_DESCRIPTION}`, allOf: conditionJsonRules });

const actionShape = {
  'apply-config': applyConfig.optional(),
  bootstrap: z.strictObject(nodeTarget).optional().meta({ description: 'Bootstrap etcd on the node.' }),
  reboot: z
    .strictObject({
      ...nodeTarget,
      mode: z.enum(['default', 'powercycle', 'force']).optional().meta({ default: 'default', description: 'Reboot mode. Default `default`.' }),
    })
    .optional()
    .meta({ description: 'Reboot the node.' }),
  shutdown: z
    .strictObject({ ...nodeTarget, force: z.boolean().optional().meta({ default: false, description: 'Default false.' }) })
    .optional()
    .meta({ description: 'Shut the node down.' }),
  reset: z
    .strictObject({
      ...nodeTarget,
      graceful: z.boolean().optional().meta({ default: true, description: 'Leave etcd and drain first. Default true.' }),
      reboot: z.boolean().optional().meta({ default: false, description: 'Reboot after the reset (else power off). Default false.' }),
    })
    .optional()
    .meta({ description: 'Reset the node.' }),
  upgrade: z
    .strictObject({
      ...nodeTarget,
      image: text.min(1).meta({ description: 'Installer image, e.g. `ghcr.io/siderolabs/installer:v1.13.1`.' }),
      stage: z.boolean().optional().meta({ default: false, description: 'Stage the upgrade for the next reboot. Default false.' }),
    })
    .optional()
    .meta({ description: 'Upgrade the node.' }),
  'power-on': z.strictObject(nodeTarget).optional().meta({ description: 'Power a powered-off node on.' }),
  service: z
    .strictObject({
      ...nodeTarget,
      operation: z.enum(['start', 'stop', 'restart']).meta({ description: 'Service operation.' }),
      id: text.min(1).meta({ description: 'Service id.' }),
    })
    .optional()
    .meta({ description: 'Start, stop or restart a service.' }),
  'debug-shell-edit': z
    .strictObject({
      ...nodeTarget,
      path: z
        .string()
        .regex(ABSOLUTE_PATH_PATTERN, { error: 'an absolute path on the node, like /etc/hosts' })
        .meta({ description: 'Absolute path of the file on the node.' }),
      content: text.meta({ description: 'The new content of the file.' }),
    })
    .optional()
    .meta({ description: 'Overwrite a file on the node behind the API, as a debug shell would.' }),
  'wait-until': waitUntil.optional(),
  'confirm-try': z.strictObject(nodeTarget).optional().meta({ description: 'Confirm a pending try-mode config change.' }),
  probe: z
    .strictObject(nodeTarget)
    .optional()
    .meta({ description: "Check a node from the client's side like `ping` and a TCP connect to port 50000 do: fails with the first check that fails (host unreachable, or connection refused)." }),
  inject: injectStep.optional(),
  heal: healStep.optional(),
};

const stepExpect = z
  .strictObject({
    errorContains: text.optional().meta({ description: 'The call must fail with a message containing this.' }),
    errorCode: z.enum(GRPC_CODE_NAMES).optional().meta({ description: 'The call must fail with this gRPC code.' }),
    ok: z.boolean().optional().meta({ description: 'true: the call must succeed; false: it must fail.' }),
    mode: z
      .enum(['auto', 'no-reboot', 'reboot', 'staged', 'try'])
      .optional()
      .meta({ description: 'For apply-config: the mode in the reply (a dry run replies with the mode it would use).' }),
    modeDetailsContains: text.optional().meta({ description: "For apply-config: text the reply's mode details must contain." }),
    warningContains: text.optional().meta({ description: 'A warning containing this text must be returned.' }),
  })
  .superRefine((value, context) => {
    if (Object.keys(value).length === 0) {
      context.addIssue({ code: 'custom', path: [], message: 'at least one expectation', params: { found: 'an empty mapping' } });
    }
    const errorKey = 'errorContains' in value ? 'errorContains' : 'errorCode' in value ? 'errorCode' : undefined;
    if (value.ok === true && errorKey) {
      context.addIssue({
        code: 'custom',
        path: [errorKey],
        message: 'no error expectation together with ok: true',
        params: { found: errorKey, pointAt: 'key' },
      });
    }
  })
  .meta({ description: "What the step's own call must return.", minProperties: 1 });


const caller = z
  .strictObject({
    insecure: z.boolean().optional().meta({ description: 'Call like `talosctl --insecure`: TLS without a client certificate (works only on a node in maintenance mode).' }),
    talosconfig: z
      .enum(['cluster', 'other-cluster'])
      .optional()
      .meta({ description: "Whose talosconfig: the cluster's own (default) or one from another `gen config` (another CA)." }),
    roles: z.array(z.enum(ROLES)).min(1).optional().meta({ description: 'Roles of the client certificate. Default `[os:admin]`.' }),
  })
  .meta({ description: "Who makes the step's API call. Default: the cluster's talosconfig (os:admin)." });

const step = exactlyOneOf(
  z.strictObject({
    at: duration.meta({ description: 'When the step runs: virtual time from the start of the run. Steps are in time order.' }),
    name: text.min(1).optional().meta({ description: 'Label (unique), for `talsim up --until NAME` and reports.' }),
    ...actionShape,
    as: caller.optional(),
    expect: stepExpect.optional(),
  }),
  ACTION_KEYS,
  `exactly one action key (${ACTION_KEYS.join(', ')})`,
).meta({ description: `One action at a virtual time: exactly one of ${ACTION_KEYS.map((key) => `\`${key}\``).join(', ')}.` });

// ---- expectations ----------------------------------------------------------------------------

const expectation = exactlyOneOf(
  z.strictObject({
    at: duration.optional().meta({ description: 'The condition holds at exactly this time.' }),
    by: duration.optional().meta({ description: 'The condition holds at some moment at or before this time.' }),
    throughout: z
      .strictObject({
        from: duration.meta({ description: 'Start of the window.' }),
        until: duration.optional().meta({ description: 'End of the window. Default: end of the run.' }),
      })
      .optional()
      .meta({ description: 'The condition holds at every moment of this window.' }),
    within: duration.optional().meta({ description: 'The condition holds at some moment within this long after the fault event `after` (a liveness bound).' }),
    after: z
      .union(
        [
          z.strictObject({ healed: faultName }).meta({ description: 'The window opens when this fault is healed.' }),
          z.strictObject({ injected: faultName }).meta({ description: 'The window opens when this fault is injected.' }),
        ],
        { error: 'a fault event `{healed: <name>}` or `{injected: <name>}`' },
      )
      .optional()
      .meta({ description: 'For `within`: the fault event that opens the window.' }),
    name: text.min(1).optional().meta({ description: 'Label; default derived from the condition.' }),
    not: z.boolean().optional().meta({ default: false, description: 'true inverts the condition. Default false.' }),
    ...conditionShape,
  })
    .superRefine(checkCondition)
    .superRefine((value, context) => {
      if ((value.within === undefined) === (value.after === undefined)) return;
      const [key, message] = value.within === undefined ? ['after', 'after only together with within'] : ['within', 'within together with after'];
      context.addIssue({ code: 'custom', path: [key], message, params: { found: `${key} alone`, pointAt: 'key' } });
    }),
  EXPECTATION_TIME_KEYS,
  `exactly one of ${EXPECTATION_TIME_KEYS.join(', ')}`,
).meta({
  description: `A condition the run must meet: exactly one of \`at\`, \`by\`, \`throughout\`, \`within\` (with \`after\`). ${CONDITION_DESCRIPTION}`,
  allOf: conditionJsonRules,
});

// ---- lessons -------------------------------------------------------------------------------

/** Checks only a lesson's goals and success condition may use (they read the live cluster, not a run). */
export const LESSON_CHECK_KEYS = ['kubernetesNodeLabel', 'talosconfigAccepted'] as const;

const lessonConditionShape = {
  ...conditionShape,
  kubernetesNodeLabel: z
    .strictObject({
      key: text.min(1).meta({ description: 'Label key, e.g. `talsim.dev/pool`.' }),
      value: text.optional().meta({ description: 'Label value; absent: any value.' }),
    })
    .optional()
    .meta({ description: 'The Kubernetes Node object of the node carries this label (what `kubectl get nodes --show-labels` shows).' }),
  talosconfigAccepted: z
    .boolean()
    .optional()
    .meta({ description: "Whether the cluster's talosconfig reaches the node: its machine CA is the cluster's (false: x509 unknown authority)." }),
};

/** Like a scenario condition, with the lesson-only checks counted as checks. */
const checkLessonCondition = conditionRefinement([...CHECK_KEYS, ...LESSON_CHECK_KEYS]);

const lessonConditionJsonRules = [
  { anyOf: [...CHECK_KEYS, ...LESSON_CHECK_KEYS].map((key) => ({ required: [key] })) },
  conditionJsonRules[1]!,
];

const lessonGoal = z
  .strictObject({
    name: text.min(1).meta({ description: 'What the trainee must achieve, as the lesson lists it.' }),
    ...lessonConditionShape,
  })
  .superRefine(checkLessonCondition)
  .meta({ description: `A goal, checked against the live cluster. ${CONDITION_DESCRIPTION} Also \`kubernetesNodeLabel\`, \`talosconfigAccepted\`.`, allOf: lessonConditionJsonRules });

const lesson = z
  .strictObject({
    title: text.min(1).meta({ description: 'Title shown in the lesson list and the UI.' }),
    story: text.min(1).meta({ description: 'What happened and what the trainee is asked to do.' }),
    goals: z.array(lessonGoal).min(1).meta({ description: 'Goals in the order the trainee should reach them.' }),
    hints: z.array(text.min(1)).optional().meta({ description: 'Hints, revealed one at a time; each one used costs score. Default none.' }),
    success: z
      .strictObject(lessonConditionShape)
      .superRefine(checkLessonCondition)
      .optional()
      .meta({ description: 'When the lesson is passed. Default: every goal holds at once.', allOf: lessonConditionJsonRules }),
    timeLimit: duration.optional().meta({ description: 'Virtual time the trainee has, from the end of the setup steps. Default none.' }),
  })
  .meta({
    description:
      'Makes the scenario a lesson (`talsim learn`): its steps set the scene, then the trainee acts; goals are checked against the live cluster.',
  });

// ---- the whole file --------------------------------------------------------------------------

export const scenarioSchema = z
  .strictObject({
    name: name.meta({ description: 'Scenario name: lowercase letters, digits and dashes.' }),
    description: text.optional().meta({ description: 'Free text.' }),
    seed: z
      .union([z.int().min(0), z.string().min(1)], { error: 'a whole number >= 0 or a non-empty string' })
      .optional()
      .meta({ default: 1, description: 'Root seed of the run (number or string). Default 1; the CLI `--seed` overrides it.' }),
    duration: duration
      .optional()
      .meta({ description: 'Total virtual run length. Default: the last step (plus its wait-until timeout) or expectation time, plus 1m.' }),
    cluster,
    faults: z.array(declaredFault).optional().meta({ description: 'Named faults, injected at a time, when a condition holds, or by `inject` steps. Default none.' }),
    steps: z.array(step).optional().meta({ description: 'Actions, in time order. Default none.' }),
    expect: z.array(expectation).optional().meta({ description: 'Expectations checked against the run. Default none.' }),
    expectFailure: z
      .boolean()
      .optional()
      .meta({
        description:
          'The scenario must fail (a canary proving the checkers can fail): reported as an expected failure and counted as passed when it fails; a failure of the run when every expectation holds. Default false.',
      }),
    lesson: lesson.optional(),
  })
  .meta({ title: 'talsim scenario', description: 'A talsim scenario: a cluster, timed actions and expectations.' });

export type ScenarioInput = z.output<typeof scenarioSchema>;
export type NodeEntryInput = ScenarioInput['cluster']['nodes'][number];
export type StepInput = NonNullable<ScenarioInput['steps']>[number];
export type ExpectationInput = NonNullable<ScenarioInput['expect']>[number];
export type WaitUntilInput = NonNullable<StepInput['wait-until']>;
export type ConditionInput = Pick<ExpectationInput, (typeof SELECTOR_KEYS)[number] | (typeof CHECK_KEYS)[number]>;
export type HardwareInput = NonNullable<NodeEntryInput['hardware']>;
/** A fault as written in `faults:` or inline in an `inject` step (kind-specific keys widened). */
export interface FaultInput {
  name?: string;
  kind: string;
  targets?: { node?: string; nodes?: string[]; role?: (typeof NODE_ROLES)[number]; all?: true } | { from: string | string[]; to: string | string[] };
  options?: Record<string, unknown>;
  at?: string;
  when?: ConditionInput;
  duration?: string;
}
export type LessonInput = NonNullable<ScenarioInput['lesson']>;
export type LessonGoalInput = LessonInput['goals'][number];
