// A state condition of a scenario (shared by wait-until steps, expectations, fault start
// conditions and lesson goals): at most one node selector and at least one check, each in
// Talos's words (machine stage, service state, unmet condition) or talsim's apply states.
// Leaves out how a condition is evaluated (condition-checker.ts).
import { z } from 'zod';
import { APPLY_STATES, MACHINE_STAGES, NODE_ROLES, SERVICE_STATES, UNMET_CONDITION_NAMES } from '../../nodes/vocabulary.ts';
import { ABSOLUTE_PATH_PATTERN, CIDR_PATTERN, exactlyOneOf, nodeName, text } from './schema-building-blocks.ts';
import { kubernetesCheck } from './schema-kubernetes-check.ts';

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

export const conditionShape = {
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
export function conditionRefinement(checkKeys: readonly string[]) {
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

export const checkCondition = conditionRefinement(CHECK_KEYS);

export const conditionJsonRules = [
  { anyOf: CHECK_KEYS.map((key) => ({ required: [key] })) },
  {
    not: {
      anyOf: SELECTOR_KEYS.flatMap((first, index) =>
        SELECTOR_KEYS.slice(index + 1).map((second) => ({ required: [first, second] })),
      ),
    },
  },
];

export const CONDITION_DESCRIPTION =
  'Condition keys: at most one node selector (`node`, `nodes`, `role`, `all`; default all nodes) and at least one check (`stage`, `ready`, `unmetCondition`, `noUnmetCondition`, `service`, `resource`, `log`, `applyState`, `kubernetesNodeReady`, `kubernetes`, `address`, `file`). Every check must hold on every selected node.';

