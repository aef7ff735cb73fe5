// The warnings Talos's Validate returns for multi-document kinds (the config is accepted, the user
// is told): kube-proxy modes and flags, an authorizer webhook on a non-Webhook authorizer, a BGP
// instance without neighbors, containers not pinned by digest, an unattended install without an
// installer image, resolvers that are all encrypted, image verification patterns that will not
// match what they seem to. Texts from siderolabs/talos pkg/machinery/config/types at v1.14.0-rc.1
// (v1.13.9 for image verification). Talos lists them without the document's id.
import type { OtherDocument } from './machine-config-types.ts';
import { list, obj, str, type DocumentChecker } from './document-values.ts';

const ENCRYPTED_DNS_ONLY = 'all configured nameservers use encrypted DNS (DoT or DoH): validating certificates requires a correct system clock, ' +
  'so boot may stall when NTP servers are configured by hostname; consider keeping at least one plain-DNS fallback or configuring NTP servers by IP address';

const WARNING_CHECKERS: Record<string, DocumentChecker> = {
  KubeProxyConfig: (body) => {
    if (body.enabled === false) return [];
    const mode = str(body.mode);
    const warnings = mode === 'iptables' || mode === 'ipvs' ? [`proxy mode ${JSON.stringify(mode)} is not recommended, please switch to nftables if possible`] : [];
    if (Object.keys(obj(body.extraArgs)).length > 0) warnings.push('extra arguments for kube-proxy may not work as expected, please use configuration instead');
    return warnings;
  },
  KubeAuthorizerConfig: (body) =>
    str(body.type) !== 'Webhook' && Object.keys(obj(body.webhook)).length > 0 ? ['authorizer webhook configuration is not allowed non-Webhook authorizer types'] : [],
  BGPInstanceConfig: (body) => (list(body.neighbors).length === 0 ? ['BGPInstanceConfig has no neighbors configured'] : []),
  ContainerConfig: (body) => {
    const image = str(body.image);
    return image !== '' && !image.includes('@') ? [`container ${JSON.stringify(str(body.name))}: image ${JSON.stringify(image)} is not digest-pinned, the running image may change on restart`] : [];
  },
  UnattendedInstallConfig: (body) =>
    str(obj(body.installer).image) === '' ? ['installer.image is not set, if Talos is not booted from asset built by Image Factory, installation will fail'] : [],
  ResolverConfig: (body) => {
    const protocols = list(body.nameservers).map((nameserver) => str(obj(nameserver).protocol) || 'Do53');
    return protocols.length > 0 && protocols.every((protocol) => protocol === 'DoT' || protocol === 'DoH') ? [ENCRYPTED_DNS_ONLY] : [];
  },
  ImageVerificationConfig: (body) => list(body.rules).flatMap((rule, index) => {
    const pattern = str(obj(rule).image);
    const warnings: string[] = [];
    if (pattern.includes('@')) warnings.push(`rule ${index}: imagePattern contains '@' but matching only applies to the image registry and repository, not the tag or digest`);
    const slash = pattern.indexOf('/');
    if (slash >= 0 && pattern.slice(slash + 1).includes(':')) warnings.push(`rule ${index}: imagePattern contains ':' but matching only applies to the image registry and repository, not the tag or digest`);
    if (!pattern.includes('/') && pattern !== '*' && pattern !== '') warnings.push(`rule ${index}: imagePattern does not contain a '/', image references like 'nginx' are matched as 'docker.io/nginx' (normalized)`);
    return warnings;
  }),
};

/** Every document's warnings, in document order, with the id of the document each comes from (for pointing at it). */
export function documentWarnings(documents: readonly OtherDocument[], idOf: (document: OtherDocument) => string): Array<{ path: string; message: string }> {
  return documents.flatMap((document) => (WARNING_CHECKERS[document.kind]?.(document.body) ?? []).map((message) => ({ path: idOf(document), message })));
}
