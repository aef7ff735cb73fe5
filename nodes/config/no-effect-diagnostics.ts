// Warnings for config that Talos accepts without complaint but that does nothing (or not what its
// author meant) on this node: control-plane-only cluster sections in a worker config, interfaces
// naming a link the machine does not have, a `version:` other than v1alpha1 (never checked),
// and node labels put where Talos does not apply them. Keys Talos rejects outright (e.g.
// `machine.kubelet.nodeLabels`) are decoder errors, not warnings: see config-parser.ts.
import type { Diagnostic } from './diagnostic.ts';
import type { ParsedConfig } from './config-parser.ts';
import type { MachineConfig, NetworkInterfaceConfig } from './machine-config-types.ts';
import { isControlPlaneType, machineTypeOf } from './machine-type.ts';
import { childPath } from './v1alpha1-decoder.ts';
import { isAtLeast } from './talos-version.ts';
import { kubeletRejectsNodeLabel, nodeRestrictionForbidsLabel } from './node-label-restrictions.ts';

export interface NoEffectOptions {
  /** The machine's network link names (eth0, enp1s0, ...); without them interface names are not checked. */
  nicNames?: readonly string[];
}

/** Cluster sections only control plane nodes act on (static pods and manifests they render). */
const CONTROL_PLANE_ONLY_CLUSTER_SECTIONS = [
  'aescbcEncryptionSecret', 'secretboxEncryptionSecret', 'aggregatorCA', 'serviceAccount', 'apiServer', 'controllerManager',
  'proxy', 'scheduler', 'coreDNS', 'extraManifests', 'extraManifestHeaders', 'inlineManifests', 'adminKubeconfig',
  'allowSchedulingOnMasters', 'allowSchedulingOnControlPlanes',
];

const LABEL_LIKE_KUBELET_CONFIG_FIELDS = ['nodeLabels', 'node-labels', 'labels'];

function at(parsed: ParsedConfig, path: string, severity: Diagnostic['severity'], message: string, fix: string): Diagnostic {
  const position = parsed.positions.get(path) ?? { line: parsed.v1alpha1Line, column: parsed.v1alpha1Line > 0 ? 1 : 0 };
  return { severity, path, line: position.line, column: position.column, message, fix };
}

/** Empty, zero and false values change nothing anywhere, so they are not worth a warning. */
function isMeaningful(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(isMeaningful);
  return true;
}

function workerSections(parsed: ParsedConfig, config: MachineConfig): Diagnostic[] {
  if (isControlPlaneType(machineTypeOf(config)) || machineTypeOf(config) === 'unknown') return [];
  const cluster = config.cluster ?? {};
  const clusterFields = cluster as Record<string, unknown>;
  const paths = CONTROL_PLANE_ONLY_CLUSTER_SECTIONS.filter((key) => isMeaningful(clusterFields[key])).map((key) => `cluster.${key}`);
  if (isMeaningful(cluster.externalCloudProvider?.manifests)) paths.push('cluster.externalCloudProvider.manifests');
  if (isMeaningful(cluster.etcd) && !isAtLeast(parsed.talosVersion, 'v1.7.0')) paths.push('cluster.etcd');
  if (isMeaningful(config.machine?.controlPlane)) paths.push('machine.controlPlane');
  return paths.map((path) => at(parsed, path, 'warning', 'has no effect on a worker node', 'move it to the control plane config'));
}

/** Interfaces that create their own link instead of configuring an existing one. */
function createsLink(device: NetworkInterfaceConfig): boolean {
  return device.bond !== undefined || device.bridge !== undefined || device.dummy === true || device.wireguard !== undefined;
}

function unknownInterfaces(parsed: ParsedConfig, config: MachineConfig, nicNames: readonly string[]): Diagnostic[] {
  const known = new Set(nicNames);
  const listed = nicNames.length > 0 ? nicNames.join(', ') : 'none';
  const diagnostics: Diagnostic[] = [];
  (config.machine?.network?.interfaces ?? []).forEach((device, index) => {
    if (device === null || device.ignore === true) return;
    const base = `machine.network.interfaces[${index}]`;
    const name = device.interface ?? '';
    if (name !== '' && !createsLink(device) && !known.has(name)) {
      diagnostics.push(at(parsed, `${base}.interface`, 'warning',
        `interface ${JSON.stringify(name)} matches no network link of this machine (links: ${listed}): its addresses, routes and VIP never appear`,
        `use one of the machine's link names (${listed}) or a deviceSelector`));
    }
    const members = [...(device.bond?.interfaces ?? []), ...(device.bridge?.interfaces ?? [])];
    for (const member of members.filter((candidate) => !known.has(candidate))) {
      const section = device.bond !== undefined ? 'bond' : 'bridge';
      diagnostics.push(at(parsed, `${base}.${section}.interfaces`, 'warning',
        `${section} member ${JSON.stringify(member)} matches no network link of this machine (links: ${listed}): it never joins ${JSON.stringify(name)}`,
        `use one of the machine's link names (${listed})`));
    }
  });
  return diagnostics;
}

function versionField(parsed: ParsedConfig, config: MachineConfig): Diagnostic[] {
  if (config.version === undefined || config.version === 'v1alpha1') return [];
  return [at(parsed, 'version', 'warning',
    `version ${JSON.stringify(config.version)} is never checked by Talos: a document with machine/cluster keys is read as v1alpha1 whatever it says`,
    'set `version: v1alpha1`')];
}

function kubeletArgLabels(parsed: ParsedConfig, config: MachineConfig): Diagnostic[] {
  const value = config.machine?.kubelet?.extraArgs?.['node-labels'];
  if (value === undefined) return [];
  const path = childPath('machine.kubelet.extraArgs', 'node-labels');
  const labels = (Array.isArray(value) ? value : [value]).flatMap((entry) => entry.split(',')).map((entry) => entry.split('=')[0].trim());
  const rejected = labels.filter((label) => label !== '' && kubeletRejectsNodeLabel(label));
  const diagnostics = [at(parsed, path, 'warning',
    'the kubelet applies --node-labels only when it first registers the node: later changes have no effect and Talos does not manage these labels',
    'move the labels to machine.nodeLabels')];
  if (rejected.length > 0) {
    diagnostics.push(at(parsed, path, 'warning',
      `the kubelet refuses to start with --node-labels in the kubernetes.io/k8s.io namespaces outside its allowed set: ${rejected.join(', ')}`,
      'label the node with kubectl instead'));
  }
  return diagnostics;
}

function kubeletConfigLabels(parsed: ParsedConfig, config: MachineConfig): Diagnostic[] {
  const extraConfig = config.machine?.kubelet?.extraConfig ?? {};
  return LABEL_LIKE_KUBELET_CONFIG_FIELDS.filter((field) => field in extraConfig).map((field) =>
    at(parsed, childPath('machine.kubelet.extraConfig', field), 'warning',
      `${JSON.stringify(field)} is not a KubeletConfiguration field: Talos accepts the config, but its kubelet spec controller rejects unknown fields, so the kubelet does not start`,
      'move the labels to machine.nodeLabels'));
}

function restrictedWorkerLabels(parsed: ParsedConfig, config: MachineConfig): Diagnostic[] {
  if (isControlPlaneType(machineTypeOf(config))) return [];
  return Object.keys(config.machine?.nodeLabels ?? {}).filter(nodeRestrictionForbidsLabel).map((label) =>
    at(parsed, childPath('machine.nodeLabels', label), 'warning',
      `a worker sets its node labels with its own kubelet credentials and the NodeRestriction admission plugin forbids ${JSON.stringify(label)} ("is not allowed to modify labels"), so none of machine.nodeLabels are applied`,
      'set this label with kubectl from outside the node'));
}

/** Every "accepted but has no effect" finding for a loaded config. */
export function noEffectDiagnostics(parsed: ParsedConfig, options: NoEffectOptions = {}): Diagnostic[] {
  const config = parsed.config;
  if (config === null) return [];
  return [
    ...versionField(parsed, config),
    ...workerSections(parsed, config),
    ...(options.nicNames !== undefined ? unknownInterfaces(parsed, config, options.nicNames) : []),
    ...kubeletArgLabels(parsed, config),
    ...kubeletConfigLabels(parsed, config),
    ...restrictedWorkerLabels(parsed, config),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
}
