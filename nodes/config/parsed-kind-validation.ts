// Talos v1.13's Validate for the multi-document kinds talsim keeps but does not act on
// (Wireguard, bridges, VRFs, Hetzner VIPs, blackhole routes, routing rules, Ethernet, KubeSpan,
// firewall rules, TCP probes, external volumes, zswap, registries, image verification,
// SideroLink, event sinks, kmsg logs, watchdog, environment, extension services), and
// KubeSpanConfig's conflict with `.machine.network.kubespan`. Texts and order from
// siderolabs/talos pkg/machinery/config/types at v1.13.9.
// Warnings are in document-warnings.ts. Leaves out: v1.14's RegistryTLSConfig wording of
// client identity errors (the v1.13 texts are used for every release).
import type { ConfigObject, MachineConfig } from './machine-config-types.ts';
import { at, has, list, num, obj, str, type DocumentChecker } from './document-values.ts';
import { isSubnetOrAddress, parseIP, parsePrefix, parseURL } from './net-parse.ts';
import { parseGoDuration } from '../go-format/duration.ts';
import { base64Error } from './leaf-decoders.ts';
import { textUnmarshalError } from './text-unmarshalers.ts';
import { certificateParseError, holdsCertificate, pkcs8KeyParseError } from './pem-checks.ts';

const durationNs = (value: unknown): bigint => parseGoDuration(str(value)) ?? 0n;
const nameRequired = (body: ConfigObject, text = 'name must be specified'): string[] => (str(body.name) === '' ? [text] : []);

/** Talos's hand-rolled wireguard key check: std base64 of 32 bytes. */
function wireguardKeyError(key: string): string {
  const problem = base64Error(key);
  if (problem !== '') return problem;
  return Buffer.from(key, 'base64').length === 32 ? '' : 'invalid wireguard key length';
}

function wireguardErrors(body: ConfigObject, commonLink: DocumentChecker): string[] {
  const errors = nameRequired(body);
  const privateKey = str(body.privateKey);
  if (privateKey === '') errors.push('wireguard private key must be specified');
  else if (wireguardKeyError(privateKey) !== '') errors.push(`wireguard private key is invalid: ${wireguardKeyError(privateKey)}`);
  const port = num(body.listenPort);
  if (port < 0 || port > 65535) errors.push('wireguard listen port must be between 0 and 65535');
  list(body.peers).forEach((item, index) => {
    const peer = obj(item);
    const publicKey = str(peer.publicKey);
    if (publicKey === '') errors.push(`wireguard peer public key must be specified (peer index ${index})`);
    else if (wireguardKeyError(publicKey) !== '') errors.push(`wireguard peer public key is invalid (peer index ${index}): ${wireguardKeyError(publicKey)}`);
    const presharedKey = str(peer.presharedKey);
    if (presharedKey !== '' && wireguardKeyError(presharedKey) !== '') {
      errors.push(`wireguard peer preshared key is invalid (peer index ${index}): ${wireguardKeyError(presharedKey)}`);
    }
    if (durationNs(peer.persistentKeepaliveInterval) < 0n) errors.push(`wireguard peer persistent keepalive interval cannot be negative (peer index ${index})`);
  });
  return [...errors, ...commonLink(body)];
}

const RESERVED_TABLES = ['unspec', 'local', 'main', 'default'];
const RESERVED_PRIORITIES = [0, 32500, 32766, 32767];

function routingRuleErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  const name = str(body.name);
  if (name === '') errors.push('name must be specified');
  let priority = 0;
  if (!/^\d+$/.test(name)) errors.push(`invalid name: must be priority parsable unsigned integer: strconv.ParseUint: parsing ${JSON.stringify(name)}: invalid syntax`);
  else if (BigInt(name) > 0xffffffffn) errors.push(`invalid name: must be priority parsable unsigned integer: strconv.ParseUint: parsing ${JSON.stringify(name)}: value out of range`);
  else priority = Number(name);
  if (RESERVED_PRIORITIES.includes(priority)) errors.push(`priority must be between 1 and 32765 (excluding reserved priorities [${RESERVED_PRIORITIES.join(' ')}])`);
  const table = str(body.table) || 'unspec';
  const action = str(body.action) || 'unspec';
  if (table === 'unspec' && (action === 'unspec' || action === 'unicast')) errors.push('either table or a non-unicast action must be specified');
  if (num(body.fwMask) !== 0 && num(body.fwMark) === 0) errors.push('fwMask requires fwMark to be set');
  return errors;
}

function networkRuleErrors(body: ConfigObject): string[] {
  if (str(body.name) === '') return ['name is required'];
  if (list(obj(body.portSelector).ports).length === 0) return ['portSelector.ports is required'];
  for (const item of list(body.ingress)) {
    const rule = obj(item);
    if (parsePrefix(str(rule.subnet)) === null) return [`invalid subnet: ${str(rule.subnet) === '' ? 'invalid Prefix' : str(rule.subnet)}`];
  }
  return [];
}

function tcpProbeErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body, 'probe name is required');
  if (str(body.endpoint) === '') errors.push('TCP probe endpoint is required');
  if (durationNs(body.timeout) < 0n) errors.push(`TCP probe timeout cannot be negative: ${str(body.timeout)}`);
  if (durationNs(body.interval) < 0n) errors.push(`probe interval cannot be negative: ${str(body.interval)}`);
  if (num(body.failureThreshold) < 0) errors.push(`probe failure threshold cannot be negative: ${num(body.failureThreshold)}`);
  return errors;
}

const MAX_EXTERNAL_VOLUME_NAME_LENGTH = 36 - 'x-'.length;

function externalVolumeErrors(body: ConfigObject): string[] {
  const name = str(body.name);
  const errors = name === '' ? ['name is required'] : [];
  if (name.length < 1 || name.length > MAX_EXTERNAL_VOLUME_NAME_LENGTH) errors.push(`name must be between 1 and ${MAX_EXTERNAL_VOLUME_NAME_LENGTH} characters long`);
  if (/[^A-Za-z0-9-]/.test(name)) errors.push('name can only contain lowercase and uppercase ASCII letters, digits, and hyphens');
  const type = str(body.filesystemType) || 'none';
  if (type !== 'virtiofs') errors.push(`invalid filesystem type: ${type}`);
  else if (!has(obj(body.mount), 'virtiofs')) errors.push('virtiofs mount spec is required');
  else if (str(obj(obj(body.mount).virtiofs).tag) === '') errors.push('virtiofs tag is required');
  return errors;
}

function registryMirrorErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body);
  list(body.endpoints).forEach((item, index) => {
    const url = str(obj(item).url);
    const parsed = url === '' ? null : parseURL(url);
    if (parsed === null || typeof parsed === 'string') errors.push(`endpoints[${index}].url must be specified`);
    else if (parsed.scheme !== 'http' && parsed.scheme !== 'https') errors.push(`endpoints[${index}].url has unsupported scheme: ${JSON.stringify(parsed.scheme)}`);
  });
  return errors;
}

function registryAuthErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body);
  const [username, token, auth] = [str(body.username) !== '', str(body.identityToken) !== '', str(body.auth) !== ''];
  if (username && token) errors.push('only one of username/password or identityToken authentication can be specified');
  if (auth && (username || token)) errors.push('only one of auth, username/password or identityToken authentication can be specified');
  return errors;
}

function registryTLSErrors(body: ConfigObject): string[] {
  const errors = nameRequired(body);
  if (str(body.ca) !== '' && !holdsCertificate(str(body.ca))) errors.push('ca must be a valid PEM-encoded certificate');
  if (has(body, 'clientIdentity')) {
    const identity = obj(body.clientIdentity);
    const certificateProblem = certificateParseError(str(identity.cert));
    if (certificateProblem !== '') errors.push(`client identity certificate is invalid: ${certificateProblem}`);
    const keyProblem = pkcs8KeyParseError(str(identity.key));
    if (keyProblem !== '') errors.push(`client identity key is invalid: ${keyProblem}`);
  }
  return errors;
}

function imageVerificationErrors(body: ConfigObject): string[] {
  const errors: string[] = [];
  list(body.rules).forEach((item, index) => {
    const rule = obj(item);
    const [skip, deny] = [rule.skip === true, rule.deny === true];
    const [keyless, publicKey] = [has(rule, 'keyless'), has(rule, 'publicKey')];
    if (str(rule.image) === '') errors.push(`rule ${index}: imagePattern must be specified`);
    if (skip && deny) errors.push(`rule ${index}: skip and deny cannot both be true`);
    if ((skip || deny) && (keyless || publicKey)) errors.push(`rule ${index}: verifiers cannot be configured if skip or deny is true`);
    if (!skip && !deny && !keyless && !publicKey) errors.push(`rule ${index}: at least one verifier must be configured`);
    if (keyless && publicKey) errors.push(`rule ${index}: only one of keyless or publicKey verifier can be configured`);
    if (keyless) {
      const verifier = obj(rule.keyless);
      if (str(verifier.issuer) === '') errors.push(`rule ${index}: verifier OIDC issuer must be specified`);
      if (str(verifier.subject) === '' && str(verifier.subjectRegex) === '') errors.push(`rule ${index}: verifier subject or subjectRegex must be specified`);
    }
    if (publicKey && str(obj(rule.publicKey).certificate) === '') errors.push(`rule ${index}: verifier certificates must be specified`);
  });
  return errors;
}

/** A URL-valued field checked for scheme, empty path and (kmsg) port, first failure only. */
function urlErrors(url: string, field: string, schemes: string[], schemeText: string, portRequired: boolean): string[] {
  const parsed = url === '' ? null : parseURL(url);
  if (parsed === null || typeof parsed === 'string') return [`${field} is required`];
  if (!schemes.includes(parsed.scheme)) return [`${field} scheme must be ${schemeText}`];
  if (parsed.path !== '' && parsed.path !== '/') return [`${field} path must be empty`];
  return portRequired && parsed.port === '' ? [`${field} port is required`] : [];
}

/** net.SplitHostPort's error ('' when the endpoint splits). */
function splitHostPortError(hostport: string): string {
  const fail = (why: string) => (hostport === '' ? why : `address ${hostport}: ${why}`);
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) return fail('missing port in address');
  let [start, end] = [0, 0];
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return fail("missing ']' in address");
    if (close + 1 === hostport.length) return fail('missing port in address');
    if (close + 1 !== colon) return fail(hostport[close + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    [start, end] = [1, close + 1];
  } else if (hostport.slice(0, colon).includes(':')) {
    return fail('too many colons in address');
  }
  if (hostport.slice(start).includes('[')) return fail("unexpected '[' in address");
  if (hostport.slice(end).includes(']')) return fail("unexpected ']' in address");
  return '';
}

function extensionServiceErrors(body: ConfigObject): string[] {
  const name = str(body.name);
  if (name === '') return ['name is required'];
  const files = list(body.configFiles).map(obj);
  if (files.length === 0 && list(body.environment).length === 0) return [`no config files found for extension ${JSON.stringify(name)}`];
  for (const file of files) {
    if (str(file.content) === '') return [`extension content is required for extension ${JSON.stringify(name)}`];
    if (str(file.mountPath) === '') return [`extension mount path is required for extension ${JSON.stringify(name)}`];
  }
  return [];
}

const MIN_WATCHDOG_TIMEOUT_NS = 10_000_000_000n;

/** The checks of the v1.13 kinds talsim only parses; `commonLink` is CommonLinkConfig.Validate. */
export function parsedKindCheckers(commonLink: DocumentChecker): Record<string, DocumentChecker> {
  return {
    WireguardConfig: (body) => wireguardErrors(body, commonLink),
    BridgeConfig: (body) => [...nameRequired(body), ...commonLink(body)],
    VRFConfig: (body) => {
      const table = str(body.table) || 'unspec';
      return [...nameRequired(body), ...(RESERVED_TABLES.includes(table) ? [`cannot create vrf with reserved table ${table}`] : []), ...commonLink(body)];
    },
    HCloudVIPConfig: (body) => {
      const name = str(body.name);
      const errors = name === '' ? ['name must be specified'] : parseIP(name) === null ? [`name must be a valid IP address: ParseAddr(${JSON.stringify(name)}): unable to parse IP`] : [];
      if (str(body.link) === '') errors.push('link must be specified');
      if (str(body.apiToken) === '') errors.push('apiToken must be specified');
      return errors;
    },
    BlackholeRouteConfig: (body) => {
      const name = str(body.name);
      const errors = nameRequired(body);
      const problem = name === '' ? `netip.ParsePrefix(""): no '/'` : textUnmarshalError('netip.Prefix', name);
      if (problem !== '') errors.push(`name must be a valid address prefix: ${problem}`);
      return errors;
    },
    RoutingRuleConfig: routingRuleErrors,
    EthernetConfig: (body) => nameRequired(body, 'name is required'),
    KubeSpanConfig: (body) => {
      const errors = has(body, 'mtu') && num(body.mtu) < 1280 ? ['kubespan link MTU must be at least 1280'] : [];
      for (const endpoint of list(obj(body.filters).endpoints).map(str)) {
        const cidr = endpoint.replace(/^!/, '');
        if (!isSubnetOrAddress(cidr)) errors.push(`KubeSpan endpoint filter is not valid: ${JSON.stringify(cidr)}`);
      }
      return errors;
    },
    NetworkRuleConfig: networkRuleErrors,
    TCPProbeConfig: tcpProbeErrors,
    ExternalVolumeConfig: externalVolumeErrors,
    ZswapConfig: (body) => (has(body, 'maxPoolPercent') && (num(body.maxPoolPercent) < 0 || num(body.maxPoolPercent) > 100) ? ['maxPoolPercent must be between 0 and 100'] : []),
    RegistryMirrorConfig: registryMirrorErrors,
    RegistryAuthConfig: registryAuthErrors,
    RegistryTLSConfig: registryTLSErrors,
    ImageVerificationConfig: imageVerificationErrors,
    SideroLinkConfig: (body) => urlErrors(str(body.apiUrl), 'apiUrl', ['https', 'grpc'], 'https:// or grpc://', false),
    EventSinkConfig: (body) => (splitHostPortError(str(body.endpoint)) === '' ? [] : [`event sink endpoint: ${splitHostPortError(str(body.endpoint))}`]),
    KmsgLogConfig: (body) => (str(body.name) === '' ? ['name is required'] : urlErrors(str(body.url), 'url', ['tcp', 'udp'], 'tcp:// or udp://', true)),
    WatchdogTimerConfig: (body) => {
      if (str(body.device) === '') return ['watchdog device: empty value'];
      const timeout = durationNs(body.timeout);
      return timeout !== 0n && timeout < MIN_WATCHDOG_TIMEOUT_NS ? ['watchdog timeout: minimum value is 10s'] : [];
    },
    EnvironmentConfig: (body) => Object.keys(obj(body.variables)).filter((key) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)).map((key) => `invalid environment variable name: ${JSON.stringify(key)}`),
    ExtensionServiceConfig: extensionServiceErrors,
  };
}

/** KubeSpanConfig's V1Alpha1ConflictValidate ('' when none). */
export function kubeSpanConflict(config: MachineConfig): string {
  return at(config, 'machine.network.kubespan') === undefined ? '' : 'kubespan is already configured in v1alpha1 machine.network.kubespan';
}
