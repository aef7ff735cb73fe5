// `talosctl gen config <cluster> <endpoint>` from a secrets bundle: controlplane.yaml, worker.yaml
// and talosconfig (context = cluster name, role os:admin). The machine configs have the keys,
// order and per-version defaults talosctl writes for Talos v1.8..v1.13 (checked against Talos's
// config stability golden files), in the `--with-docs=false --with-examples=false` form: the
// default output's documentation comments and commented examples are left out, and so are config
// patches, registry mirrors, KubeSpan and custom CNI options.
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import { loadCertificateAuthority, type PemCertificateAndKey } from './certificate-authority.ts';
import { issueClientCertificate } from './client-certificate.ts';
import { emitGoYamlDocuments, type GoYamlValue } from '../go-format/yaml.ts';
import { base64Pem } from './pem.ts';
import type { SecretsBundle } from './secrets-bundle.ts';
import { TalosRole } from './talos-roles.ts';
import { writeTalosconfig } from './talosconfig.ts';
import { configDefaultsFor, defaultKubernetesVersion, parseTalosVersion } from './version-contract.ts';
import type { NodeRole } from '../vocabulary.ts';

/** `gen config` writes one file per node role. */
export type GeneratedMachineType = NodeRole;

/** What shapes controlplane.yaml and worker.yaml. */
export interface MachineConfigRequest {
  bundle: SecretsBundle;
  clusterName: string;
  /** `https://<host>:6443`. */
  endpoint: string;
  /** The Talos version talosctl and the nodes run, e.g. `v1.13.0`. */
  talosVersion: string;
  /** Without `v`; default: that Talos release's DefaultKubernetesVersion. */
  kubernetesVersion?: string;
  installDisk?: string;
  /** Default `ghcr.io/siderolabs/installer:<talosVersion>`. */
  installImage?: string;
  /** `--additional-sans`: into machine.certSANs and cluster.apiServer.certSANs. */
  additionalSans?: string[];
  dnsDomain?: string;
}

export interface GenerateConfigRequest extends MachineConfigRequest {
  /** Written into talosconfig; talosctl leaves endpoints empty and nodes unset. */
  talosconfigEndpoints?: string[];
  talosconfigNodes?: string[];
  /** Draws the admin client certificate. */
  stream: RandomStream;
  now: Date;
}

export interface GeneratedConfig {
  controlplane: string;
  worker: string;
  talosconfig: string;
}

type YamlMapping = { [key: string]: GoYamlValue };

interface ResolvedRequest extends MachineConfigRequest {
  defaults: ReturnType<typeof configDefaultsFor>;
  kubernetesVersion: string;
}

const encodedPair = (pair: PemCertificateAndKey, withKey: boolean): YamlMapping => ({
  crt: base64Pem(pair.crt),
  key: withKey ? base64Pem(pair.key) : '',
});

function featuresSection(request: ResolvedRequest): YamlMapping {
  const features: YamlMapping = {};
  if (request.defaults.writesRbacAndKeyUsageFeatures) features.rbac = true;
  if (request.defaults.stableHostnameFeature) features.stableHostname = true;
  if (request.defaults.writesRbacAndKeyUsageFeatures) features.apidCheckExtKeyUsage = true;
  features.diskQuotaSupport = true;
  features.kubePrism = { enabled: true, port: 7445 };
  features.hostDNS = { enabled: true, forwardKubeDNSToHost: true };
  return features;
}

function machineSection(request: ResolvedRequest, type: GeneratedMachineType): YamlMapping {
  const install: YamlMapping = {};
  if (request.installDisk !== '') install.disk = request.installDisk ?? '/dev/sda';
  const image = request.installImage ?? `ghcr.io/siderolabs/installer:${request.talosVersion}`;
  if (image !== '') install.image = image;
  install.wipe = false;
  if (request.defaults.grubUseUkiCmdline) install.grubUseUKICmdline = true;
  const machine: YamlMapping = {
    type,
    token: request.bundle.trustdInfo.token,
    ca: encodedPair(request.bundle.certs.os, type === 'controlplane'),
    certSANs: [...(request.additionalSans ?? [])],
    kubelet: {
      image: `ghcr.io/siderolabs/kubelet:v${request.kubernetesVersion}`,
      defaultRuntimeSeccompProfileEnabled: true,
      disableManifestsDirectory: true,
    },
  };
  if (request.defaults.emptyMachineNetwork) machine.network = {};
  machine.install = install;
  machine.features = featuresSection(request);
  if (type === 'controlplane') machine.nodeLabels = { 'node.kubernetes.io/exclude-from-external-load-balancers': '' };
  return machine;
}

const podSecurityAdmission: YamlMapping = {
  name: 'PodSecurity',
  configuration: {
    apiVersion: 'pod-security.admission.config.k8s.io/v1alpha1',
    defaults: {
      audit: 'restricted',
      'audit-version': 'latest',
      enforce: 'baseline',
      'enforce-version': 'latest',
      warn: 'restricted',
      'warn-version': 'latest',
    },
    exemptions: { namespaces: ['kube-system'], runtimeClasses: [], usernames: [] },
    kind: 'PodSecurityConfiguration',
  },
};

function apiServerSection(request: ResolvedRequest): YamlMapping {
  const endpointHost = new URL(request.endpoint).hostname.replace(/^\[|\]$/g, '');
  const certSANs = [...(request.defaults.apiServerSansFromEndpoint ? [endpointHost] : []), ...(request.additionalSans ?? [])];
  const apiServer: YamlMapping = { image: `registry.k8s.io/kube-apiserver:v${request.kubernetesVersion}` };
  if (certSANs.length > 0) apiServer.certSANs = certSANs;
  if (request.defaults.disablePodSecurityPolicy) apiServer.disablePodSecurityPolicy = true;
  apiServer.admissionControl = [podSecurityAdmission];
  apiServer.auditPolicy = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] };
  return apiServer;
}

function clusterSection(request: ResolvedRequest, type: GeneratedMachineType): YamlMapping {
  const { bundle } = request;
  const cluster: YamlMapping = {
    id: bundle.cluster.id,
    secret: bundle.cluster.secret,
    controlPlane: { endpoint: request.endpoint },
    clusterName: request.clusterName,
    network: { dnsDomain: request.dnsDomain ?? 'cluster.local', podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
    token: bundle.secrets.bootstrapToken,
  };
  const discovery = { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } };
  if (type === 'worker') return { ...cluster, ca: encodedPair(bundle.certs.k8s, false), discovery };
  if (bundle.secrets.secretboxEncryptionSecret) cluster.secretboxEncryptionSecret = bundle.secrets.secretboxEncryptionSecret;
  else if (bundle.secrets.aescbcEncryptionSecret) cluster.aescbcEncryptionSecret = bundle.secrets.aescbcEncryptionSecret;
  const kubernetesImage = (name: string) => ({ image: `registry.k8s.io/${name}:v${request.kubernetesVersion}` });
  return {
    ...cluster,
    ca: encodedPair(bundle.certs.k8s, true),
    aggregatorCA: encodedPair(bundle.certs.k8sAggregator, true),
    serviceAccount: { key: base64Pem(bundle.certs.k8sServiceAccount.key) },
    apiServer: apiServerSection(request),
    controllerManager: kubernetesImage('kube-controller-manager'),
    proxy: kubernetesImage('kube-proxy'),
    scheduler: kubernetesImage('kube-scheduler'),
    discovery,
    etcd: { ca: encodedPair(bundle.certs.etcd, true) },
  };
}

function machineConfigText(request: ResolvedRequest, type: GeneratedMachineType): string {
  const documents: YamlMapping[] = [
    { version: 'v1alpha1', debug: false, persist: true, machine: machineSection(request, type), cluster: clusterSection(request, type) },
  ];
  if (request.defaults.hostnameConfigDocument) documents.push({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  return emitGoYamlDocuments(documents);
}

function resolveRequest(request: MachineConfigRequest): ResolvedRequest {
  const contract = parseTalosVersion(request.talosVersion);
  return {
    ...request,
    defaults: configDefaultsFor(contract),
    kubernetesVersion: (request.kubernetesVersion ?? defaultKubernetesVersion(contract)).replace(/^v/, ''),
  };
}

/** One machine config's text, as in controlplane.yaml or worker.yaml. */
export function generateMachineConfig(request: MachineConfigRequest, type: GeneratedMachineType): string {
  return machineConfigText(resolveRequest(request), type);
}

export function generateConfig(request: GenerateConfigRequest): GeneratedConfig {
  const resolved = resolveRequest(request);
  const machineCa = loadCertificateAuthority(request.bundle.certs.os);
  const admin = issueClientCertificate({ ca: machineCa, stream: request.stream, notBefore: request.now, roles: [TalosRole.admin] });
  return {
    controlplane: machineConfigText(resolved, 'controlplane'),
    worker: machineConfigText(resolved, 'worker'),
    talosconfig: writeTalosconfig({
      context: request.clusterName,
      endpoints: request.talosconfigEndpoints ?? [],
      nodes: request.talosconfigNodes ?? [],
      caPem: request.bundle.certs.os.crt,
      crtPem: admin.crt,
      keyPem: admin.key,
    }),
  };
}
