// proto_spec converters for the specs whose YAML words have a typed wire form, beyond the
// network status ones (cosi-proto-network.ts): ResolverStatus and CertSAN addresses and EtcdSpec
// addresses as common.NetIP, NodeAddress prefixes as common.NetIPPrefix with the sort algorithm's
// enum, TimeServerStatus's `timeServers` as ntp_servers, EtcdSpec's extra args as ArgValues,
// StaticPod and KubeletSpec's free-form maps as google.protobuf.Struct, and VolumeStatus's phase,
// type, filesystem and encryption provider words as their enums (with its mount and symlink specs and key slots),
// MountStatus's filesystem and encryption provider likewise (its request's `parentID` is
// parent_mount_id), SwapStatus's `size`/`used` as size_bytes/used_bytes, and ApiCertificates'
// base64 PEMs as the PEM bytes, SecurityState's SELinux and FIPS words (`enabled, permissive`) as
// their enums. IPv4 only, as the simulated LAN.
import { structFromJson, type JsonValue } from '../../proto/well-known.ts';
import { netIp, netIpPrefix, type SpecConverter } from './cosi-proto-network.ts';

type Spec = Record<string, unknown>;
const isMapping = (value: unknown): value is Spec => typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const integer = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : 0);
const struct = (value: unknown) => (isMapping(value) ? structFromJson(value as { [key: string]: JsonValue }) : undefined);

/** A YAML word (`ready`, `partition`, `xfs`, `luks2`) as the enum value `<PREFIX><WORD>`. */
const enumWord = (prefix: string, word: unknown, fallback: string) => (text(word) ? `${prefix}${text(word).toUpperCase()}` : fallback);

function mountSpec(spec: Spec) {
  return {
    target_path: text(spec.targetPath), parent_id: text(spec.parentID), selinux_label: text(spec.selinuxLabel),
    project_quota_support: spec.projectQuotaSupport === true, file_mode: integer(spec.fileMode), uid: integer(spec.uid), gid: integer(spec.gid),
    recursive_relabel: spec.recursiveRelabel === true,
  };
}

function volumeStatus(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  return {
    phase: enumWord('VOLUME_PHASE_', spec.phase, 'VOLUME_PHASE_WAITING'),
    location: text(spec.location),
    error_message: text(spec.errorMessage),
    uuid: text(spec.uuid),
    partition_uuid: text(spec.partitionUUID),
    ...(text(spec.preFailPhase) ? { pre_fail_phase: enumWord('VOLUME_PHASE_', spec.preFailPhase, 'VOLUME_PHASE_WAITING') } : {}),
    parent_location: text(spec.parentLocation),
    partition_index: integer(spec.partitionIndex),
    size: integer(spec.size),
    filesystem: enumWord('FILESYSTEM_TYPE_', spec.filesystem, 'FILESYSTEM_TYPE_NONE'),
    mount_location: text(spec.mountLocation),
    encryption_provider: enumWord('ENCRYPTION_PROVIDER_', spec.encryptionProvider, 'ENCRYPTION_PROVIDER_NONE'),
    pretty_size: text(spec.prettySize),
    type: enumWord('VOLUME_TYPE_', spec.type, 'VOLUME_TYPE_PARTITION'),
    parent_id: text(spec.parentID),
    configured_encryption_keys: texts(spec.configuredEncryptionKeys),
    encryption_failed_syncs: texts(spec.encryptionFailedSyncs),
    ...(typeof spec.encryptionSlot === 'number' ? { encryption_slot: spec.encryptionSlot } : {}),
    ...(isMapping(spec.mountSpec) ? { mount_spec: mountSpec(spec.mountSpec) } : {}),
    ...(isMapping(spec.symlinkSpec) ? { symlink_spec: { symlink_target_path: text(spec.symlinkSpec.symlinkTargetPath), force: spec.symlinkSpec.force === true } } : {}),
  };
}

/** x509.PEMEncodedCertificate(AndKey): the YAML's base64 words as the PEM bytes themselves. */
const pemBytes = (value: unknown) => Buffer.from(text(value), 'base64');
const pemPair = (value: unknown) => (isMapping(value) ? { crt: pemBytes(value.crt), key: pemBytes(value.key) } : undefined);

function apiCertificates(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  const client = pemPair(spec.client);
  const server = pemPair(spec.server);
  return {
    ...(client ? { client } : {}),
    ...(server ? { server } : {}),
    accepted_c_as: (Array.isArray(spec.acceptedCAs) ? spec.acceptedCAs : []).filter(isMapping).map((ca) => ({ crt: pemBytes(ca.crt) })),
    skip_verifying_client_cert: spec.skipVerifyingClientCert === true,
  };
}

function mountStatus(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  const request = isMapping(spec.spec) ? spec.spec : {};
  return {
    spec: {
      volume_id: text(request.volumeID),
      parent_mount_id: text(request.parentID),
      requesters: texts(request.requesters),
      requester_i_ds: texts(request.requesterIDs),
      read_only: request.readOnly === true,
      detached: request.detached === true,
      disable_access_time: request.disableAccessTime === true,
      secure: request.secure === true,
    },
    target: text(spec.target),
    source: text(spec.source),
    filesystem: enumWord('FILESYSTEM_TYPE_', spec.filesystem, 'FILESYSTEM_TYPE_NONE'),
    read_only: spec.readOnly === true,
    project_quota_support: spec.projectQuotaSupport === true,
    encryption_provider: enumWord('ENCRYPTION_PROVIDER_', spec.encryptionProvider, 'ENCRYPTION_PROVIDER_NONE'),
    detached: spec.detached === true,
  };
}

function swapStatus(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  return {
    device: text(spec.device), type: text(spec.type), size_bytes: integer(spec.size), size_human: text(spec.sizeHuman),
    used_bytes: integer(spec.used), used_human: text(spec.usedHuman), priority: integer(spec.priority),
  };
}

/** The words of upstream's SELinuxState and FIPSState (enumer's line comments), as their enums. */
const SELINUX_STATES: Record<string, string> = { 'enabled, permissive': 'SE_LINUX_STATE_PERMISSIVE', 'enabled, enforcing': 'SE_LINUX_STATE_ENFORCING' };
const FIPS_STATES: Record<string, string> = { enabled: 'FIPS_STATE_ENABLED', 'enabled, strict': 'FIPS_STATE_STRICT' };

function securityState(spec: unknown) {
  if (!isMapping(spec)) return undefined;
  return {
    secure_boot: spec.secureBoot === true,
    uki_signing_key_fingerprint: text(spec.ukiSigningKeyFingerprint),
    pcr_signing_key_fingerprint: text(spec.pcrSigningKeyFingerprint),
    se_linux_state: SELINUX_STATES[text(spec.selinuxState)] ?? 'SE_LINUX_STATE_DISABLED',
    booted_with_uki: spec.bootedWithUKI === true,
    fips_state: FIPS_STATES[text(spec.fipsState)] ?? 'FIPS_STATE_DISABLED',
    module_signature_enforced: spec.moduleSignatureEnforced === true,
  };
}

export const COMPONENT_CONVERTERS: Record<string, SpecConverter> = {
  'talos.resource.definitions.runtime.SecurityStateSpec': securityState,
  'talos.resource.definitions.network.ResolverStatusSpec': (spec) =>
    isMapping(spec) ? { dns_servers: texts(spec.dnsServers).map(netIp), search_domains: texts(spec.searchDomains) } : undefined,
  'talos.resource.definitions.network.TimeServerStatusSpec': (spec) => (isMapping(spec) ? { ntp_servers: texts(spec.timeServers) } : undefined),
  'talos.resource.definitions.network.NodeAddressSpec': (spec) =>
    isMapping(spec) ? { addresses: texts(spec.addresses).map(netIpPrefix), sort_algorithm: spec.sortAlgorithm === 'v2' ? 'ADDRESS_SORT_ALGORITHM_V2' : 'ADDRESS_SORT_ALGORITHM_V1' } : undefined,
  'talos.resource.definitions.etcd.SpecSpec': (spec) => {
    if (!isMapping(spec)) return undefined;
    const extraArgs = isMapping(spec.extraArgs) ? spec.extraArgs : {};
    return {
      name: text(spec.name),
      advertised_addresses: texts(spec.advertisedAddresses).map(netIp),
      image: text(spec.image),
      listen_peer_addresses: texts(spec.listenPeerAddresses).map(netIp),
      listen_client_addresses: texts(spec.listenClientAddresses).map(netIp),
      extra_args: Object.fromEntries(Object.entries(extraArgs).map(([name, values]) => [name, { values: Array.isArray(values) ? texts(values) : [text(values)] }])),
    };
  },
  'talos.resource.definitions.k8s.StaticPodSpec': (spec) => (isMapping(spec) && struct(spec.pod) ? { pod: struct(spec.pod) } : undefined),
  'talos.resource.definitions.k8s.KubeletSpecSpec': (spec) => {
    if (!isMapping(spec)) return undefined;
    const config = struct(spec.config);
    return { image: text(spec.image), args: texts(spec.args), expected_nodename: text(spec.expectedNodename), ...(config ? { config } : {}) };
  },
  'talos.resource.definitions.secrets.CertSANSpec': (spec) => (isMapping(spec) ? { i_ps: texts(spec.ips).map(netIp), dns_names: texts(spec.dnsNames), fqdn: text(spec.fqdn) } : undefined),
  'talos.resource.definitions.block.VolumeStatusSpec': volumeStatus,
  'talos.resource.definitions.secrets.APICertsSpec': apiCertificates,
  'talos.resource.definitions.block.MountStatusSpec': mountStatus,
  'talos.resource.definitions.block.SwapStatusSpec': swapStatus,
};
