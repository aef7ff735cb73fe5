// Which node labels a kubelet may set on its own Node (Kubernetes' kubelet label rules, enforced
// both by the kubelet for --node-labels and by the NodeRestriction admission plugin when a node
// updates itself): labels in the kubernetes.io / k8s.io namespaces are refused unless they are in
// the kubelet's allowed set or under kubelet.kubernetes.io / node.kubernetes.io.

const KUBELET_ALLOWED_LABELS = new Set([
  'beta.kubernetes.io/arch', 'beta.kubernetes.io/instance-type', 'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os', 'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region', 'topology.kubernetes.io/zone',
]);

const KUBELET_ALLOWED_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function inNamespace(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

/** The part before '/', '' for unprefixed labels. */
function labelNamespace(label: string): string {
  const slash = label.indexOf('/');
  return slash < 0 ? '' : label.slice(0, slash).toLowerCase();
}

function isKubeletLabel(label: string): boolean {
  if (KUBELET_ALLOWED_LABELS.has(label)) return true;
  const namespace = labelNamespace(label);
  return KUBELET_ALLOWED_NAMESPACES.some((allowed) => inNamespace(namespace, allowed));
}

function isKubernetesLabel(label: string): boolean {
  const namespace = labelNamespace(label);
  return inNamespace(namespace, 'kubernetes.io') || inNamespace(namespace, 'k8s.io');
}

/** The kubelet exits at start-up when --node-labels holds such a label. */
export function kubeletRejectsNodeLabel(label: string): boolean {
  return isKubernetesLabel(label) && !isKubeletLabel(label);
}

/** NodeRestriction rejects a node's own update of such a label (e.g. node-role.kubernetes.io/worker). */
export function nodeRestrictionForbidsLabel(label: string): boolean {
  return labelNamespace(label).startsWith('node-restriction.kubernetes.io') || kubeletRejectsNodeLabel(label);
}
