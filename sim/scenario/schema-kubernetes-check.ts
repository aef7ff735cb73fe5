// The `kubernetes` check of a scenario condition: what `kubectl` would show about the selected
// nodes' Kubernetes objects. A Node condition (type, status, reason), a label (value or absent),
// whether the node is cordoned, and the pods on the node whose name starts with a component's
// name (`kube-apiserver`, `kube-proxy`, `coredns`): their phase and readiness.
import { z } from 'zod';

export const NODE_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

/** Unquoted `True`/`False` are YAML booleans: taken as the status words they spell. */
const conditionStatus = z
  .union([z.enum(CONDITION_STATUSES), z.boolean()], { error: 'True, False or Unknown' })
  .meta({ description: 'The condition status as kubectl prints it: `True`, `False` or `Unknown`.' });

const KUBERNETES_CHECK_KEYS = ['condition', 'label', 'unschedulable', 'pod'] as const;

export const kubernetesCheck = z
  .strictObject({
    condition: z
      .strictObject({
        type: z.enum(NODE_CONDITION_TYPES).meta({ description: 'Node condition type.' }),
        status: conditionStatus,
        reason: z.string().optional().meta({ description: "The condition's reason, exactly (`KubeletNotReady`, `NodeStatusUnknown`, `KubeletHasDiskPressure`...)." }),
      })
      .optional()
      .meta({ description: 'A condition of the Node object (`kubectl describe node`).' }),
    label: z
      .strictObject({
        key: z.string().min(1).meta({ description: 'Label key, e.g. `zone` or `node-role.kubernetes.io/control-plane`.' }),
        equals: z.string().optional().meta({ description: 'The label must have this value.' }),
        absent: z.literal(true).optional().meta({ description: 'The label must not be on the node.' }),
      })
      .superRefine((value, context) => {
        if ('equals' in value && 'absent' in value) context.addIssue({ code: 'custom', path: ['absent'], message: 'at most one of equals, absent', params: { found: 'equals and absent', pointAt: 'key' } });
      })
      .optional()
      .meta({ description: 'A label of the Node object (`kubectl get nodes --show-labels`); with only `key`, the label must be present.' }),
    unschedulable: z.boolean().optional().meta({ description: 'Whether the node is cordoned (`SchedulingDisabled`).' }),
    pod: z
      .strictObject({
        name: z.string().min(1).meta({ description: 'Pods on the node named this or starting with it and a dash (`kube-apiserver`, `kube-proxy`, `coredns`).' }),
        phase: z.enum(POD_PHASES).optional().meta({ description: 'Every such pod is in this phase.' }),
        ready: z.boolean().optional().meta({ description: 'Every such pod is Ready (true) or not (false).' }),
        absent: z.literal(true).optional().meta({ description: 'No such pod is on the node.' }),
      })
      .optional()
      .meta({ description: 'Pods bound to the node (`kubectl get pods -A -o wide`); with only `name`, at least one must exist.' }),
  })
  .superRefine((value, context) => {
    if (!KUBERNETES_CHECK_KEYS.some((key) => key in value)) {
      context.addIssue({ code: 'custom', path: [], message: `at least one of ${KUBERNETES_CHECK_KEYS.join(', ')}`, params: { found: 'none' } });
    }
  })
  .meta({
    description:
      "The selected nodes' Kubernetes objects as the API serves them (read from the model, also while the API is down): a Node `condition`, a `label`, `unschedulable`, the `pod`s bound to the node.",
    anyOf: KUBERNETES_CHECK_KEYS.map((key) => ({ required: [key] })),
  });

export type KubernetesCheckInput = z.output<typeof kubernetesCheck>;
