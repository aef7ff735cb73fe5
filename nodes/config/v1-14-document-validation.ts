// Talos v1.14's Validate for the non-Kubernetes kinds it first registers (BGP instances, veth
// pairs, HTTP probes, LVM and RAID, etc files, discovery, CRI customization, unattended install,
// containers, filesystem scrub/trim), their conflicts with the v1alpha1 document, and the checks
// the v1.14 config container runs across documents (encrypted DNS needing host DNS, control-plane-only
// kinds, cluster discovery needing an identity, etcd encryption on a control plane). Texts and order from
// siderolabs/talos pkg/machinery/config/{types,container} at v1.14.0-rc.1.
// Leaves out: ContainerConfig's image reference parsing, mount options, capability names, CPU
// quantities and the dependency graph between containers; CRIBaseRuntimeSpecConfig's OCI spec
// typing. Warnings are in document-warnings.ts.
import type { ConfigObject, MachineConfig, OtherDocument } from './machine-config-types.ts';
import { at, has, list, num, obj, str, type DocumentChecker } from './document-values.ts';
import { formatAddress, isMaskedPrefix, parseIP, parsePrefix, parseURL, type ParsedPrefix } from './net-parse.ts';
import { qualifiedNameError } from './label-validation.ts';
import { parseGoDuration } from '../go-format/duration.ts';
import { compileSelector, type SelectorEnvironment } from './cel-selector.ts';
import { CONTROLPLANE_ONLY_KINDS } from './kubernetes-document-validation.ts';
import { parseHumanBytes } from './leaf-decoders.ts';

const durationNs = (value: unknown): bigint => parseGoDuration(str(value)) ?? 0n;

const prefixText = (prefix: ParsedPrefix): string => `${formatAddress(prefix.address)}/${prefix.bits}`;

const isMasked = isMaskedPrefix;

/** Whether `prefix` contains `address` (same family). */
function contains(prefix: ParsedPrefix, address: number[]): boolean {
  for (let bit = 0; bit < prefix.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((prefix.address.bytes[bit >> 3] & mask) !== (address[bit >> 3] & mask)) return false;
  }
  return true;
}

const overlap = (a: ParsedPrefix, b: ParsedPrefix): boolean =>
  a.address.family === b.address.family && (contains(a, b.address.bytes) || contains(b, a.address.bytes));

function bgpImportErrors(instanceName: string, routes: unknown[]): string[] {
  const errors: string[] = [];
  const seenSources = new Set<string>();
  const selectors: Array<{ prefix: ParsedPrefix; routeIndex: number }> = [];
  routes.forEach((item, index) => {
    const route = obj(item);
    const source = str(route.bgpInstance);
    if (source === '') errors.push(`importRoutes[${index}]: bgpInstance must be specified`);
    else if (source === instanceName) errors.push(`importRoutes[${index}]: cannot import from the same BGP instance ${JSON.stringify(instanceName)}`);
    const prefixes = list(route.prefixes).map((text) => parsePrefix(str(text)));
    if (prefixes.length === 0) errors.push(`importRoutes[${index}]: at least one prefix must be specified`);
    prefixes.forEach((prefix, position) => {
      if (prefix === null) {
        errors.push(`importRoutes[${index}].prefixes[${position}]: invalid prefix`);
        return;
      }
      if (!isMasked(prefix)) errors.push(`importRoutes[${index}].prefixes[${position}]: prefix ${prefixText(prefix)} must be masked`);
      prefixes.slice(0, position).forEach((other, earlier) => {
        if (other !== null && overlap(other, prefix)) {
          errors.push(`importRoutes[${index}].prefixes[${position}]: prefix ${prefixText(prefix)} overlaps prefixes[${earlier}] ${prefixText(other)}`);
        }
      });
    });
    if (source !== '') {
      if (seenSources.has(source)) errors.push(`importRoutes[${index}]: duplicate source BGP instance ${JSON.stringify(source)}`);
      seenSources.add(source);
    }
    for (const prefix of prefixes) {
      if (prefix === null || !isMasked(prefix)) continue;
      for (const selector of selectors) {
        if (selector.routeIndex !== index && overlap(selector.prefix, prefix)) {
          errors.push(`importRoutes[${index}]: prefix ${prefixText(prefix)} overlaps importRoutes[${selector.routeIndex}] prefix ${prefixText(selector.prefix)}`);
        }
      }
      selectors.push({ prefix, routeIndex: index });
    }
  });
  return errors;
}

function bgpErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  if (str(body.name) === '') errors.push('name must be specified');
  if (num(body.localASN) === 0) errors.push('localASN must be specified');
  const routerID = parseIP(str(body.routerID));
  if (routerID !== null && routerID.family !== 4) errors.push('routerID must be an IPv4 address');
  const seen = new Set<string>();
  list(body.neighbors).forEach((item, index) => {
    const neighbor = obj(item);
    const address = parseIP(str(neighbor.address));
    const link = str(neighbor.link);
    const keyError = (address !== null) === (link !== '') ? `neighbor[${index}]: exactly one of address or link must be set` : '';
    if (keyError !== '') errors.push(keyError);
    if (durationNs(neighbor.holdTime) < 0n) errors.push(`neighbor[${index}]: holdTime must not be negative`);
    if (has(neighbor, 'bfd')) {
      const bfd = obj(neighbor.bfd);
      if (str(body.vrf) !== '') errors.push(`neighbor[${index}]: bfd is not supported for VRF-bound BGP instances`);
      if (durationNs(bfd.transmitInterval) < 0n) errors.push(`neighbor[${index}]: bfd.transmitInterval must not be negative`);
      if (durationNs(bfd.receiveInterval) < 0n) errors.push(`neighbor[${index}]: bfd.receiveInterval must not be negative`);
    }
    if (keyError !== '') return;
    const key = address !== null ? formatAddress(address) : link;
    if (seen.has(key)) errors.push(`neighbor[${index}]: duplicate neighbor ${JSON.stringify(key)}`);
    seen.add(key);
  });
  return [...errors, ...bgpImportErrors(str(body.name), list(body.importRoutes))];
}

function vethNameError(field: string, name: string): string {
  if (name === '') return `${field} must be specified`;
  if (Buffer.byteLength(name) > 15) return `${field} must not exceed 15 bytes`;
  if (name === '.' || name === '..') return `${field} must not be ${JSON.stringify(name)}`;
  if (/[/:]/.test(name)) return `${field} must not contain '/' or ':'`;
  return /[\s\p{C}]/u.test(name) ? `${field} must not contain whitespace or non-printable characters` : '';
}

function vethErrors(body: ConfigObject, commonLink: DocumentChecker): string[] {
  const peer = obj(body.peer);
  const errors = [vethNameError('name', str(body.name)), vethNameError('peer name', str(peer.name))].filter((error) => error !== '');
  if (str(body.name) !== '' && str(body.name) === str(peer.name)) errors.push('name and peer name must be different');
  return [...errors, ...commonLink(body), ...commonLink(peer)];
}

function httpProbeErrors(body: ConfigObject): string[] {
  const errors = str(body.name) === '' ? ['probe name is required'] : [];
  const url = str(body.url);
  const parsed = url === '' ? null : parseURL(url);
  if (parsed === null || typeof parsed === 'string') errors.push('HTTP probe URL is required');
  else if (parsed.scheme !== 'http' && parsed.scheme !== 'https') errors.push(`HTTP probe URL scheme must be http or https, got ${JSON.stringify(parsed.scheme)}`);
  else if (parsed.hostname === '') errors.push('HTTP probe URL must be an absolute http or https URL with a non-empty host');
  if (durationNs(body.timeout) < 0n) errors.push(`HTTP probe timeout cannot be negative: ${str(body.timeout)}`);
  if (durationNs(body.interval) < 0n) errors.push(`probe interval cannot be negative: ${str(body.interval)}`);
  if (num(body.failureThreshold) < 0) errors.push(`probe failure threshold cannot be negative: ${num(body.failureThreshold)}`);
  return errors;
}

const STORAGE_NAME_LENGTH = { LVMLogicalVolumeConfig: 63, LVMVolumeGroupConfig: 63, RAIDArrayConfig: 32 } as const;

function storageNameErrors(kind: keyof typeof STORAGE_NAME_LENGTH, name: string): string[] {
  const errors = name === '' ? ['name is required'] : [];
  const limit = STORAGE_NAME_LENGTH[kind];
  if (name.length < 1 || name.length > limit) errors.push(`name must be between 1 and ${limit} characters long`);
  if (/[^A-Za-z0-9_-]/.test(name)) errors.push('name can only contain ASCII letters, digits, hyphens and underscores');
  return errors;
}

/** A storage or install selector: required, then compiled in its CEL environment. */
function selectorErrors(match: string, environment: SelectorEnvironment): string[] {
  if (match === '') return ['provisioning.volumeSelector.match is required'];
  const compiled = compileSelector(match, environment);
  return 'error' in compiled ? [`provisioning.volumeSelector.match: ${compiled.error}`] : [];
}

function logicalVolumeErrors(body: ConfigObject): string[] {
  const errors = storageNameErrors('LVMLogicalVolumeConfig', str(body.name));
  const type = has(body, 'type') ? str(body.type) : 'linear';
  const usesMirrors = type === 'raid1' || type === 'raid10';
  const usesStripes = type === 'raid0' || type === 'raid10';
  if (has(body, 'mirrors')) {
    if (!usesMirrors) errors.push(`mirrors is only valid for raid1/raid10, not ${type}`);
    else if (num(body.mirrors) < 1) errors.push('mirrors must be at least 1');
  }
  if (has(body, 'stripes')) {
    if (!usesStripes) errors.push(`stripes is only valid for raid0/raid10, not ${type}`);
    else if (num(body.stripes) < 2) errors.push('stripes must be at least 2');
  }
  const provisioning = obj(body.provisioning);
  const maxSize = str(provisioning.maxSize);
  const minSize = str(provisioning.minSize);
  if (str(provisioning.volumeGroup) === '') errors.push('provisioning.volumeGroup is required');
  if (maxSize === '' || /^-?0+(\.0*)?\s*[A-Za-z]*%?$/.test(maxSize)) errors.push('provisioning.maxSize is required');
  if (maxSize.startsWith('-')) errors.push('provisioning.maxSize must not be negative');
  const minBytes = parseHumanBytes(minSize);
  const maxBytes = parseHumanBytes(maxSize.replace(/^-/, ''));
  if (typeof minBytes === 'number' && minBytes > 0 && !maxSize.includes('%') && typeof maxBytes === 'number' && minBytes > maxBytes) {
    errors.push('provisioning.minSize must not exceed provisioning.maxSize');
  }
  return errors;
}

const MANAGED_ETC_FILES = ['resolv.conf', 'hosts', 'machine-id', 'extensions.yaml', 'localtime', 'os-release', 'xattr.conf'];
const MANAGED_ETC_PREFIXES = ['apparmor.d/', 'apparmor/', 'ca-certificates/', 'cni/', 'cri/', 'iscsi/', 'kubernetes/', 'lvm/', 'nvme/', 'pki/', 'selinux/', 'ssl/'];

/** Go's filepath.IsLocal on Unix: relative, not empty, never climbing out with "..". */
function isLocalPath(path: string): boolean {
  if (path === '' || path.startsWith('/')) return false;
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return false;
  }
  return true;
}

function etcFileErrors(body: ConfigObject): string[] {
  const name = str(body.name);
  if (name === '') return ['user etc file name cannot be empty'];
  if (!isLocalPath(name) || name.startsWith('.')) return [`user etc file ${JSON.stringify(name)} must be a local path`];
  const managed = MANAGED_ETC_FILES.includes(name) || MANAGED_ETC_PREFIXES.some((prefix) => name === prefix.slice(0, -1) || name.startsWith(prefix));
  return managed ? [`user etc file ${JSON.stringify(name)} is managed by Talos`] : [];
}

function discoveryIdentityErrors(body: ConfigObject): string[] {
  const secret = str(body.clusterSecret);
  if (str(body.clusterID) === '') return ['clusterID is required'];
  if (secret === '') return ['clusterSecret is required'];
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(secret) || secret.length % 4 !== 0) {
    return [`invalid clusterSecret: failed to decode from base64: ${secret}; illegal base64 data at input byte ${secretErrorOffset(secret)}`];
  }
  const bytes = Buffer.from(secret, 'base64').length;
  return bytes === 32 ? [] : [`invalid clusterSecret: expected 32 bytes, got ${bytes}: ${secret}`];
}

/** Where Go's base64 decoder stops on a bad secret: the first bad character, else the end. */
function secretErrorOffset(secret: string): number {
  const bad = secret.search(/[^A-Za-z0-9+/=]/);
  return bad >= 0 ? bad : secret.length - (secret.length % 4);
}

function discoveryServiceErrors(body: ConfigObject): string[] {
  if (str(body.name) === '') return ['name is required'];
  const parsed = str(body.endpoint) === '' ? null : parseURL(str(body.endpoint));
  if (parsed === null || typeof parsed === 'string') return ['endpoint is required'];
  if (parsed.scheme === '') return ['endpoint scheme is required'];
  if (!['http', 'https', 'grpc'].includes(parsed.scheme)) return ['endpoint scheme must be http://, https:// or grpc://'];
  return parsed.hostname === '' ? ['endpoint host is required'] : [];
}

const absolutePathError = (kind: string, path: string): string =>
  path === '' ? `${kind} is required` : path.startsWith('/') ? '' : `${kind} ${JSON.stringify(path)} must be an absolute path`;

function containerMountErrors(mounts: unknown[]): string[] {
  const errors: string[] = [];
  const destinations = new Set<string>();
  mounts.forEach((item, index) => {
    const mount = obj(item);
    const types = ['userVolume', 'tmpfs', 'hostPath'].filter((type) => has(mount, type));
    if (types.length !== 1) {
      errors.push(`mounts[${index}]: exactly one of userVolume, tmpfs or hostPath must be set`);
      return;
    }
    const spec = obj(mount[types[0]]);
    const problems = [
      types[0] === 'userVolume' && str(spec.name) === '' ? 'userVolume.name is required' : '',
      types[0] === 'hostPath' ? absolutePathError('hostPath.source', str(spec.source)) : '',
      absolutePathError(`${types[0]}.destination`, str(spec.destination)),
    ].filter((problem) => problem !== '');
    if (problems.length > 0) {
      errors.push(`mounts[${index}]: ${problems.join('\n')}`);
      return;
    }
    const destination = str(spec.destination);
    if (destinations.has(destination)) errors.push(`mounts[${index}]: duplicate destination ${JSON.stringify(destination)}`);
    destinations.add(destination);
  });
  return errors;
}

function containerErrors(body: ConfigObject): string[] {
  const name = str(body.name);
  const errors: string[] = [];
  if (name === '') errors.push('name is required');
  else if (name.length > 63) errors.push(`name ${JSON.stringify(name)} must be 63 characters or fewer`);
  else if (!/^[a-z0-9-]+$/.test(name)) errors.push(`name ${JSON.stringify(name)}: name can only contain lowercase ASCII letters, digits and hyphens`);
  if (str(body.image) === '') errors.push('image is required');
  list(body.environment).map(str).forEach((variable, index) => {
    if (!variable.includes('=')) errors.push(`environment[${index}]: ${JSON.stringify(variable)} must be in KEY=value form`);
  });
  errors.push(...containerMountErrors(list(body.mounts)));
  const profile = str(obj(body.security).profile) || 'restricted';
  if (has(body, 'security') && !['restricted', 'privileged'].includes(profile)) errors.push(`unsupported security profile ${JSON.stringify(profile)}, expected restricted or privileged`);
  const mode = str(obj(body.network).mode) || 'none';
  if (has(body, 'network') && !['none', 'host'].includes(mode)) errors.push(`unsupported network mode ${JSON.stringify(mode)}, expected none or host`);
  const dependsOn = obj(body.dependsOn);
  for (const path of list(dependsOn.paths).map(str)) {
    const problem = absolutePathError('dependsOn.paths entry', path);
    if (problem !== '') errors.push(problem);
  }
  for (const condition of list(dependsOn.networks).map(str)) {
    if (!['addresses', 'connectivity', 'hostname', 'etcfiles'].includes(condition)) errors.push(`unsupported dependsOn.networks condition ${JSON.stringify(condition)}`);
  }
  for (const other of list(dependsOn.containers).map(str)) {
    if (other === '') errors.push('dependsOn.containers entry must not be empty');
    else if (other === name) errors.push(`container ${JSON.stringify(name)} cannot depend on itself`);
  }
  const runAs = obj(body.runAs);
  for (const id of ['uid', 'gid']) {
    if (num(runAs[id]) < 0) errors.push(`runAs.${id} must be non-negative, got ${num(runAs[id])}`);
  }
  return errors;
}

function criCustomizationErrors(body: ConfigObject): string[] {
  const name = str(body.name);
  const errors: string[] = [];
  const problem = qualifiedNameError(name);
  if (problem !== '') errors.push(`invalid name: ${problem}`);
  if (name === 'customization') errors.push(`name ${JSON.stringify(name)} is reserved for the legacy CRI customization`);
  return errors;
}

const MIN_SCRUB_INTERVAL_NS = 10_000_000_000n;

/** The checks of the v1.14 kinds; `commonLink` is CommonLinkConfig.Validate (shared with the link kinds). */
export function v1_14Checkers(commonLink: DocumentChecker): Record<string, DocumentChecker> {
  return {
    BGPInstanceConfig: bgpErrors,
    ContainerConfig: containerErrors,
    CRICustomizationConfig: criCustomizationErrors,
    DiscoveryIdentityConfig: discoveryIdentityErrors,
    DiscoveryServiceConfig: discoveryServiceErrors,
    EtcFileConfig: etcFileErrors,
    FilesystemScrubConfig: (body) => {
      const interval = durationNs(body.interval);
      return interval !== 0n && interval < MIN_SCRUB_INTERVAL_NS ? ['scrub interval: minimum value is 10s'] : [];
    },
    FilesystemTrimConfig: (body) => (durationNs(body.interval) < 0n ? ['interval cannot be negative'] : []),
    HTTPProbeConfig: httpProbeErrors,
    LVMLogicalVolumeConfig: logicalVolumeErrors,
    LVMVolumeGroupConfig: (body) => [...storageNameErrors('LVMVolumeGroupConfig', str(body.name)), ...selectorErrors(str(obj(obj(body.provisioning).volumeSelector).match), 'volume')],
    RAIDArrayConfig: (body) => [...storageNameErrors('RAIDArrayConfig', str(body.name)), ...selectorErrors(str(obj(obj(body.provisioning).volumeSelector).match), 'volume')],
    UnattendedInstallConfig: (body) => selectorErrors(str(obj(obj(body.provisioning).diskSelector).match), 'disk'),
    VethConfig: (body) => vethErrors(body, commonLink),
  };
}

/** V1Alpha1ConflictValidate of the v1.14 kinds outside Kubernetes ('' when none). */
export function v1_14Conflict(kind: string, config: MachineConfig): string {
  switch (kind) {
    case 'CRIBaseRuntimeSpecConfig':
      return at(config, 'machine.baseRuntimeSpecOverrides') === undefined ? '' : 'base runtime spec overrides are already set in v1alpha1 config';
    case 'ImageCacheConfig':
      return at(config, 'machine.features.imageCache') === undefined ? '' : 'image cache config is already set in v1alpha1 config';
    case 'DiscoveryIdentityConfig':
      return str(at(config, 'cluster.id')) === '' && str(at(config, 'cluster.secret')) === '' ? '' : 'cluster identity is already configured in .cluster.id/.cluster.secret of the v1alpha1 config';
    case 'DiscoveryServiceConfig':
      return at(config, 'cluster.discovery') === undefined ? '' : 'discovery service is already configured in .cluster.discovery of the v1alpha1 config';
    case 'UnattendedInstallConfig':
      return at(config, 'machine.install') === undefined ? '' : 'UnattendedInstallConfig config is incompatible with v1alpha1 config (.machine.install)';
    default:
      return '';
  }
}

/** Whether the v1alpha1 document enables the discovery service registry (Config.DiscoveryServiceConfigs). */
function legacyDiscoveryEnabled(config: MachineConfig | null): boolean {
  return at(config, 'cluster.discovery.enabled') === true && at(config, 'cluster.discovery.registries.service.disabled') !== true;
}

/** The v1.14 container's cross-document checks (validateContainer), in Talos's order. */
export function v1_14ContainerErrors(documents: readonly OtherDocument[], config: MachineConfig | null): string[] {
  const errors: string[] = [];
  const kinds = documents.map((document) => document.kind);
  const resolver = documents.find((document) => document.kind === 'ResolverConfig')?.body ?? {};
  if (list(resolver.nameservers).some((nameserver) => (str(obj(nameserver).protocol) || 'Do53') !== 'Do53')) {
    const documentHostDNS = obj(resolver.hostDNS).enabled === true;
    if (!documentHostDNS && at(config, 'machine.features.hostDNS.enabled') !== true) errors.push('hostDNS must be enabled when using non-default DNS protocols');
  }
  const discoveryEnabled = legacyDiscoveryEnabled(config) || kinds.includes('DiscoveryServiceConfig');
  if (discoveryEnabled) {
    const identityDocument = documents.find((document) => document.kind === 'DiscoveryIdentityConfig');
    const legacy = str(at(config, 'cluster.id')) !== '' || str(at(config, 'cluster.secret')) !== '';
    const id = legacy ? str(at(config, 'cluster.id')) : str(identityDocument?.body.clusterID);
    const secret = legacy ? str(at(config, 'cluster.secret')) : str(identityDocument?.body.clusterSecret);
    if (id === '') errors.push('cluster ID (.cluster.id or DiscoveryIdentityConfig) should be set when cluster discovery (DiscoveryServiceConfig) is enabled');
    if (secret === '') errors.push('cluster secret (.cluster.secret or DiscoveryIdentityConfig) should be set when cluster discovery (DiscoveryServiceConfig) is enabled');
  }
  const kubeSpan = documents.find((document) => document.kind === 'KubeSpanConfig')?.body ?? obj(at(config, 'machine.network.kubespan'));
  if (kubeSpan.enabled === true && !discoveryEnabled) errors.push('KubeSpan requires cluster discovery to be enabled');
  const controlPlane = ['controlplane', 'init'].includes(str(at(config, 'machine.type')));
  if (controlPlane) {
    const apiServerCA = kinds.includes('KubeAPIServerCAConfig') || at(config, 'cluster.ca') !== undefined || at(config, 'cluster.acceptedCAs') !== undefined;
    const legacyEncryption = str(at(config, 'cluster.secretboxEncryptionSecret')) !== '' || str(at(config, 'cluster.aescbcEncryptionSecret')) !== '';
    if (apiServerCA && !legacyEncryption && !kinds.includes('KubeEtcdEncryptionConfig')) {
      errors.push('etcd encryption config is required for control plane machines running kube-apiserver');
    }
  }
  const controlPlaneOnly = [...new Set(kinds.filter((kind) => CONTROLPLANE_ONLY_KINDS.has(kind)))].sort();
  if (controlPlaneOnly.length > 0 && !controlPlane) {
    errors.push(`the following document kinds are only allowed on control plane machines: [${controlPlaneOnly.join(' ')}]`);
  }
  return errors;
}
