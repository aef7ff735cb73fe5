// talosconfig, the client configuration talosctl reads: `context`, and `contexts.<name>` with
// endpoints, nodes (omitted when empty), ca/crt/key as base64 of PEM. Also what
// GenerateClientConfiguration answers: a fresh client certificate for the asked roles and a
// talosconfig whose context is `<role without "os:">@<cluster>` for a single role, no endpoints.
// Leaves out the auth (basic, siderov1), cluster and proxy-url fields and merging configs.
import { parse } from 'yaml';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import type { CertificateAuthority } from './certificate-authority.ts';
import { issueClientCertificate } from './client-certificate.ts';
import { emitGoYaml, type GoYamlValue } from '../go-format/yaml.ts';
import { base64Pem, pemFromBase64 } from './pem.ts';
import { PkiError } from './pki-error.ts';
import { parseRoleSet, talosRolePrefix } from './talos-roles.ts';

export interface TalosconfigContext {
  context: string;
  endpoints: string[];
  nodes: string[];
  caPem: string;
  crtPem: string;
  keyPem: string;
}

export function writeTalosconfig(talosconfig: TalosconfigContext): string {
  const context: { [key: string]: GoYamlValue } = { endpoints: talosconfig.endpoints };
  if (talosconfig.nodes.length > 0) context.nodes = talosconfig.nodes;
  context.ca = base64Pem(talosconfig.caPem);
  context.crt = base64Pem(talosconfig.crtPem);
  context.key = base64Pem(talosconfig.keyPem);
  return emitGoYaml({ context: talosconfig.context, contexts: { [talosconfig.context]: context } });
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);

/** Reads one context (default: the current one); the legacy `target` joins the endpoints, as talosctl upgrades it. */
export function readTalosconfig(text: string, contextName?: string): TalosconfigContext {
  let root: { context?: unknown; contexts?: Record<string, Record<string, unknown> | null> } | null;
  try {
    root = parse(text);
  } catch (error) {
    throw new PkiError('read talosconfig', (error as Error).message);
  }
  const name = contextName ?? (typeof root?.context === 'string' ? root.context : '');
  const context = root?.contexts?.[name];
  if (!name || !context) throw new PkiError('read talosconfig', `context "${name}" is not defined`);
  const endpoints = stringList(context.endpoints);
  if (typeof context.target === 'string' && context.target !== '') endpoints.push(context.target);
  const pem = (key: string) => (typeof context[key] === 'string' ? pemFromBase64(context[key] as string) : '');
  return { context: name, endpoints, nodes: stringList(context.nodes), caPem: pem('ca'), crtPem: pem('crt'), keyPem: pem('key') };
}

export interface ClientConfigurationRequest {
  ca: CertificateAuthority;
  roles: readonly string[];
  ttlMs: number;
  clusterName: string;
  /** The node's virtual clock. */
  now: Date;
  stream: RandomStream;
}

/** The fields of one machine.GenerateClientConfiguration message. */
export interface ClientConfiguration {
  ca: Buffer;
  crt: Buffer;
  key: Buffer;
  talosconfig: Buffer;
}

export function clientConfigurationContextName(roles: readonly string[], clusterName: string): string {
  const roleSet = parseRoleSet(roles);
  if (roleSet.length !== 1) return clusterName;
  const role = roleSet[0]!;
  return `${role.startsWith(talosRolePrefix) ? role.slice(talosRolePrefix.length) : role}@${clusterName}`;
}

export function issueClientConfiguration(request: ClientConfigurationRequest): ClientConfiguration {
  if (request.ttlMs <= 0) throw new PkiError('generate client configuration', 'crt_ttl should be positive');
  const certificate = issueClientCertificate({
    ca: request.ca,
    stream: request.stream,
    notBefore: request.now,
    roles: request.roles,
    validityMs: request.ttlMs,
  });
  const talosconfig = writeTalosconfig({
    context: clientConfigurationContextName(request.roles, request.clusterName),
    endpoints: [],
    nodes: [],
    caPem: request.ca.crt,
    crtPem: certificate.crt,
    keyPem: certificate.key,
  });
  return {
    ca: Buffer.from(request.ca.crt),
    crt: Buffer.from(certificate.crt),
    key: Buffer.from(certificate.key),
    talosconfig: Buffer.from(talosconfig),
  };
}
