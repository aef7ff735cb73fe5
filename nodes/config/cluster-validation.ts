// Talos' ClusterConfig.Validate and ValidateCNI: control plane endpoint, DNS domain, external
// cloud provider, etcd (control plane only since v1.7), Kubernetes CA key on workers, inline
// manifests, discovery service and the control plane component resources, with Talos' texts.
import type { ClusterSection, ControlPlaneComponentConfig } from './machine-config-types.ts';
import type { IssueList } from './validation-result.ts';
import { endpointURIError, isSubnetOrAddress, parseRequestURI } from './net-parse.ts';
import { isAtLeast } from './talos-version.ts';

const DNS_NAME = /^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[._]?$/;
const DEFAULT_DISCOVERY_ENDPOINT = 'https://discovery.talos.dev/';

function isValidDNSName(name: string): boolean {
  if (name === '' || name.length - (name.match(/\./g) ?? []).length > 255) return false;
  return DNS_NAME.test(name);
}

function validateEtcd(cluster: ClusterSection, isControlPlane: boolean, talosVersion: string, issues: IssueList): void {
  const etcd = cluster.etcd;
  if (etcd === undefined) return;
  if (!isControlPlane && isAtLeast(talosVersion, 'v1.7.0')) {
    issues.error('cluster.etcd', 'etcd config is only allowed on control plane machines');
    return;
  }
  if (etcd.ca === undefined) issues.error('cluster.etcd.ca', 'key/cert combination should not be empty');
  if ((etcd.subnet ?? '') !== '' && (etcd.advertisedSubnets ?? []).length > 0) {
    issues.error('cluster.etcd.subnet', "etcd subnet can't be set when advertised subnets are set");
  }
  for (const subnet of etcd.advertisedSubnets ?? []) {
    const cidr = subnet.replace(/^!/, '');
    if (!isSubnetOrAddress(cidr)) issues.error('cluster.etcd.advertisedSubnets', `etcd advertised subnet is not valid: ${JSON.stringify(cidr)}`);
  }
  for (const subnet of etcd.listenSubnets ?? []) {
    const cidr = subnet.replace(/^!/, '');
    if (!isSubnetOrAddress(cidr)) issues.error('cluster.etcd.listenSubnets', `etcd listen subnet is not valid: ${JSON.stringify(cidr)}`);
  }
}

function validateExternalCloudProvider(cluster: ClusterSection, issues: IssueList): void {
  const provider = cluster.externalCloudProvider;
  if (provider === undefined) return;
  const manifests = provider.manifests ?? [];
  if (provider.enabled !== true && manifests.length > 0) {
    issues.error('cluster.externalCloudProvider', 'external cloud provider is disabled, but manifests are provided');
    return;
  }
  for (const url of manifests) {
    const problem = endpointURIError(url);
    if (problem !== '') issues.error('cluster.externalCloudProvider.manifests', `invalid external cloud provider manifest url ${JSON.stringify(url)}: ${problem}`);
  }
}

function validateInlineManifests(cluster: ClusterSection, issues: IssueList): void {
  const names = new Set<string>();
  (cluster.inlineManifests ?? []).forEach((manifest, index) => {
    const name = manifest?.name ?? '';
    const path = `cluster.inlineManifests[${index}]`;
    if (name.trim() === '') issues.error(path, "inline manifest name can't be empty");
    if (names.has(name)) issues.error(path, `inline manifest name ${JSON.stringify(name)} is duplicate`);
    names.add(name);
  });
}

function validateDiscovery(cluster: ClusterSection, issues: IssueList): void {
  const discovery = cluster.discovery;
  if (discovery?.enabled !== true) return;
  const service = discovery.registries?.service;
  if (service?.disabled === true) return;
  const endpoint = service?.endpoint || DEFAULT_DISCOVERY_ENDPOINT;
  const parsed = parseRequestURI(endpoint);
  const path = 'cluster.discovery.registries.service.endpoint';
  if (typeof parsed === 'string') issues.error(path, `cluster discovery service registry endpoint is invalid: ${parsed}`);
  else if (parsed.path !== '' && parsed.path !== '/') issues.error(path, 'cluster discovery service path should be empty');
  if ((cluster.id ?? '') === '') issues.error('cluster.id', 'cluster discovery service requires .cluster.id');
  if ((cluster.secret ?? '') === '') issues.error('cluster.secret', 'cluster discovery service requires .cluster.secret');
}

function unsupportedResource(component: ControlPlaneComponentConfig | undefined): string {
  for (const section of [component?.resources?.requests, component?.resources?.limits]) {
    for (const key of Object.keys(section ?? {})) if (key !== 'memory' && key !== 'cpu') return `unsupported pod resource ${JSON.stringify(key)}`;
  }
  return '';
}

function validateComponents(cluster: ClusterSection, issues: IssueList): void {
  const apiServer = cluster.apiServer;
  if (apiServer !== undefined) {
    const extraArgs = Object.keys(apiServer.extraArgs ?? {});
    const authorizers = apiServer.authorizationConfig;
    if (authorizers !== undefined && extraArgs.includes('authorization-mode')) {
      issues.error('cluster.apiServer.extraArgs', 'authorization-mode cannot be used in conjunction with AuthorizationConfig, use eitherr AuthorizationConfig or authorization-mode');
    } else if (authorizers !== undefined && extraArgs.some((key) => key.startsWith('authorization-webhook-'))) {
      issues.error('cluster.apiServer.extraArgs', 'authorization-webhook-* flags cannot be used in conjunction with AuthorizationConfig, use either AuthorizationConfig or authorization-webhook-* flags');
    } else if ((authorizers ?? []).some((authorizer) => (authorizer?.type ?? '') === '')) {
      issues.error('cluster.apiServer.authorizationConfig', 'apiserver authorization config validation failed: authorizer type must be set');
    } else if (unsupportedResource(apiServer) !== '') {
      issues.error('cluster.apiServer.resources', `apiserver resource validation failed: ${unsupportedResource(apiServer)}`);
    }
  }
  const controllerManagerProblem = unsupportedResource(cluster.controllerManager);
  if (controllerManagerProblem !== '') issues.error('cluster.controllerManager.resources', `controller-manager resource validation failed: ${controllerManagerProblem}`);
  const schedulerProblem = unsupportedResource(cluster.scheduler);
  if (schedulerProblem !== '') issues.error('cluster.scheduler.resources', `scheduler resource validation failed: ${schedulerProblem}`);
}

/** Talos' ClusterConfig.Validate (stops at the first missing required section, as Talos does). */
export function validateCluster(cluster: ClusterSection | undefined, isControlPlane: boolean, talosVersion: string, issues: IssueList): void {
  if (cluster === undefined) {
    issues.error('cluster', 'cluster instructions are required');
    return;
  }
  const endpoint = cluster.controlPlane?.endpoint;
  // From v1.14 the endpoint may come from a KubeClusterConfig document instead: only a
  // `controlPlane` section without one is an error.
  const endpointOptional = isAtLeast(talosVersion, 'v1.14.0') && cluster.controlPlane === undefined;
  if (endpoint === undefined && !endpointOptional) {
    issues.error('cluster.controlPlane.endpoint', 'cluster controlplane endpoint is required');
    return;
  }
  const endpointProblem = endpoint === undefined ? '' : endpointURIError(endpoint);
  if (endpointProblem !== '') issues.error('cluster.controlPlane.endpoint', `invalid controlplane endpoint: ${endpointProblem}`);
  const dnsDomain = cluster.network?.dnsDomain ?? '';
  if (dnsDomain !== '' && !isValidDNSName(dnsDomain)) issues.error('cluster.network.dnsDomain', `${JSON.stringify(dnsDomain)} is not a valid DNS name`);
  validateExternalCloudProvider(cluster, issues);
  validateEtcd(cluster, isControlPlane, talosVersion, issues);
  if (cluster.ca !== undefined && !isControlPlane && (cluster.ca.key ?? '') !== '') {
    issues.error('cluster.ca.key', 'cluster CA key is not allowed on non-controlplane nodes (.cluster.ca)');
  }
  validateInlineManifests(cluster, issues);
  validateDiscovery(cluster, issues);
  validateComponents(cluster, issues);
}

/** Talos' ValidateCNI (control plane nodes only); the default CNI is flannel. */
export function validateCNI(cluster: ClusterSection | undefined, issues: IssueList): void {
  const cni = cluster?.network?.cni ?? { name: 'flannel' };
  const name = cni.name ?? '';
  const urls = cni.urls ?? [];
  const flannelArgs = cni.flannel?.extraArgs ?? [];
  const policies = cni.flannel?.kubeNetworkPoliciesEnabled === true;
  const path = 'cluster.network.cni';
  if (!['flannel', 'custom', 'none'].includes(name)) {
    issues.error(`${path}.name`, 'cni name should be one of ["flannel", "custom", "none"]');
    return;
  }
  if (name !== 'custom' && urls.length !== 0) issues.error(`${path}.urls`, `"urls" field should be empty for ${JSON.stringify(name)} CNI`);
  if (name === 'custom' && urls.length === 0) issues.warning(`${path}.urls`, `"urls" field should not be empty for "custom" CNI`);
  if (name !== 'flannel' && flannelArgs.length !== 0) issues.error(`${path}.flannel`, `"flanneldExtraArgs" field should be empty for ${JSON.stringify(name)} CNI`);
  if (name !== 'flannel' && policies) issues.error(`${path}.flannel`, `"flannelKubeNetworkPoliciesEnabled" should not be enabled for ${JSON.stringify(name)} CNI`);
  if (name === 'custom') for (const url of urls) {
    const problem = endpointURIError(url);
    if (problem !== '') issues.error(`${path}.urls`, problem);
  }
}
