// Talos' v1alpha1 Config.Validate: the static checks a node runs on every config it loads or is
// sent, with Talos' texts and in Talos' order (see pkg/machinery/config/types/v1alpha1/
// v1alpha1_validation.go at v1.13.0). `requiresInstall` is true for a metal node not yet
// installed (the install section is then mandatory); `inContainer` for container-mode nodes.
// For v1.14 only the deprecation warnings and the optional install section differ; the rest of
// v1.14's reshuffled checks are modelled as v1.13's.
// Leaves out: base runtime spec override decoding, disk encryption key details beyond slots,
// authorizer webhook checks, and the multi-document kinds' own validation.
import type { MachineConfig, MachineSection } from './machine-config-types.ts';
import { IssueList, type ValidationResult } from './validation-result.ts';
import { isControlPlaneType, machineTypeOf } from './machine-type.ts';
import { validateCluster, validateCNI } from './cluster-validation.ts';
import { validateMachineNetwork } from './network-validation.ts';
import { nodeAnnotationsErrors, nodeLabelsErrors, nodeTaintsErrors } from './label-validation.ts';
import {
  validateAddressSortAlgorithm, validateDiskEncryption, validateDisks, validateInstall, validateInstallExtensions,
  validateKubelet, validateKubeSpanRequirements, validateLogging, validatePersist, validateRegistries, validateTalosAPIAccess,
} from './machine-validation.ts';
import { DEFAULT_TALOS_VERSION, isAtLeast } from './talos-version.ts';

export interface ValidationOptions {
  talosVersion?: string;
  /** The node boots from media and is not installed yet (metal): `machine.install` is required. */
  requiresInstall?: boolean;
  /** The node runs as a container (`talosctl cluster create` with docker). */
  inContainer?: boolean;
  /** Talos' platform mode name, shown in "install instructions are required in \"metal\" mode". */
  platformMode?: string;
  /** Talos' strict mode: warnings become errors prefixed with "warning: ". */
  strict?: boolean;
}

function validateFeatures(machine: MachineSection, options: ValidationOptions, issues: IssueList): void {
  const hostDNS = machine.features?.hostDNS;
  if (options.inContainer === true) {
    if (hostDNS?.enabled !== true) issues.error('machine.features.hostDNS', 'feature HostDNS should be enabled in container mode (.machine.features.hostDNS.enabled)');
    if (hostDNS?.forwardKubeDNSToHost !== true) {
      issues.error('machine.features.hostDNS', 'feature HostDNS should forward kube-dns to host in container mode (.machine.features.hostDNS.forwardKubeDNSToHost)');
    }
  }
  if (hostDNS?.forwardKubeDNSToHost === true && hostDNS.enabled !== true) {
    issues.error('machine.features.hostDNS', 'feature hostDNS.forwardKubeDNSToHost requires hostDNS.enabled to be true (.machine.features.hostDNS)');
  }
}

function validateMachineTypeAndCAs(config: MachineConfig, machine: MachineSection, talosVersion: string, issues: IssueList): void {
  const type = machineTypeOf(config);
  if (type !== 'unknown' && type !== (machine.type ?? '')) {
    issues.warning('machine.type', `use ${JSON.stringify(type)} instead of ${JSON.stringify(machine.type ?? '')} for machine type`);
  }
  const ca = machine.ca;
  const acceptedCAs = machine.acceptedCAs ?? [];
  if (ca === undefined && acceptedCAs.length === 0) issues.error('machine.ca', 'issuing CA or some accepted CAs are required (.machine.ca, machine.acceptedCAs)');
  switch (type) {
    case 'init':
    case 'controlplane':
      if (!isAtLeast(talosVersion, 'v1.14.0') || config.cluster?.network !== undefined) validateCNI(config.cluster, issues);
      if (ca === undefined) issues.error('machine.ca', 'issuing CA is required (.machine.ca)');
      else if ((ca.key ?? '') === '') issues.error('machine.ca.key', 'issuing CA key is required for controlplane nodes (.machine.ca.key)');
      break;
    case 'worker':
      validateWorkerOnly(config, machine, issues);
      break;
    default:
      issues.error('machine.type', `unknown machine type ${JSON.stringify(machine.type ?? '')}`);
  }
}

function validateWorkerOnly(config: MachineConfig, machine: MachineSection, issues: IssueList): void {
  (machine.network?.interfaces ?? []).forEach((device, index) => {
    if (device === null) return;
    const vipMessage = 'virtual (shared) IP is not allowed on non-controlplane nodes';
    if (device.vip !== undefined) issues.error(`machine.network.interfaces[${index}].vip`, vipMessage);
    (device.vlans ?? []).forEach((vlan, vlanIndex) => {
      if (vlan?.vip !== undefined) issues.error(`machine.network.interfaces[${index}].vlans[${vlanIndex}].vip`, vipMessage);
    });
  });
  const ca = machine.ca;
  if (ca !== undefined) {
    if ((ca.key ?? '') !== '') issues.error('machine.ca.key', 'issuing Talos API CA key is not allowed on non-controlplane nodes (.machine.ca)');
    if ((ca.crt ?? '') === '' && (machine.acceptedCAs ?? []).length === 0) {
      issues.error('machine.ca.crt', 'trusted CA certificates are required on non-controlplane nodes (.machine.ca.crt, .machine.acceptedCAs)');
    }
  }
  if ((config.cluster?.ca?.key ?? '') !== '') {
    issues.error('cluster.ca.key', 'issuing Kubernetes API CA key is not allowed on non-controlplane nodes (.cluster.ca)');
  }
}

function warnDeprecatedInV114(machine: MachineSection, issues: IssueList): void {
  if ((machine.files ?? []).length > 0) issues.warning('machine.files', '.machine.files is deprecated; use dedicated configuration documents instead');
  if (Object.keys(machine.baseRuntimeSpecOverrides ?? {}).length > 0) {
    issues.warning('machine.baseRuntimeSpecOverrides', '.machine.baseRuntimeSpecOverrides is deprecated; use a CRIBaseRuntimeSpecConfig document instead');
  }
}

function validateLabels(machine: MachineSection, issues: IssueList): void {
  issues.nestedErrors('machine.nodeLabels', 'invalid machine node labels', nodeLabelsErrors(machine.nodeLabels ?? {}));
  issues.nestedErrors('machine.nodeAnnotations', 'invalid machine node annotations', nodeAnnotationsErrors(machine.nodeAnnotations ?? {}));
  issues.nestedErrors('machine.nodeTaints', 'invalid machine node taints', nodeTaintsErrors(machine.nodeTaints ?? {}));
}

/** Talos' Validate for the v1alpha1 document. */
export function validateConfig(config: MachineConfig, options: ValidationOptions = {}): ValidationResult {
  const talosVersion = options.talosVersion ?? DEFAULT_TALOS_VERSION;
  const issues = new IssueList();
  const machine = config.machine;
  if (machine === undefined) {
    issues.error('machine', 'machine instructions are required');
    return issues.result();
  }
  if (isAtLeast(talosVersion, 'v1.14.0')) warnDeprecatedInV114(machine, issues);
  validateCluster(config.cluster, isControlPlaneType(machineTypeOf(config)), talosVersion, issues);
  // v1.14 deprecates .machine.install (UnattendedInstallConfig): no longer required, still checked when present.
  const installOptional = isAtLeast(talosVersion, 'v1.14.0') && machine.install === undefined;
  if (options.requiresInstall === true && !installOptional) validateInstall(machine, issues, options.platformMode);
  validateFeatures(machine, options, issues);
  validateMachineTypeAndCAs(config, machine, talosVersion, issues);
  if (machine.network !== undefined) validateMachineNetwork(machine.network, issues);
  validateDisks(machine, issues);
  if (machine.kubelet !== undefined) validateKubelet(machine.kubelet, issues);
  validateDiskEncryption(machine, issues);
  validateKubeSpanRequirements(config, issues);
  validateLogging(machine, issues);
  validateInstallExtensions(machine, issues);
  validateLabels(machine, issues);
  validateTalosAPIAccess(config, issues);
  validateAddressSortAlgorithm(machine, issues);
  validatePersist(config, issues);
  validateRegistries(machine, issues);
  if (options.strict === true) {
    for (const warning of issues.warnings) issues.error(warning.path, `warning: ${warning.message}`);
    issues.warnings.length = 0;
  }
  return issues.result();
}
