// `gen config` output from a secrets bundle: controlplane.yaml and worker.yaml parse as YAML with
// the keys talosctl writes for the Talos version asked for, carry the bundle's secrets where Talos
// puts them, and talosconfig holds an os:admin certificate from the machine CA.

import { X509Certificate } from 'node:crypto';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RandomTree } from '../../sim/kernel/random-tree.ts';
import {
  PkiError,
  checkClientAuthEku,
  defaultKubernetesVersion,
  generateConfig,
  generateMachineConfig,
  generateSecretsBundle,
  parseTalosVersion,
  readCertificateFacts,
  readTalosconfig,
  type GenerateConfigRequest,
} from '../../nodes/pki/index.ts';

const now = new Date('2026-03-01T10:00:00Z');
const bundle = generateSecretsBundle(new RandomTree('gen-config').stream('secrets'), now);
const request: GenerateConfigRequest = {
  bundle,
  clusterName: 'lab',
  endpoint: 'https://10.5.0.10:6443',
  talosVersion: 'v1.13.0',
  stream: new RandomTree('gen-config').stream('admin'),
  now,
};
const generated = generateConfig(request);
const pemOf = (base64: string) => Buffer.from(base64, 'base64').toString();

describe('controlplane.yaml for Talos v1.13', () => {
  const documents = parseAllDocuments(generated.controlplane).map((document) => document.toJS());
  const config = documents[0];

  it('is a v1alpha1 document followed by HostnameConfig auto: stable', () => {
    expect(Object.keys(config)).toEqual(['version', 'debug', 'persist', 'machine', 'cluster']);
    expect(config).toMatchObject({ version: 'v1alpha1', debug: false, persist: true });
    expect(documents[1]).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  });

  it('has the machine section talosctl writes', () => {
    expect(Object.keys(config.machine)).toEqual(['type', 'token', 'ca', 'certSANs', 'kubelet', 'install', 'features', 'nodeLabels']);
    expect(config.machine.type).toBe('controlplane');
    expect(config.machine.token).toBe(bundle.trustdInfo.token);
    expect(pemOf(config.machine.ca.crt)).toBe(bundle.certs.os.crt);
    expect(pemOf(config.machine.ca.key)).toBe(bundle.certs.os.key);
    expect(config.machine.certSANs).toEqual([]);
    expect(config.machine.kubelet.image).toBe('ghcr.io/siderolabs/kubelet:v1.36.0');
    expect(config.machine.install).toEqual({ disk: '/dev/sda', image: 'ghcr.io/siderolabs/installer:v1.13.0', wipe: false, grubUseUKICmdline: true });
    expect(config.machine.features).toEqual({
      diskQuotaSupport: true,
      kubePrism: { enabled: true, port: 7445 },
      hostDNS: { enabled: true, forwardKubeDNSToHost: true },
    });
  });

  it('has the cluster section with every bundle secret in its place', () => {
    const cluster = config.cluster;
    expect(Object.keys(cluster)).toEqual([
      'id', 'secret', 'controlPlane', 'clusterName', 'network', 'token', 'secretboxEncryptionSecret', 'ca', 'aggregatorCA',
      'serviceAccount', 'apiServer', 'controllerManager', 'proxy', 'scheduler', 'discovery', 'etcd',
    ]);
    expect(cluster).toMatchObject({
      id: bundle.cluster.id,
      secret: bundle.cluster.secret,
      controlPlane: { endpoint: 'https://10.5.0.10:6443' },
      clusterName: 'lab',
      network: { dnsDomain: 'cluster.local', podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
      token: bundle.secrets.bootstrapToken,
      secretboxEncryptionSecret: bundle.secrets.secretboxEncryptionSecret,
      controllerManager: { image: 'registry.k8s.io/kube-controller-manager:v1.36.0' },
      discovery: { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } },
    });
    expect(pemOf(cluster.ca.key)).toBe(bundle.certs.k8s.key);
    expect(pemOf(cluster.aggregatorCA.crt)).toBe(bundle.certs.k8sAggregator.crt);
    expect(pemOf(cluster.serviceAccount.key)).toBe(bundle.certs.k8sServiceAccount.key);
    expect(pemOf(cluster.etcd.ca.crt)).toBe(bundle.certs.etcd.crt);
    expect(Object.keys(cluster.apiServer)).toEqual(['image', 'admissionControl', 'auditPolicy']);
    expect(cluster.apiServer.admissionControl[0].name).toBe('PodSecurity');
  });

  it('lays nested sequences out as Go yaml does', () => {
    expect(generated.controlplane).toContain(
      '        admissionControl:\n            - name: PodSecurity\n              configuration:\n                apiVersion: pod-security.admission.config.k8s.io/v1alpha1\n',
    );
    expect(generated.controlplane).toContain('    nodeLabels:\n        node.kubernetes.io/exclude-from-external-load-balancers: ""\n');
  });
});

describe('worker.yaml for Talos v1.13', () => {
  const config = parse(generated.worker.split('---\n')[0]!);

  it('holds only the CA certificates, no keys, and none of the control plane secrets', () => {
    expect(config.machine.type).toBe('worker');
    expect(config.machine.ca.key).toBe('');
    expect(pemOf(config.machine.ca.crt)).toBe(bundle.certs.os.crt);
    expect(config.machine.nodeLabels).toBeUndefined();
    expect(Object.keys(config.cluster)).toEqual(['id', 'secret', 'controlPlane', 'clusterName', 'network', 'token', 'ca', 'discovery']);
    expect(config.cluster.ca.key).toBe('');
    expect(generated.worker).toContain('        key: ""\n');
  });
});

describe('talosconfig from gen config', () => {
  it('has context = cluster name, no endpoints, and an os:admin client certificate from the machine CA', () => {
    const talosconfig = readTalosconfig(generated.talosconfig);
    expect(talosconfig).toMatchObject({ context: 'lab', endpoints: [], nodes: [], caPem: bundle.certs.os.crt });
    expect(readCertificateFacts(talosconfig.crtPem).organizations).toEqual(['os:admin']);
    expect(checkClientAuthEku(talosconfig.crtPem)).toBeNull();
    expect(new X509Certificate(talosconfig.crtPem).verify(new X509Certificate(bundle.certs.os.crt).publicKey)).toBe(true);
  });

  it('takes the endpoints and nodes talsim fills in', () => {
    const filled = generateConfig({ ...request, talosconfigEndpoints: ['10.5.0.10'], talosconfigNodes: ['10.5.0.10', '10.5.0.11'] });
    expect(readTalosconfig(filled.talosconfig)).toMatchObject({ endpoints: ['10.5.0.10'], nodes: ['10.5.0.10', '10.5.0.11'] });
  });
});

describe('other Talos versions', () => {
  const forVersion = (talosVersion: string) => parse(generateMachineConfig({ ...request, talosVersion }, 'controlplane').split('---\n')[0]!);

  it('v1.12 keeps an empty machine.network', () => {
    const config = forVersion('v1.12.3');
    expect(config.machine.network).toEqual({});
    expect(config.machine.kubelet.image).toBe('ghcr.io/siderolabs/kubelet:v1.35.0');
  });

  it('v1.11 writes rbac, stableHostname, apidCheckExtKeyUsage, the endpoint as apiServer SAN, and no HostnameConfig', () => {
    const text = generateMachineConfig({ ...request, talosVersion: 'v1.11.6' }, 'controlplane');
    const config = parse(text);
    expect(config.machine.features).toMatchObject({ rbac: true, stableHostname: true, apidCheckExtKeyUsage: true });
    expect(config.machine.install.grubUseUKICmdline).toBeUndefined();
    expect(config.cluster.apiServer).toMatchObject({ certSANs: ['10.5.0.10'], disablePodSecurityPolicy: true });
    expect(text).not.toContain('HostnameConfig');
  });

  it('follows each release\'s default Kubernetes version and refuses versions it does not model', () => {
    expect(defaultKubernetesVersion(parseTalosVersion('v1.13.0'))).toBe('1.36.0');
    expect(defaultKubernetesVersion(parseTalosVersion('v1.13.4'))).toBe('1.36.1');
    expect(defaultKubernetesVersion(parseTalosVersion('v1.13.12'))).toBe('1.36.3');
    expect(defaultKubernetesVersion(parseTalosVersion('v1.8.1'))).toBe('1.31.1');
    expect(() => generateMachineConfig({ ...request, talosVersion: 'v1.14.0' }, 'worker')).toThrow(PkiError);
    expect(() => generateMachineConfig({ ...request, talosVersion: 'latest' }, 'worker')).toThrow('error parsing version "latest"');
  });

  it('uses a given Kubernetes version and additional SANs', () => {
    const config = parse(generateMachineConfig({ ...request, kubernetesVersion: 'v1.35.2', additionalSans: ['lab.example', '10.0.0.1'] }, 'controlplane').split('---\n')[0]!);
    expect(config.cluster.apiServer.image).toBe('registry.k8s.io/kube-apiserver:v1.35.2');
    expect(config.machine.certSANs).toEqual(['lab.example', '10.0.0.1']);
    expect(config.cluster.apiServer.certSANs).toEqual(['lab.example', '10.0.0.1']);
  });
});

describe('determinism', () => {
  it('the same seed gives byte-identical output; another seed does not', () => {
    const again = generateConfig({ ...request, bundle: generateSecretsBundle(new RandomTree('gen-config').stream('secrets'), now), stream: new RandomTree('gen-config').stream('admin') });
    expect(again).toEqual(generated);
    const other = generateConfig({ ...request, bundle: generateSecretsBundle(new RandomTree('other').stream('secrets'), now), stream: new RandomTree('other').stream('admin') });
    expect(other.controlplane).not.toBe(generated.controlplane);
    expect(other.talosconfig).not.toBe(generated.talosconfig);
  });
});
