// The `steps:` of a scenario: one action at a virtual time (apply-config, bootstrap, reboot,
// shutdown, reset, upgrade, service, etcd, kubectl, wait-until, inject, heal, ...), who makes the call (`as`),
// and what the call must return (`expect`). Leaves out how steps run (perform-step.ts).
import { z } from 'zod';
import { CONFIG_MUTATORS, CONFIG_MUTATOR_NAMES } from '../faults/fault-catalogue.ts';
import { GRPC_CODE_NAMES } from '../../nodes/api-error.ts';
import { APPLY_MODES as TALOS_APPLY_MODES, ETCD_OPERATIONS, REBOOT_MODES, ROLES, SERVICE_OPERATIONS } from '../../nodes/vocabulary.ts';
import { ABSOLUTE_PATH_PATTERN, duration, exactlyOneOf, nodeName, plainObject, relativePath, text } from './schema-building-blocks.ts';
import { checkCondition, CONDITION_DESCRIPTION, conditionJsonRules, conditionShape } from './schema-condition.ts';
import { healStep, injectStep } from './schema-faults.ts';

export const ACTION_KEYS = [
  'apply-config',
  'bootstrap',
  'reboot',
  'shutdown',
  'reset',
  'upgrade',
  'power-on',
  'service',
  'etcd',
  'kubectl',
  'debug-shell-edit',
  'wait-until',
  'confirm-try',
  'probe',
  'inject',
  'heal',
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

export const APPLY_CONFIG_SOURCE_KEYS = ['file', 'patches', 'config', 'fault'] as const;

/** A scenario's apply modes: Talos's, plus talosctl's `--dry-run` as a mode of its own. */
export const SCENARIO_APPLY_MODES = [...TALOS_APPLY_MODES, 'dry-run'] as const;

const nodeTarget = { node: nodeName };

/** The Kubernetes writes a `kubectl` step makes: those the Kubernetes API face accepts (sim/kube-api/writes.ts). */
export const KUBECTL_WRITES = ['cordon', 'label', 'evict', 'delete-pod'] as const;

const kubectlWrite = exactlyOneOf(
  z.strictObject({
    node: nodeName.meta({ description: 'The node written to (for a pod: the node it is bound to); its Kubernetes name is its hostname.' }),
    cordon: z.boolean().optional().meta({ description: '`kubectl cordon` (true) or `kubectl uncordon` (false): the Node\'s `spec.unschedulable`.' }),
    label: z
      .record(z.string().min(1), z.string().nullable())
      .optional()
      .meta({ description: '`kubectl label node`: labels to set; `null` removes one (`kubectl label node N key-`).' }),
    evict: text.min(1).optional().meta({ description: 'The Eviction API on this pod, as `kubectl drain` and `talosctl upgrade --drain` call it.' }),
    'delete-pod': text.min(1).optional().meta({ description: '`kubectl delete pod`: only a static pod\'s mirror can go (the kubelet recreates it).' }),
    namespace: text.min(1).optional().meta({ default: 'kube-system', description: 'For evict and delete-pod: the pod\'s namespace. Default `kube-system`.' }),
  }),
  KUBECTL_WRITES,
  `exactly one of ${KUBECTL_WRITES.join(', ')}`,
).meta({ description: `A write through the cluster's Kubernetes API, as kubectl makes it: exactly one of ${KUBECTL_WRITES.map((key) => `\`${key}\``).join(', ')}. Fails as kubectl does while the API server does not answer.` });

const applyConfig = exactlyOneOf(
  z.strictObject({
    ...nodeTarget,
    mode: z.enum(SCENARIO_APPLY_MODES).optional().meta({ default: 'auto', description: 'Apply mode. Default `auto`.' }),
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
      mode: z.enum(REBOOT_MODES).optional().meta({ default: 'default', description: 'Reboot mode. Default `default`.' }),
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
      wipeMode: z.enum(['all', 'system-disk', 'user-disks']).optional().meta({ default: 'all', description: "talosctl's `--wipe-mode`. Default all." }),
      userDisksToWipe: z.array(text.min(1)).optional().meta({ description: 'Whole user disks to wipe, by device path (`--user-disks-to-wipe`).' }),
      systemLabelsToWipe: z.array(text.min(1)).optional().meta({ description: 'Wipe only these system partitions, by volume label (`--system-labels-to-wipe`: STATE, EPHEMERAL, META).' }),
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
      operation: z.enum(SERVICE_OPERATIONS).meta({ description: 'Service operation.' }),
      id: text.min(1).meta({ description: 'Service id.' }),
    })
    .optional()
    .meta({ description: 'Start, stop or restart a service.' }),
  etcd: z
    .strictObject({
      ...nodeTarget,
      operation: z.enum(ETCD_OPERATIONS).meta({
        description: 'EtcdLeaveCluster (`leave`), EtcdForfeitLeadership (`forfeit-leadership`) or EtcdRemoveMemberByID (`remove-member`), called on `node`.',
      }),
      member: text.min(1).optional().meta({ description: 'For remove-member (required there, refused elsewhere): the member to remove, by hostname or decimal member id.' }),
    })
    .superRefine((value, context) => {
      if (value.operation === 'remove-member' && value.member === undefined) {
        context.addIssue({ code: 'custom', path: ['member'], message: 'a member (hostname or id) for remove-member', params: { found: 'no member' } });
      }
      if (value.operation !== 'remove-member' && value.member !== undefined) {
        context.addIssue({ code: 'custom', path: ['member'], message: `no member for ${value.operation}`, params: { found: 'member', pointAt: 'key' } });
      }
    })
    .optional()
    .meta({ description: 'An etcd member operation, as `talosctl etcd leave|forfeit-leadership|remove-member` calls it.' }),
  kubectl: kubectlWrite.optional(),
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
      .enum(TALOS_APPLY_MODES)
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

export const step = exactlyOneOf(
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

