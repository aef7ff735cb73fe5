// The machine-section checks of Talos' v1alpha1 Validate other than network and labels: the
// install section (when the node must install), disks, kubelet, system disk encryption key
// slots, KubeSpan prerequisites, log destinations, install extensions, Kubernetes Talos API
// access, address sort algorithm, `persist`, and null registry entries. Texts are Talos'.
import type { KubeletConfig, MachineConfig, MachineSection } from './machine-config-types.ts';
import type { IssueList } from './validation-result.ts';
import { diskMatchExpression } from './install-disk-selector.ts';
import { isSubnetOrAddress, parsePrefix, parseURL } from './net-parse.ts';
import { isControlPlaneType, machineTypeOf } from './machine-type.ts';
import { ROLES } from '../vocabulary.ts';

/** Kubelet configuration fields Talos manages itself (pkg/machinery/kubelet). */
export const PROTECTED_KUBELET_FIELDS = [
  'apiVersion', 'authentication', 'authorization', 'cgroupRoot', 'kind', 'kubeletCgroups', 'port',
  'protectKernelDefaults', 'resolvConf', 'rotateCertificates', 'systemCgroups', 'staticPodPath', 'seccompDefault',
];

export const TALOS_ROLES: readonly string[] = ROLES;
const DEPRECATED_EXTENSIONS_WARNING =
  '.machine.install.extensions is deprecated, please see https://docs.siderolabs.com/talos/latest/platform-specific-installations/boot-assets';

/** Checks run only when the node still has to install (metal, not installed). */
export function validateInstall(machine: MachineSection, issues: IssueList, platformMode = 'metal'): void {
  const install = machine.install;
  if (install === undefined) {
    issues.error('machine.install', `install instructions are required in ${JSON.stringify(platformMode)} mode`);
    return;
  }
  const expression = diskMatchExpression(install);
  if (typeof expression === 'string') issues.error('machine.install.diskSelector', `install disk selector is invalid: ${expression}`);
  if ((install.disk ?? '') === '' && (expression === null || typeof expression === 'string')) {
    issues.error('machine.install', 'either install disk or diskSelector should be defined');
  }
  if ((install.extraKernelArgs ?? []).length > 0 && install.grubUseUKICmdline === true) {
    issues.error('machine.install.extraKernelArgs', "install.extraKernelArgs and install.grubUseUKICmdline can't be used together");
  }
}

export function validateDisks(machine: MachineSection, issues: IssueList): void {
  (machine.disks ?? []).forEach((disk, index) => {
    if (disk === null) {
      issues.error(`machine.disks[${index}]`, `machine.disks[${index}] is null`);
      return;
    }
    const partitions = disk.partitions ?? [];
    partitions.forEach((partition, partitionIndex) => {
      if ((partition?.size ?? 0) === 0 && partitionIndex !== partitions.length - 1) {
        issues.error(`machine.disks[${index}].partitions`, `partition for disk ${JSON.stringify(disk.device ?? '')} is set to occupy full disk, but it's not the last partition in the list`);
      }
    });
  });
}

export function validateKubelet(kubelet: KubeletConfig, issues: IssueList): void {
  for (const subnet of kubelet.nodeIP?.validSubnets ?? []) {
    const cidr = subnet.replace(/^!/, '');
    if (!isSubnetOrAddress(cidr)) issues.error('machine.kubelet.nodeIP.validSubnets', `kubelet nodeIP subnet is not valid: ${JSON.stringify(cidr)}`);
  }
  for (const field of PROTECTED_KUBELET_FIELDS) {
    if (kubelet.extraConfig !== undefined && field in kubelet.extraConfig) {
      issues.error(`machine.kubelet.extraConfig.${field}`, `kubelet configuration field ${JSON.stringify(field)} can't be overridden`);
    }
  }
}

type EncryptionKey = { slot?: number; static?: unknown; nodeID?: unknown; kms?: unknown; tpm?: unknown } | null;

export function validateDiskEncryption(machine: MachineSection, issues: IssueList): void {
  for (const [label, field] of [['EPHEMERAL', 'ephemeral'], ['STATE', 'state']] as const) {
    const section = machine.systemDiskEncryption?.[field] as { keys?: EncryptionKey[] } | null | undefined;
    if (section === undefined || section === null) continue;
    const path = `machine.systemDiskEncryption.${field}`;
    const keys = section.keys ?? [];
    if (keys.length === 0) issues.error(path, `partition ${JSON.stringify(label)}: no encryption keys provided`);
    const slotsInUse = new Set<number>();
    for (const key of keys) {
      const slot = key?.slot ?? 0;
      if (slotsInUse.has(slot)) issues.error(`${path}.keys`, `partition ${JSON.stringify(label)}: encryption key slot ${slot} is already in use`);
      slotsInUse.add(slot);
      if (key === null || (key.static === undefined && key.nodeID === undefined && key.kms === undefined && key.tpm === undefined)) {
        issues.error(`${path}.keys`, `partition ${JSON.stringify(label)}: encryption key at slot ${slot} doesn't have the configuration parameters`);
      }
    }
  }
}

export function validateKubeSpanRequirements(config: MachineConfig, issues: IssueList): void {
  const kubespan = config.machine?.network?.kubespan;
  if (kubespan?.enabled !== true) return;
  const path = 'machine.network.kubespan';
  if (config.cluster?.discovery?.enabled !== true) issues.error(path, '.cluster.discovery should be enabled when .machine.network.kubespan is enabled');
  if ((config.cluster?.id ?? '') === '') issues.error(path, '.cluster.id should be set when .machine.network.kubespan is enabled');
  if ((config.cluster?.secret ?? '') === '') issues.error(path, '.cluster.secret should be set when .machine.network.kubespan is enabled');
  for (const filter of kubespan.filters?.endpoints ?? []) {
    const cidr = filter.replace(/^!/, '');
    if (!isSubnetOrAddress(cidr)) issues.error(`${path}.filters.endpoints`, `KubeSpan endpoint filter is not valid: ${JSON.stringify(cidr)}`);
  }
  for (const network of kubespan.filters?.excludeAdvertisedNetworks ?? []) {
    if (parsePrefix(network) === null) {
      issues.error(`${path}.filters.excludeAdvertisedNetworks`, `KubeSpan exclude advertised networks filter is not valid: ${JSON.stringify(network)}`);
    }
  }
}

export function validateLogging(machine: MachineSection, issues: IssueList): void {
  (machine.logging?.destinations ?? []).forEach((destination, index) => {
    const path = `machine.logging.destinations[${index}]`;
    const parsed = destination?.endpoint === undefined ? null : parseURL(destination.endpoint);
    if (parsed === null || typeof parsed === 'string') issues.error(`${path}.endpoint`, 'empty logging endpoint');
    else {
      if (parsed.host === '') issues.error(`${path}.endpoint`, "empty logging endpoint's host");
      if (parsed.scheme !== 'tcp' && parsed.scheme !== 'udp') issues.error(`${path}.endpoint`, `unexpected logging endpoint scheme ${JSON.stringify(parsed.scheme)}`);
    }
    const format = destination?.format ?? '';
    if (format !== 'json_lines') issues.error(`${path}.format`, `unknown logging format ${JSON.stringify(format)}`);
  });
}

export function validateInstallExtensions(machine: MachineSection, issues: IssueList): void {
  const images = new Set<string>();
  for (const extension of machine.install?.extensions ?? []) {
    const image = extension?.image ?? '';
    if (images.has(image)) issues.error('machine.install.extensions', `duplicate system extension ${JSON.stringify(image)}`);
    images.add(image);
  }
  if (images.size > 0) issues.warning('machine.install.extensions', DEPRECATED_EXTENSIONS_WARNING);
}

export function validateTalosAPIAccess(config: MachineConfig, issues: IssueList): void {
  const access = config.machine?.features?.kubernetesTalosAPIAccess;
  if (access?.enabled !== true) return;
  const path = 'machine.features.kubernetesTalosAPIAccess';
  if (!isControlPlaneType(machineTypeOf(config))) issues.error(path, 'feature Kubernetes Talos API Access can only be enabled on control plane machines');
  for (const role of access.allowedRoles ?? []) {
    if (!TALOS_ROLES.includes(role)) issues.error(`${path}.allowedRoles`, `invalid role ${JSON.stringify(role)} in allowed roles for Kubernetes Talos API Access`);
  }
}

export function validateAddressSortAlgorithm(machine: MachineSection, issues: IssueList): void {
  const algorithm = machine.features?.nodeAddressSortAlgorithm ?? '';
  if (algorithm !== '' && !['v1', 'v2'].includes(algorithm.toLowerCase())) {
    issues.error('machine.features.nodeAddressSortAlgorithm', `invalid node address sort algorithm: ${algorithm} does not belong to AddressSortAlgorithm values`);
  }
}

export function validatePersist(config: MachineConfig, issues: IssueList): void {
  if (config.persist === false) issues.error('persist', '.persist should be enabled');
}

export function validateRegistries(machine: MachineSection, issues: IssueList): void {
  const registries = machine.registries as { config?: Record<string, unknown>; mirrors?: Record<string, unknown> } | undefined;
  for (const [key, value] of Object.entries(registries?.config ?? {})) {
    if (value === null) issues.error(`machine.registries.config`, `registries.config[${JSON.stringify(key)}] is null`);
  }
  for (const [key, value] of Object.entries(registries?.mirrors ?? {})) {
    if (value === null) issues.error(`machine.registries.mirrors`, `registries.mirrors[${JSON.stringify(key)}] is null`);
  }
}
