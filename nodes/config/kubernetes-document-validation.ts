// Talos v1.14's Validate for the Kubernetes documents (KubeletConfig, KubeAPIServerConfig,
// KubeNetworkConfig...), their conflicts with the v1alpha1 document they replace parts of
// ("kubelet config is already set in v1alpha1 config (.machine.kubelet)"), and which of them only
// a control plane may carry. Texts and order from siderolabs/talos pkg/machinery/config/types/k8s
// at v1.14.0-rc.1.
// Leaves out: the Kubernetes image tag compatibility check (Talos runs it only on the node, not in
// `talosctl validate`; talsim has no compatibility table). Warnings are in document-warnings.ts.
import type { ConfigObject, MachineConfig } from './machine-config-types.ts';
import { at, has, list, num, obj, str, type DocumentChecker } from './document-values.ts';
import { endpointURIError, formatAddress, isMaskedPrefix, isSubnetOrAddress, parsePrefix, parseURL } from './net-parse.ts';
import { nodeAnnotationsErrors, nodeLabelsErrors, nodeTaintsErrors, subdomainError } from './label-validation.ts';
import { PROTECTED_KUBELET_FIELDS, TALOS_ROLES } from './machine-validation.ts';
import { certificateAndKeyError, pemError, privateKeyParseError } from './pem-checks.ts';
import { wrapErrorList } from './multierror-format.ts';

/** Kinds Talos accepts only in a control plane's config (container.ControlplaneOnlyConfig). */
export const CONTROLPLANE_ONLY_KINDS: ReadonlySet<string> = new Set([
  'KubeAPIServerConfig', 'KubeAdmissionControlConfig', 'KubeAggregatorCAConfig', 'KubeAuditPolicyConfig',
  'KubeAuthenticationConfig', 'KubeAuthorizerConfig', 'KubeControllerManagerConfig', 'KubeCoreDNSConfig',
  'KubeEtcdEncryptionConfig', 'KubeFlannelCNIConfig', 'KubeProxyConfig', 'KubeSchedulerConfig',
  'KubeServiceAccountConfig', 'KubeTalosAPIAccessConfig',
]);

const sorted = (keys: string[]): string[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** ResourcesConfig.Validate: only cpu and memory, requests first. */
function resourcesErrors(body: ConfigObject): string[] {
  const resources = obj(body.resources);
  for (const section of ['requests', 'limits']) {
    const unsupported = sorted(Object.keys(obj(resources[section]))).find((key) => key !== 'cpu' && key !== 'memory');
    if (unsupported !== undefined) return [`unsupported pod resource ${JSON.stringify(unsupported)}`];
  }
  return [];
}

/** The image check of a control plane component, skipped when the component is disabled. */
function componentErrors(component: string, body: ConfigObject): string[] {
  if (body.enabled === false) return [];
  const errors = str(body.image) === '' ? [`${component} image cannot be empty`] : [];
  return [...errors, ...resourcesErrors(body)];
}

const DENIED_APISERVER_ARGS: Record<string, string> = {
  'anonymous-auth': 'use KubeAuthenticationConfig',
  'authentication-config': 'use KubeAuthenticationConfig',
  'authorization-config': 'use KubeAuthorizationConfig',
  'authorization-mode': 'use KubeAuthorizationConfig',
  'authorization-webhook-': 'use KubeAuthorizationConfig',
  'oidc-': 'use KubeAuthenticationConfig',
};

function apiServerErrors(body: ConfigObject): string[] {
  const errors = str(body.image) === '' ? ['kube-apiserver image cannot be empty'] : [];
  const args = sorted(Object.keys(obj(body.extraArgs)));
  for (const prefix of sorted(Object.keys(DENIED_APISERVER_ARGS))) {
    for (const arg of args.filter((name) => name.startsWith(prefix))) {
      errors.push(`kube-apiserver extra argument ${JSON.stringify(arg)} is not allowed: ${DENIED_APISERVER_ARGS[prefix]}`);
    }
  }
  return [...errors, ...resourcesErrors(body)];
}

/** The issuing CA and accepted CAs of KubeAPIServerCAConfig / KubeAggregatorCAConfig. */
function certificateAuthorityErrors(body: ConfigObject, issuingRequired: boolean): string[] {
  const errors: string[] = [];
  if (!has(body, 'issuingCA')) {
    if (issuingRequired) errors.push('issuing CA is not set');
  } else {
    const issuing = obj(body.issuingCA);
    const problem = certificateAndKeyError({ cert: str(issuing.cert), key: str(issuing.key) });
    if (problem !== '') errors.push(`issuing CA: ${problem}`);
  }
  list(body.acceptedCAs).forEach((certificate, index) => {
    const problem = pemError(str(certificate), ['CERTIFICATE']);
    if (problem !== '') errors.push(`accepted CA #${index}: ${problem}`);
  });
  return errors;
}

function authorizerErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const type = str(body.type);
  if (str(body.name) === '') errors.push('authorizer name is required');
  if (type === '') errors.push('authorizer type is required');
  if (!['Node', 'RBAC', 'Webhook'].includes(type)) errors.push(`authorizer type ${type} is not allowed, allowed types are [Node RBAC Webhook]`);
  if (type === 'Webhook' && Object.keys(obj(body.webhook)).length === 0) errors.push('authorizer webhook configuration is required for Webhook authorizer type');
  return errors;
}

function clusterErrors(body: ConfigObject): string[] {
  const errors = str(body.clusterName) === '' ? ['clusterName must be specified'] : [];
  const endpoint = str(body.endpoint);
  if (endpoint === '') errors.push('endpoint must be specified');
  else if (endpointURIError(endpoint) !== '') errors.push(`cluster endpoint is invalid: ${endpointURIError(endpoint)}`);
  return errors;
}

/** A manifest's or static pod's name: required, then a DNS-1123 subdomain. */
function dnsNameErrors(what: string, name: string): string[] {
  if (name === '') return [`${what} name is required`];
  const problem = subdomainError(name);
  return problem === '' ? [] : [`${what} name is invalid: ${problem}`];
}

function externalManifestErrors(body: ConfigObject): string[] {
  const errors = dnsNameErrors('manifest', str(body.name));
  const url = str(body.url);
  const parsed = url === '' ? null : parseURL(url);
  if (url === '') errors.push('manifest URL is required');
  else if (typeof parsed === 'object' && parsed !== null && parsed.scheme !== 'http' && parsed.scheme !== 'https') {
    errors.push(`manifest URL scheme must be http or https: ${JSON.stringify(parsed.scheme)}`);
  }
  return errors;
}

function kubeletErrors(body: ConfigObject): string[] {
  const errors = str(body.image) === '' ? ['kubelet image cannot be empty'] : [];
  const config = obj(body.config);
  for (const field of PROTECTED_KUBELET_FIELDS) {
    if (Object.hasOwn(config, field)) errors.push(`kubelet configuration field ${JSON.stringify(field)} can't be overridden`);
  }
  return errors;
}

const DEFAULT_NODE_CIDR_MASK = { 4: 24, 6: 64 } as const;
const MIN_SUBNET_HOST_BITS = 4;
const POD_SUBNET_NODE_MASK_MAX_DIFF = 16;
const MAX_HOST_BITS_FOR_SERVICE_SUBNET = 20;

/** validateSubnets: count, each prefix masked and large enough, at most one per family. */
function subnetsError(subnets: string[], checkSize: (text: string, family: 4 | 6, bits: number) => string): string {
  if (subnets.length === 0) return 'at least one subnet must be specified';
  if (subnets.length > 2) return 'at most two subnets can be specified for dual-stack clusters';
  const families: number[] = [];
  for (const subnet of subnets) {
    const prefix = parsePrefix(subnet);
    if (prefix === null) return `invalid subnet: ${subnet}`;
    const width = prefix.address.family === 4 ? 32 : 128;
    const text = `${formatAddress(prefix.address)}/${prefix.bits}`;
    if (!isMaskedPrefix(prefix)) return `invalid subnet: ${text} is not a valid CIDR`;
    if (width - prefix.bits < MIN_SUBNET_HOST_BITS) return `invalid subnet: /${prefix.bits} is too small, it must be larger than /${prefix.bits - MIN_SUBNET_HOST_BITS}`;
    const sizeProblem = checkSize(text, prefix.address.family, prefix.bits);
    if (sizeProblem !== '') return sizeProblem;
    families.push(prefix.address.family);
  }
  const countOf = (family: number) => families.filter((value) => value === family).length;
  return countOf(4) > 1 || countOf(6) > 1 ? 'at most one IPv4 and one IPv6 subnet can be specified for dual-stack clusters' : '';
}

function kubeNetworkErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const masks = { 4: num(body.nodeCIDRMaskSizeIPv4), 6: num(body.nodeCIDRMaskSizeIPv6) };
  const valid = { 4: masks[4] >= 0 && masks[4] <= 32, 6: masks[6] >= 0 && masks[6] <= 128 };
  if (!valid[4]) errors.push('nodeCIDRMaskSizeIPv4 must be between 1 and 32');
  if (!valid[6]) errors.push('nodeCIDRMaskSizeIPv6 must be between 1 and 128');
  const podSubnets = list(body.podSubnets).map(str);
  const serviceSubnets = list(body.serviceSubnets).map(str);
  const podProblem = subnetsError(podSubnets, (text, family, bits) => {
    const mask = masks[family] === 0 ? DEFAULT_NODE_CIDR_MASK[family] : masks[family];
    if (!valid[family]) return '';
    if (bits > mask) return `invalid subnet: ${text} is smaller than the per-node pod CIDR mask size /${mask}`;
    if (mask - bits > POD_SUBNET_NODE_MASK_MAX_DIFF) {
      return `invalid subnet: ${text} is too large for the per-node pod CIDR mask size /${mask}, the difference must be at most ${POD_SUBNET_NODE_MASK_MAX_DIFF} bits`;
    }
    return '';
  });
  if (podProblem !== '') errors.push(`pod subnets: ${podProblem}`);
  const serviceProblem = subnetsError(serviceSubnets, (text, family, bits) => {
    const width = family === 4 ? 32 : 128;
    if (width - bits <= MAX_HOST_BITS_FOR_SERVICE_SUBNET) return '';
    return `invalid subnet: ${text} is too large, it must be at least /${width - MAX_HOST_BITS_FOR_SERVICE_SUBNET} (at most ${MAX_HOST_BITS_FOR_SERVICE_SUBNET} host identifier bits)`;
  });
  if (serviceProblem !== '') errors.push(`service subnets: ${serviceProblem}`);
  if (podSubnets.length !== serviceSubnets.length) errors.push('the number of pod subnets must match the number of service subnets');
  return errors;
}

function kubeNodeErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  for (const subnet of list(obj(body.nodeIP).validSubnets).map(str)) {
    const cidr = subnet.replace(/^!/, '');
    if (!isSubnetOrAddress(cidr)) errors.push(`nodeIP subnet is not valid: ${JSON.stringify(cidr)}`);
  }
  const labels = nodeLabelsErrors(obj(body.labels) as Record<string, string>);
  if (labels.length > 0) errors.push(wrapErrorList('invalid node labels', labels));
  const annotations = nodeAnnotationsErrors(obj(body.annotations) as Record<string, string>);
  if (annotations.length > 0) errors.push(wrapErrorList('invalid node annotations', annotations));
  const taints = nodeTaintsErrors(obj(body.taints) as Record<string, string>);
  if (taints.length > 0) errors.push(wrapErrorList('invalid node taints', taints));
  return errors;
}

function proxyErrors(body: ConfigObject): string[] {
  if (body.enabled === false) return [];
  const errors = str(body.image) === '' ? ['proxy image cannot be empty'] : [];
  const mode = str(body.mode);
  if (!['', 'nftables', 'iptables', 'ipvs'].includes(mode)) errors.push(`invalid proxy mode ${JSON.stringify(mode)}: supported modes are iptables, ipvs and nftables`);
  return [...errors, ...resourcesErrors(body)];
}

function serviceAccountErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const issuer = obj(body.issuer);
  const privateKey = str(issuer.privateKey);
  if (privateKey === '') errors.push('service issuer private key is required');
  else if (privateKeyParseError(privateKey) !== '') errors.push(`service issuer private key is invalid: ${privateKeyParseError(privateKey)}`);
  if (!has(issuer, 'issuerURL')) errors.push('service issuer URL is required');
  return errors;
}

export const KUBERNETES_CHECKERS: Record<string, DocumentChecker> = {
  KubeAdmissionControlConfig: (body) => (str(body.name) === '' ? ['admission control plugin name is required'] : []),
  KubeAggregatorCAConfig: (body) => certificateAuthorityErrors(body, true),
  KubeAPIServerCAConfig: (body) => certificateAuthorityErrors(body, false),
  KubeAPIServerConfig: apiServerErrors,
  KubeAuthorizerConfig: authorizerErrors,
  KubeClusterConfig: clusterErrors,
  KubeControllerManagerConfig: (body) => componentErrors('kube-controller-manager', body),
  KubeEtcdEncryptionConfig: (body) => (Object.keys(obj(body.config)).length === 0 ? ['etcd encryption config is required'] : []),
  KubeExternalManifestConfig: externalManifestErrors,
  KubeFlannelCNIConfig: (body) => [...(str(body.backendType) === '' ? ['flannel backend type must be specified'] : []), ...resourcesErrors(body)],
  KubeInlineManifestConfig: (body) => dnsNameErrors('manifest', str(body.name)),
  KubeletConfig: kubeletErrors,
  KubeNetworkConfig: kubeNetworkErrors,
  KubeNodeConfig: kubeNodeErrors,
  KubePrismConfig: (body) => (num(body.port) <= 0 || num(body.port) > 65535 ? [`invalid port ${num(body.port)}: must be in range 1-65535`] : []),
  KubeProxyConfig: proxyErrors,
  KubeSchedulerConfig: (body) => componentErrors('scheduler', body),
  KubeServiceAccountConfig: serviceAccountErrors,
  KubeStaticPodConfig: (body) => [...dnsNameErrors('static pod', str(body.name)), ...(Object.keys(obj(body.pod)).length === 0 ? ['static pod spec is required'] : [])],
  KubeTalosAPIAccessConfig: (body) => list(body.allowedRoles).map(str).filter((role) => !TALOS_ROLES.includes(role)).map((role) => `invalid role ${JSON.stringify(role)} in .allowedRoles`),
};

/**
 * A v1alpha1 field a document replaces: present (Go's non-nil pointer, non-empty string, list or,
 * with `keysRequired`, map) means conflict.
 */
type Conflict = [path: string, message: string, keysRequired?: boolean];

const present = (config: MachineConfig, [path, , keysRequired]: Conflict): boolean => {
  const value = at(config, path);
  if (value === undefined || value === '' || value === 0) return false;
  if (keysRequired === true) return Object.keys(obj(value)).length > 0;
  return !(Array.isArray(value) && value.length === 0);
};

const ADMISSION_CONFLICT: Conflict = ['cluster.apiServer.admissionControl', 'admission control plugin config is already set in v1alpha1 config'];

/** Each kind's V1Alpha1ConflictValidate, the checks in Talos's order (the first that holds is reported). */
const V1ALPHA1_CONFLICTS: Record<string, Conflict[]> = {
  KubeAdmissionControlConfig: [ADMISSION_CONFLICT],
  KubeAggregatorCAConfig: [['cluster.aggregatorCA', 'kube-apiserver aggregator CA is already set in v1alpha1 config (.cluster.aggregatorCA), please remove it and use the new KubeAggregatorCAConfig document instead']],
  KubeAPIServerCAConfig: [['cluster.ca', 'kube-apiserver CA is already set in v1alpha1 config (.cluster.ca)']],
  KubeAPIServerConfig: [
    ['cluster.apiServer', 'kube-apiserver config is already set in v1alpha1 config (.cluster.apiServer)'],
    ['cluster.controlPlane.localAPIServerPort', 'kube-apiserver API port is already set in v1alpha1 config (.cluster.controlPlane.localAPIServerPort)'],
  ],
  KubeAuditPolicyConfig: [['cluster.apiServer.auditPolicy', 'audit policy config is already set in v1alpha1 config', true]],
  KubeAuthorizerConfig: [ADMISSION_CONFLICT],
  KubeClusterConfig: [
    ['cluster.clusterName', 'cluster name is already set in the v1alpha1 config (.cluster.clusterName). Please remove it and use only the new KubeClusterConfig document to avoid conflicts'],
    ['cluster.controlPlane.endpoint', 'cluster endpoint is already set in the v1alpha1 config (.cluster.controlPlane.endpoint). Please remove it and use only the new KubeClusterConfig document to avoid conflicts'],
  ],
  KubeControllerManagerConfig: [
    ['cluster.controllerManager', 'kube-controller-manager config is already set in v1alpha1 config (.cluster.controllerManager)'],
    ['machine.controlPlane.controllerManager', 'kube-controller-manager config is already set in v1alpha1 config (.machine.controlplane.controllerManager)'],
  ],
  KubeCoreDNSConfig: [['cluster.coreDNS', 'CoreDNS config is already set in v1alpha1 config (.cluster.coreDNS)']],
  KubeCredentialProviderConfig: [['machine.kubelet', 'cannot use KubeCredentialProviderConfig with legacy kubelet configuration (.machine.kubelet)']],
  KubeEtcdEncryptionConfig: [
    ['cluster.secretboxEncryptionSecret', 'etcd encryption config is already set in v1alpha1 config'],
    ['cluster.aescbcEncryptionSecret', 'etcd encryption config is already set in v1alpha1 config'],
  ],
  KubeFlannelCNIConfig: [['cluster.network', "cluster network config in v1alpha1 config (.machine.cluster.network) can't be used with KubeFlannelCNIConfig document, please remove it to avoid conflicts"]],
  KubeletConfig: [['machine.kubelet', 'kubelet config is already set in v1alpha1 config (.machine.kubelet)']],
  KubeNetworkConfig: [['cluster.network', 'cluster network config is already set in the v1alpha1 config (.machine.cluster.network). Please remove it and use only the new KubeNetworkConfig document to avoid conflicts']],
  KubeNodeConfig: [
    ['cluster.allowSchedulingOnControlPlanes', '.cluster.allowSchedulingOnControlPlanes is already set in v1alpha1 config'],
    ['cluster.allowSchedulingOnMasters', '.cluster.allowSchedulingOnMasters is already set in v1alpha1 config'],
    ['machine.kubelet.skipNodeRegistration', '.machine.kubelet.skipNodeRegistration is already set in v1alpha1 config'],
    ['machine.kubelet.registerWithFQDN', '.machine.kubelet.registerWithFQDN is already set in v1alpha1 config'],
    ['machine.kubelet.nodeIP', '.machine.kubelet.nodeIP is already set in v1alpha1 config'],
    ['machine.nodeLabels', '.machine.nodeLabels is already set in v1alpha1 config'],
    ['machine.nodeAnnotations', '.machine.nodeAnnotations is already set in v1alpha1 config'],
    ['machine.nodeTaints', '.machine.nodeTaints is already set in v1alpha1 config'],
  ],
  KubePrismConfig: [['machine.features.kubePrism', "KubePrism config in v1alpha1 config (.machine.features.kubePrism) can't be used with KubePrismConfig document, please remove it to avoid conflicts"]],
  KubeProxyConfig: [['cluster.proxy', "cluster proxy config in v1alpha1 config (.machine.cluster.proxy) can't be used with KubeProxyConfig document, please remove it to avoid conflicts"]],
  KubeSchedulerConfig: [
    ['cluster.scheduler', 'kube-scheduler config is already set in v1alpha1 config (.cluster.scheduler)'],
    ['machine.controlPlane.scheduler', 'kube-scheduler config is already set in v1alpha1 config (.machine.controlplane.scheduler)'],
  ],
  KubeServiceAccountConfig: [['cluster.serviceAccount', 'service account is already set in v1alpha1 config (.cluster.serviceAccount)']],
  KubeTalosAPIAccessConfig: [['machine.features.kubernetesTalosAPIAccess', '.machine.features.kubernetesTalosAPIAccess is already set in v1alpha1 config']],
};

/** A Kubernetes document's conflict with the v1alpha1 document ('' when none). */
export function kubernetesConflict(kind: string, config: MachineConfig): string {
  const conflict = (V1ALPHA1_CONFLICTS[kind] ?? []).find((candidate) => present(config, candidate));
  return conflict === undefined ? '' : conflict[1];
}
