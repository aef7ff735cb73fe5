// The fields of the Kubernetes document kinds Talos first registers in v1.14 (KubeletConfig,
// KubeAPIServerConfig, KubeNetworkConfig... the split of v1alpha1's `cluster` section) and the Go
// type each decodes into, read from siderolabs/talos pkg/machinery/config/types/k8s at
// v1.14.0-rc.1 (names and types are facts). Kubernetes objects embedded in a document
// (meta.Unstructured: kubelet/proxy/scheduler configuration, audit policy, static pods) accept
// any mapping. Below v1.14 these kinds are "not registered" (registered-kinds.ts).
// Leaves out: field documentation and examples.
import { args, bool, document, int, list, map, str, struct, text, u16, u32, unstructured } from './multidoc-schema-builders.ts';
import type { DocumentSchema } from './multidoc-schema-builders.ts';

/** A static pod's resource requests and limits (k8s.ResourcesConfig). */
const RESOURCES = struct('k8s.ResourcesConfig', {
  requests: unstructured(),
  limits: unstructured(),
});

/** A PEM certificate with its key (meta.CertificateAndKey). */
const CERTIFICATE_AND_KEY = struct('meta.CertificateAndKey', {
  cert: str(),
  key: str(),
});

export const KUBERNETES_DOCUMENT_SCHEMAS: Record<string, DocumentSchema> = {
  KubeAPIServerCAConfig: document('k8s.KubeAPIServerCAConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    issuingCA: CERTIFICATE_AND_KEY,
    acceptedCAs: list('[]string', str()),
  }),
  KubeAPIServerConfig: document('k8s.KubeAPIServerConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    image: str(),
    extraArgs: args(),
    env: map('map[string]string', str()),
    resources: RESOURCES,
    apiPort: int(),
    certExtraSANs: list('[]string', str()),
    startupProbes: bool(),
  }),
  KubeAdmissionControlConfig: document('k8s.KubeAdmissionControlConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    configuration: unstructured(),
  }),
  KubeAggregatorCAConfig: document('k8s.KubeAggregatorCAConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    issuingCA: CERTIFICATE_AND_KEY,
    acceptedCAs: list('[]string', str()),
  }),
  KubeAuditPolicyConfig: document('k8s.KubeAuditPolicyConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    configuration: unstructured(),
  }),
  KubeAuthenticationConfig: document('k8s.KubeAuthenticationConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    configuration: unstructured(),
  }),
  KubeAuthorizerConfig: document('k8s.KubeAuthorizerConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    type: str(),
    webhook: unstructured(),
  }),
  KubeClusterConfig: document('k8s.KubeClusterConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    clusterName: str(),
    endpoint: text('meta.URL'),
  }),
  KubeControllerManagerConfig: document('k8s.KubeControllerManagerConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    enabled: bool(),
    image: str(),
    extraArgs: args(),
    env: map('map[string]string', str()),
    resources: RESOURCES,
  }),
  KubeCoreDNSConfig: document('k8s.KubeCoreDNSConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    enabled: bool(),
    image: str(),
  }),
  KubeCredentialProviderConfig: document('k8s.KubeCredentialProviderConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    configuration: unstructured(),
  }),
  KubeEtcdEncryptionConfig: document('k8s.KubeEtcdEncryptionConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    config: unstructured(),
  }),
  KubeExternalManifestConfig: document('k8s.KubeExternalManifestConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    headers: map('map[string]string', str()),
    url: text('meta.URL'),
  }),
  KubeFlannelCNIConfig: document('k8s.KubeFlannelCNIConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    backendType: str(),
    backendPort: u16(),
    backendMTU: u32(),
    backendExtraConfig: unstructured(),
    resources: RESOURCES,
    extraArgs: list('[]string', str()),
    kubeNetworkPoliciesEnabled: bool(),
  }),
  KubeInlineManifestConfig: document('k8s.KubeInlineManifestConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    manifest: str(),
  }),
  KubeNetworkConfig: document('k8s.KubeNetworkConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    dnsDomain: str(),
    podSubnets: list('[]meta.Prefix', text('meta.Prefix')),
    serviceSubnets: list('[]meta.Prefix', text('meta.Prefix')),
    nodeCIDRMaskSizeIPv4: int(),
    nodeCIDRMaskSizeIPv6: int(),
  }),
  KubeNodeConfig: document('k8s.KubeNodeConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    skipNodeRegistration: bool(),
    registerWithFQDN: bool(),
    nodeIP: struct('k8s.NodeIPConfig', {
      validSubnets: list('[]string', str()),
    }),
    labels: map('map[string]string', str()),
    annotations: map('map[string]string', str()),
    taints: map('map[string]string', str()),
  }),
  KubePrismConfig: document('k8s.KubePrismConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    port: int(),
    tlsServerName: str(),
  }),
  KubeProxyConfig: document('k8s.KubeProxyConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    enabled: bool(),
    image: str(),
    mode: str(),
    config: unstructured(),
    extraArgs: args(),
    resources: RESOURCES,
  }),
  KubeSchedulerConfig: document('k8s.KubeSchedulerConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    enabled: bool(),
    image: str(),
    config: unstructured(),
    extraArgs: args(),
    env: map('map[string]string', str()),
    resources: RESOURCES,
  }),
  KubeServiceAccountConfig: document('k8s.KubeServiceAccountConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    issuer: struct('k8s.IssuerServiceAccountConfig', {
      privateKey: str(),
      issuerURL: text('meta.URL'),
    }),
    accepted: struct('k8s.AcceptedServiceAccountConfig', {
      publicKeys: list('[]string', str()),
      issuers: list('[]meta.URL', text('meta.URL')),
      audiences: list('[]string', str()),
    }),
  }),
  KubeStaticPodConfig: document('k8s.KubeStaticPodConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    pod: unstructured(),
  }),
  KubeTalosAPIAccessConfig: document('k8s.KubeTalosAPIAccessConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    allowedRoles: list('[]string', str()),
    allowedKubernetesNamespaces: list('[]string', str()),
  }),
  KubeletConfig: document('k8s.KubeletConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    image: str(),
    config: unstructured(),
    extraArgs: args(),
    clusterDNS: list('[]string', str()),
    defaultRuntimeSeccompProfileEnabled: bool(),
  }),
};
