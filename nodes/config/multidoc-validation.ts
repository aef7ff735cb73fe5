// Talos v1.13's Validate for the multi-document kinds talsim acts on, and the cross-checks the
// config container runs: each document's errors joined under its id ("HostnameConfig: ...",
// "LinkConfig/eth0: ..."), then each document's conflict with the v1alpha1 document ("static
// hostname is already set in v1alpha1 config"). Texts and order from siderolabs/talos
// pkg/machinery/config/types/{network,block} and config/container at v1.13.9.
// CEL selectors are compiled and type-checked as Talos does ("disk selector is invalid: ERROR: ...").
// The kinds first registered in v1.14 are checked in kubernetes-document-validation.ts and
// v1-14-document-validation.ts, which also hold the v1.14 container's cross-document checks.
// The v1.13 kinds talsim only parses are checked in parsed-kind-validation.ts; OOMConfig's
// expressions in oom-validation.ts.
import type { ConfigObject, MachineConfig, OtherDocument } from './machine-config-types.ts';
import { oomConfigErrors } from './oom-validation.ts';
import { parseIP, parsePrefix } from './net-parse.ts';
import type { ValidationIssue } from './validation-result.ts';
import { documentSchema } from './multidoc-schemas.ts';
import { compileSelector, type SelectorEnvironment } from './cel-selector.ts';
import { has, list, obj, str, type DocumentChecker } from './document-values.ts';
import { KUBERNETES_CHECKERS, kubernetesConflict } from './kubernetes-document-validation.ts';
import { v1_14Checkers, v1_14Conflict, v1_14ContainerErrors } from './v1-14-document-validation.ts';
import { kubeSpanConflict, parsedKindCheckers } from './parsed-kind-validation.ts';
import { DEFAULT_TALOS_VERSION, isAtLeast } from './talos-version.ts';
import { parseGoDuration } from '../go-format/duration.ts';

type Checker = DocumentChecker;

/** A CEL expression compiled as Talos compiles it at validation: "<what> is invalid: <cel-go's errors>". */
function celErrors(what: string, expression: string, environment: SelectorEnvironment): string[] {
  const compiled = compileSelector(expression, environment);
  return 'error' in compiled ? [`${what} is invalid: ${compiled.error}`] : [];
}

function nameRequired(body: ConfigObject): string[] {
  return str(body.name) === '' ? ['name must be specified'] : [];
}

/** CommonLinkConfig.Validate: addresses and routes. */
function commonLink(body: ConfigObject): string[] {
  const errors: string[] = [];
  list(body.addresses).forEach((item, index) => {
    const address = str(obj(item).address);
    const prefix = parsePrefix(address);
    if (address === '') errors.push(`address ${index} must be specified`);
    else if (prefix === null) errors.push(`address ${index} must be a valid IP prefix`);
    else if (prefix.address.bytes.every((byte) => byte === 0)) errors.push(`address ${index} must be a valid IP address`);
  });
  list(body.routes).forEach((item, index) => {
    const route = obj(item);
    const destination = str(route.destination);
    if (destination !== '' && (parsePrefix(destination)?.address.bytes.every((byte) => byte === 0) ?? true)) {
      errors.push(`route ${index} destination must be a valid IP prefix`);
    }
    for (const field of ['gateway', 'source'] as const) {
      const value = str(route[field]);
      if (value !== '' && (parseIP(value)?.bytes.every((byte) => byte === 0) ?? true)) errors.push(`route ${index} ${field} must be a valid IP address`);
    }
  });
  return errors;
}

function hostnameErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const auto = has(body, 'auto') ? str(body.auto) : undefined;
  const hostname = str(body.hostname);
  if (auto === undefined && hostname === '') errors.push("either 'auto' or 'hostname' must be set");
  if ((auto ?? 'off') !== 'off' && hostname !== '') errors.push("'auto' and 'hostname' cannot be set at the same time");
  if (auto === 'talos-addr') errors.push(`invalid value for 'auto': ${auto}`);
  if (hostname !== '') {
    if (hostname.length > 253) errors.push(`fqdn is too long: ${hostname.length}`);
    const label = hostname.split('.')[0];
    if (label.length === 0 || label.length > 63) errors.push(`invalid hostname ${JSON.stringify(label)}`);
  }
  return errors;
}

function linkAliasErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const name = str(body.name);
  if (name === '') errors.push('name must be specified');
  else if (name.includes('%')) {
    const [prefix, suffix] = [name.slice(0, name.indexOf('%')), name.slice(name.indexOf('%') + 1)];
    if (suffix !== 'd' || prefix === '') errors.push(`name ${JSON.stringify(name)} contains an invalid format verb, use %d suffix`);
  }
  const match = str(obj(body.selector).match);
  if (match === '') errors.push('link selector is required');
  else errors.push(...celErrors('link selector', match, 'link'));
  return errors;
}

function bondErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body);
  if (list(body.links).length === 0) errors.push('at least one link must be specified');
  if (!has(body, 'bondMode')) errors.push('bond mode must be specified');
  return [...errors, ...commonLink(body)];
}

function vlanErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body);
  const id = typeof body.vlanID === 'number' ? body.vlanID : 0;
  if (id === 0 || id > 4094) errors.push('vlanID must be specified and between 1 and 4094');
  if (str(body.parent) === '') errors.push('parent must be specified');
  return [...errors, ...commonLink(body)];
}

function dhcpErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body);
  const duid = str(body.clientIdentifier) === 'duid';
  if (str(body.duidRaw) !== '' && !duid) errors.push("duidRaw can only be set if clientIdentifier is 'duid'");
  if (duid && str(body.duidRaw) === '') errors.push("duidRaw must be set if clientIdentifier is 'duid'");
  return errors;
}

function layer2VipErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const name = str(body.name);
  if (name === '') errors.push('name must be specified');
  else if (parseIP(name) === null) errors.push(`name must be a valid IP address: ParseAddr(${JSON.stringify(name)}): unable to parse IP`);
  if (str(body.link) === '') errors.push('link must be specified');
  return errors;
}

function staticHostErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  if (str(body.name) === '') errors.push('name is required');
  if (parseIP(str(body.name)) === null) errors.push('name must be a valid IP address');
  if (list(body.hostnames).length === 0) errors.push('at least one hostname is required');
  return errors;
}

function timeSyncErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  if (str(body.bootTimeout).startsWith('-')) errors.push('bootTimeout cannot be negative');
  if (has(body, 'ntp') && has(body, 'ptp')) errors.push('only one of ntp or ptp configuration can be specified');
  // v1.14's NTS (useNTS is an unknown key before v1.14, so this never fires there).
  if (obj(body.ntp).useNTS === true) {
    for (const server of list(obj(body.ntp).servers).map(str)) {
      if (parseIP(server) !== null) errors.push(`NTS requires hostnames, not IP addresses: ${JSON.stringify(server)}`);
    }
  }
  return errors;
}

/** v1.14's ResolverConfig.Validate: host DNS switches and encrypted DNS server names (fields unknown before v1.14). */
function resolverErrors(body: ConfigObject, talosVersion = DEFAULT_TALOS_VERSION): string[] {
  const v1_14 = isAtLeast(talosVersion, 'v1.14.0');
  const errors: string[] = [];
  const hostDNS = obj(body.hostDNS);
  if (hostDNS.enabled !== true) {
    if (hostDNS.forwardKubeDNSToHost === true) errors.push('hostDNS.forwardKubeDNSToHost cannot be enabled when hostDNS.enabled is false');
    if (hostDNS.resolveMemberNames === true) errors.push('hostDNS.resolveMemberNames cannot be enabled when hostDNS.enabled is false');
  }
  list(body.nameservers).forEach((item, index) => {
    const nameserver = obj(item);
    const protocol = str(nameserver.protocol) || 'Do53';
    const serverName = str(nameserver.tlsServerName);
    if (protocol !== 'Do53' && serverName === '') errors.push(`tlsServerName must be set when protocol is ${protocol}: entry ${index}`);
    if (protocol === 'Do53' && serverName !== '') errors.push(`tlsServerName must be empty when protocol is Do53: entry ${index}`);
    // v1.14 checks the address too (an entry without one decodes to netip's invalid zero Addr).
    if (v1_14 && str(nameserver.address) === '') errors.push(`nameserver address must be a valid IP: entry ${index}`);
  });
  return errors;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 2 ** 20, mib: 2 ** 20, g: 1e9, gb: 1e9, gi: 2 ** 30, gib: 2 ** 30, t: 1e12, tb: 1e12, ti: 2 ** 40, tib: 2 ** 40 };

/** Bytes of a decoded ByteSize text ("10GiB"); null for a relative ("50%") or empty size. */
export function byteSizeOf(text: string): number | null {
  const match = /^-?([\d.]+)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (match === null || text.includes('%')) return null;
  const unit = SIZE_UNITS[match[2].toLowerCase()];
  return unit === undefined ? null : Math.floor(Number(match[1]) * unit);
}

function provisioningErrors(provisioning: ConfigObject, required: boolean, sizeSupported: boolean): string[] {
  const errors: string[] = [];
  const match = str(obj(provisioning.diskSelector).match);
  if (match !== '') errors.push(...celErrors('disk selector', match, 'disk'));
  else if (required) errors.push('disk selector is required');
  const minSize = str(provisioning.minSize);
  const maxSize = str(provisioning.maxSize);
  if (sizeSupported) {
    if (minSize !== '' && maxSize !== '' && !maxSize.includes('%') && !maxSize.startsWith('-')) {
      if ((byteSizeOf(minSize) ?? 0) > (byteSizeOf(maxSize) ?? 0)) errors.push('min size is greater than max size');
    } else if (required && minSize === '' && maxSize === '') errors.push('min size or max size is required');
    if (minSize.startsWith('-')) errors.push('min size cannot be negative');
  } else if (minSize !== '' || maxSize !== '' || has(provisioning, 'grow')) {
    errors.push('min size, max size and grow are not supported');
  }
  return errors;
}

function filesystemErrors(filesystem: ConfigObject): string[] {
  const type = has(filesystem, 'type') ? str(filesystem.type) : 'xfs';
  // v1.14 adds the xfs options (an unknown key under v1.13). Its btrfs type is refused by the decoder here (not done).
  if (!['none', 'xfs', 'ext4'].includes(type)) return [`unsupported filesystem type: ${type}`];
  if (filesystem.projectQuotaSupport === true && type !== 'xfs') return ['project quota support is only available for xfs filesystem'];
  if (filesystem.xfs !== undefined && filesystem.xfs !== null && type !== 'xfs') return ['xfs options are only available for xfs filesystem'];
  return [];
}

/** Minimum scrub interval (block.MinScrubInterval), ns. */
const MIN_SCRUB_INTERVAL_NS = 10_000_000_000n;

/** v1.14's per-volume trim and scrub sections (TrimConfig/ScrubConfig.Validate). */
function trimScrubErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const trim = parseGoDuration(str(obj(body.trim).interval) || '0s');
  if (trim !== null && trim < 0n) errors.push('trim interval cannot be negative');
  const scrub = parseGoDuration(str(obj(body.scrub).interval) || '0s');
  if (scrub !== null && scrub !== 0n && scrub < MIN_SCRUB_INTERVAL_NS) errors.push('scrub interval: minimum value is 10s');
  return errors;
}

const MAX_VOLUME_NAME_LENGTH = 34;

function volumeNameErrors(name: string): string[] {
  const errors: string[] = [];
  if (name === '') errors.push('name is required');
  if (name.length < 1 || name.length > MAX_VOLUME_NAME_LENGTH) errors.push(`name must be between 1 and ${MAX_VOLUME_NAME_LENGTH} characters long`);
  if (/[^a-zA-Z0-9-]/.test(name)) errors.push('name can only contain lowercase and uppercase ASCII letters, digits, and hyphens');
  return errors;
}

/** EncryptionSpec.Validate: the provider, keys present, one type per slot, slots unique, TPM PCRs in range. */
function encryptionErrors(value: unknown): string[] {
  const spec = obj(value);
  const provider = str(spec.provider);
  const keys = list(spec.keys);
  if ((provider === '' || provider === 'none') && keys.length === 0) return [];
  const errors: string[] = [];
  if (provider !== 'luks2') errors.push(`unsupported encryption provider: ${provider || 'none'}`);
  if (keys.length === 0) errors.push('encryption keys are required');
  const slots = new Set<number>();
  for (const item of keys) {
    const key = obj(item);
    const slot = typeof key.slot === 'number' ? key.slot : 0;
    if (slots.has(slot)) errors.push(`duplicate key slot ${slot}`);
    slots.add(slot);
    if (!['static', 'nodeID', 'kms', 'tpm'].some((type) => has(key, type))) errors.push(`at least one encryption key type must be specified for slot ${slot}`);
    for (const pcr of list(obj(obj(key.tpm).options).pcrs)) {
      if (typeof pcr === 'number' && (pcr < 0 || pcr > 23)) errors.push(`TPM PCR ${pcr} is out of range (0-23)`);
    }
  }
  return errors;
}

function swapVolumeErrors(body: ConfigObject): string[] {
  return [...volumeNameErrors(str(body.name)), ...provisioningErrors(obj(body.provisioning), true, true), ...encryptionErrors(body.encryption)];
}

function existingVolumeErrors(body: ConfigObject): string[] {
  const name = str(body.name);
  const errors: string[] = [];
  if (name === '') errors.push('name is required');
  if (/[^a-zA-Z0-9-]/.test(name)) errors.push('name can only contain lowercase and uppercase ASCII letters, digits, and hyphens');
  const match = str(obj(obj(body.discovery).volumeSelector).match);
  if (match === '') errors.push('volume selector is required');
  else errors.push(...celErrors('volume selector', match, 'volume'));
  return [...errors, ...trimScrubErrors(body)];
}

function userVolumeErrors(body: ConfigObject): string[] {
  const errors = volumeNameErrors(str(body.name));
  const type = has(body, 'volumeType') ? str(body.volumeType) : 'partition';
  if (type === 'directory') {
    for (const [key, label] of [['provisioning', 'provisioning'], ['encryption', 'encryption'], ['filesystem', 'filesystem'], ['mount', 'mount']]) {
      if (Object.keys(obj(body[key])).length > 0) errors.push(`${label} spec is invalid for volumeType directory`);
    }
  } else if (type === 'disk' || type === 'partition') {
    errors.push(...provisioningErrors(obj(body.provisioning), true, type === 'partition'), ...filesystemErrors(obj(body.filesystem)), ...encryptionErrors(body.encryption));
  } else {
    errors.push(`unsupported volume type ${JSON.stringify(type)}`);
  }
  return [...errors, ...trimScrubErrors(body)];
}

function rawVolumeErrors(body: ConfigObject): string[] {
  return [...volumeNameErrors(str(body.name)), ...provisioningErrors(obj(body.provisioning), true, true), ...encryptionErrors(body.encryption)];
}

const SYSTEM_VOLUMES = ['STATE', 'EPHEMERAL', 'IMAGECACHE'];
/** v1.14 lets ETCD, CRI, KUBELET and LOG (directories under EPHEMERAL) move to partitions of their own. */
const SYSTEM_VOLUMES_V1_14 = [...SYSTEM_VOLUMES, 'ETCD', 'CRI', 'KUBELET', 'LOG'];

function volumeConfigErrors(body: ConfigObject, talosVersion = DEFAULT_TALOS_VERSION): string[] {
  const v1_14 = isAtLeast(talosVersion, 'v1.14.0');
  const allowed = v1_14 ? SYSTEM_VOLUMES_V1_14 : SYSTEM_VOLUMES;
  const name = str(body.name);
  if (!allowed.includes(name)) return [`only [${allowed.map((volume) => JSON.stringify(volume)).join(' ')}] volumes are supported`];
  const errors: string[] = [];
  const provisioning = obj(body.provisioning);
  const mounted = Object.keys(obj(body.mount)).length > 0;
  if (name === 'STATE' && Object.keys(provisioning).length > 0) errors.push(`provisioning config is not allowed for the "STATE" volume`);
  if (name === 'STATE' && list(obj(body.encryption).keys).some((key) => obj(key).lockToState === true)) errors.push('state-locked key is not allowed for the "STATE" volume');
  if (v1_14) {
    if ((name === 'STATE' || name === 'IMAGECACHE') && mounted) errors.push(`mount config is not allowed for the ${JSON.stringify(name)} volume`);
    if (name === 'IMAGECACHE' && Object.keys(obj(body.filesystem)).length > 0) errors.push('filesystem config is not allowed for the "IMAGECACHE" volume');
    // ProvisioningRequested: a disk selector, grow, minSize or maxSize asks for a dedicated partition.
    const requested = ['diskSelector', 'grow', 'minSize', 'maxSize'].some((key) => provisioning[key] !== undefined && provisioning[key] !== null);
    if (['ETCD', 'CRI', 'KUBELET', 'LOG'].includes(name) && mounted && !requested) {
      errors.push(`mount config for the ${JSON.stringify(name)} volume is only supported when it is provisioned onto a dedicated partition`);
    }
  }
  return [...errors, ...provisioningErrors(provisioning, false, true), ...encryptionErrors(body.encryption), ...(v1_14 ? trimScrubErrors(body) : [])];
}

const CHECKERS: Record<string, Checker> = {
  HostnameConfig: hostnameErrors,
  LinkConfig: (body) => [...nameRequired(body), ...commonLink(body)],
  DummyLinkConfig: (body) => [...nameRequired(body), ...commonLink(body)],
  LinkAliasConfig: linkAliasErrors,
  BondConfig: bondErrors,
  VLANConfig: vlanErrors,
  DHCPv4Config: dhcpErrors,
  DHCPv6Config: dhcpErrors,
  Layer2VIPConfig: layer2VipErrors,
  StaticHostConfig: staticHostErrors,
  TimeSyncConfig: timeSyncErrors,
  ResolverConfig: resolverErrors,
  UserVolumeConfig: userVolumeErrors,
  RawVolumeConfig: rawVolumeErrors,
  VolumeConfig: volumeConfigErrors,
  SwapVolumeConfig: swapVolumeErrors,
  OOMConfig: oomConfigErrors,
  // v1.14 kinds (registered from v1.14 on only).
  SysctlConfig: (body) => Object.keys(obj(body.params)).includes('') ? ['sysctl key cannot be empty'] : [],
  SysfsConfig: (body) => Object.keys(obj(body.params)).includes('') ? ['sysfs key cannot be empty'] : [],
  KernelModuleConfig: (body) => (str(body.name) === '' ? ['name is required'] : []),
  ExistingVolumeConfig: existingVolumeErrors,
  ...parsedKindCheckers(commonLink),
  ...KUBERNETES_CHECKERS,
  ...v1_14Checkers(commonLink),
};

/** Talos' docID: the kind, then "/name" for named documents. */
export function documentId(document: OtherDocument): string {
  const named = documentSchema(document.kind, '')?.root.fields.name !== undefined;
  return named ? `${document.kind}/${document.name}` : document.kind;
}

/** Conflicts of a document with the v1alpha1 document (V1Alpha1ConflictValidate). */
function v1alpha1Conflict(document: OtherDocument, config: MachineConfig): string {
  const machine = config.machine;
  const network = machine?.network;
  switch (document.kind) {
    case 'HostnameConfig':
      if ((network?.hostname ?? '') !== '') return 'static hostname is already set in v1alpha1 config';
      if (machine?.features?.stableHostname === true) return 'stable hostname is already set in v1alpha1 config';
      return '';
    case 'ResolverConfig':
      if (network?.searchDomains !== undefined) return '.machine.network.searchDomains is already set in v1alpha1 config';
      if ((network?.nameservers ?? []).some((server) => parseIP(server) !== null)) return '.machine.network.nameservers is already set in v1alpha1 config';
      if (network?.disableSearchDomain === true) return '.machine.network.disableSearchDomain is already set in v1alpha1 config';
      if (Object.values(obj(document.body.hostDNS)).length > 0 && machine?.features?.hostDNS !== undefined) return '.machine.features.hostDNS is already set in v1alpha1 config';
      return '';
    case 'TimeSyncConfig': {
      const time = machine?.time;
      if (time === undefined) return '';
      if (time.disabled === true) return 'time sync cannot be disabled in both v1alpha1 and new-style configuration';
      if ((time.servers ?? []).length > 0) return 'time servers cannot be specified in both v1alpha1 and new-style configuration';
      if ((time.bootTimeout ?? '0s') !== '0s') return 'boot timeout cannot be specified in both v1alpha1 and new-style configuration';
      return '';
    }
    case 'VolumeConfig': {
      const name = document.name;
      if ((name !== 'STATE' && name !== 'EPHEMERAL') || document.body.encryption === undefined) return '';
      const legacy = (machine as { systemDiskEncryption?: Record<string, unknown> } | undefined)?.systemDiskEncryption?.[name.toLowerCase()];
      return legacy === undefined ? '' : `system disk encryption for ${JSON.stringify(name)} is configured in both v1alpha1.Config and VolumeConfig`;
    }
    case 'KubeSpanConfig':
      return kubeSpanConflict(config);
    default:
      return kubernetesConflict(document.kind, config) || v1_14Conflict(document.kind, config);
  }
}

/**
 * Every document's own errors, then every conflict with the v1alpha1 document, then (from v1.14)
 * the container's checks across documents, in Talos' order.
 */
export function validateDocuments(documents: readonly OtherDocument[], config: MachineConfig | null, talosVersion = DEFAULT_TALOS_VERSION): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const document of documents) {
    const checker = CHECKERS[document.kind];
    const errors = checker === undefined ? [] : checker(document.body, talosVersion);
    if (errors.length > 0) issues.push({ path: documentId(document), message: `${documentId(document)}: ${errors.join('\n')}` });
  }
  if (config !== null) {
    for (const document of documents) {
      const conflict = v1alpha1Conflict(document, config);
      if (conflict !== '') issues.push({ path: documentId(document), message: conflict });
    }
  }
  if (isAtLeast(talosVersion, 'v1.14.0')) issues.push(...v1_14ContainerErrors(documents, config).map((message) => ({ path: '', message })));
  return issues;
}

const LINK_KINDS = ['BondConfig', 'BridgeConfig', 'DummyLinkConfig', 'LinkConfig', 'VethConfig', 'VLANConfig', 'VRFConfig', 'WireguardConfig'];

function conflictingKinds(kind: string): string[] {
  if (LINK_KINDS.includes(kind)) return LINK_KINDS.filter((other) => other !== kind);
  if (kind === 'Layer2VIPConfig') return ['HCloudVIPConfig'];
  if (kind === 'HCloudVIPConfig') return ['Layer2VIPConfig'];
  if (kind === 'UserVolumeConfig') return ['ExistingVolumeConfig'];
  if (kind === 'ExistingVolumeConfig') return ['UserVolumeConfig'];
  return [];
}

/** The links a link document configures (a veth pair both ends): "conflicting link configurations" when one is already claimed. */
function claimLinks(document: OtherDocument, claimed: Map<string, string>): string {
  if (!LINK_KINDS.includes(document.kind)) return '';
  const id = documentId(document);
  const names = document.kind === 'VethConfig' ? [document.name, str(obj(document.body.peer).name)] : [document.name];
  for (const name of names) {
    const owner = claimed.get(name);
    if (owner !== undefined) return `conflicting link configurations: ${owner} and ${id} both configure ${JSON.stringify(name)}`;
    claimed.set(name, id);
  }
  return '';
}

/** The config container's checks when it is built: "duplicate document: K/n", "conflicting documents: A and B" ('' when fine). */
export function containerError(documents: readonly OtherDocument[]): string {
  const seen = new Set<string>();
  const conflicting = new Map<string, string>();
  const claimedLinks = new Map<string, string>();
  for (const document of documents) {
    const id = `${document.kind}/${document.name}`;
    if (seen.has(id)) return `duplicate document: ${id}`;
    seen.add(id);
    const earlier = conflicting.get(id);
    if (earlier !== undefined) return `conflicting documents: ${earlier} and ${id}`;
    for (const kind of conflictingKinds(document.kind)) {
      const otherId = `${kind}/${document.name}`;
      if (seen.has(otherId)) return `conflicting documents: ${otherId} and ${id}`;
      conflicting.set(otherId, id);
    }
    const claimConflict = claimLinks(document, claimedLinks);
    if (claimConflict !== '') return claimConflict;
  }
  return '';
}
