// The cluster secrets bundle (`talosctl gen secrets` -> secrets.yaml): cluster id/secret (32 random
// bytes, std base64), bootstrap and trustd tokens (`[0-9a-z]{6}.[0-9a-z]{16}`), the secretbox
// encryption secret, the etcd/k8s/aggregator/os CAs and the service-account key, PEMs stored as
// base64 under Talos's lower-cased keys. Everything is drawn from named child streams, so a seed
// gives the same bundle and one secret does not shift another. Leaves out bundles from an existing
// Kubernetes PKI directory and the aescbc secret of Talos <= 1.2 (read back, never generated).
import { parse } from 'yaml';
import type { RandomStream } from '../../sim/kernel/random-tree.ts';
import { loadCertificateAuthority, type CertificateAuthority, type PemCertificateAndKey } from './certificate-authority.ts';
import {
  deriveServiceAccountKeyPem,
  issueAggregatorCa,
  issueEtcdCa,
  issueKubernetesCa,
  issueMachineCa,
} from './cluster-certificate-authorities.ts';
import { readCertificateFacts } from './certificate-reader.ts';
import { emitGoYaml, type GoYamlValue } from '../go-format/yaml.ts';
import { base64Pem, pemFromBase64, privateKeyFromPem } from './pem.ts';
import { PkiError } from './pki-error.ts';

export interface SecretsBundle {
  cluster: { id: string; secret: string };
  secrets: { bootstrapToken: string; secretboxEncryptionSecret?: string; aescbcEncryptionSecret?: string };
  trustdInfo: { token: string };
  certs: {
    etcd: PemCertificateAndKey;
    k8s: PemCertificateAndKey;
    k8sAggregator: PemCertificateAndKey;
    k8sServiceAccount: { key: string };
    /** The machine (Talos API) CA. */
    os: PemCertificateAndKey;
  };
}

const tokenCharacters = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A kubeadm-style token `<6>.<16>` of [0-9a-z], as Talos's genToken makes them. */
export function drawToken(stream: RandomStream): string {
  const part = (length: number) => Array.from({ length }, () => tokenCharacters[stream.integer(0, 35)]!).join('');
  return `${part(6)}.${part(16)}`;
}

/** 32 random bytes in std base64 (cluster id/secret, secretbox secret). */
export function drawBase64Secret(stream: RandomStream): string {
  return Buffer.from(stream.hex(64), 'hex').toString('base64');
}

export function generateSecretsBundle(stream: RandomStream, notBefore: Date): SecretsBundle {
  const certificateAndKey = ({ crt, key }: PemCertificateAndKey) => ({ crt, key });
  return {
    cluster: { id: drawBase64Secret(stream.child('cluster/id')), secret: drawBase64Secret(stream.child('cluster/secret')) },
    secrets: {
      bootstrapToken: drawToken(stream.child('secrets/bootstraptoken')),
      secretboxEncryptionSecret: drawBase64Secret(stream.child('secrets/secretboxencryptionsecret')),
    },
    trustdInfo: { token: drawToken(stream.child('trustdinfo/token')) },
    certs: {
      etcd: certificateAndKey(issueEtcdCa(stream.child('certs/etcd'), notBefore)),
      k8s: certificateAndKey(issueKubernetesCa(stream.child('certs/k8s'), notBefore)),
      k8sAggregator: certificateAndKey(issueAggregatorCa(stream.child('certs/k8saggregator'), notBefore)),
      k8sServiceAccount: { key: deriveServiceAccountKeyPem(stream.child('certs/k8sserviceaccount')) },
      os: certificateAndKey(issueMachineCa(stream.child('certs/os'), notBefore)),
    },
  };
}

const encodedPair = (pair: PemCertificateAndKey) => ({ crt: base64Pem(pair.crt), key: base64Pem(pair.key) });

/** secrets.yaml text, key for key as talosctl writes it. */
export function secretsBundleToYaml(bundle: SecretsBundle): string {
  const secrets: { [key: string]: GoYamlValue } = { bootstraptoken: bundle.secrets.bootstrapToken };
  if (bundle.secrets.aescbcEncryptionSecret) secrets.aescbcencryptionsecret = bundle.secrets.aescbcEncryptionSecret;
  if (bundle.secrets.secretboxEncryptionSecret) secrets.secretboxencryptionsecret = bundle.secrets.secretboxEncryptionSecret;
  return emitGoYaml({
    cluster: { id: bundle.cluster.id, secret: bundle.cluster.secret },
    secrets,
    trustdinfo: { token: bundle.trustdInfo.token },
    certs: {
      etcd: encodedPair(bundle.certs.etcd),
      k8s: encodedPair(bundle.certs.k8s),
      k8saggregator: encodedPair(bundle.certs.k8sAggregator),
      k8sserviceaccount: { key: base64Pem(bundle.certs.k8sServiceAccount.key) },
      os: encodedPair(bundle.certs.os),
    },
  });
}

/** go-multierror's text, which talosctl prints after `failed to validate secrets bundle: `. */
export function multiErrorText(errors: string[]): string {
  const count = errors.length === 1 ? '1 error occurred' : `${errors.length} errors occurred`;
  return `${count}:\n${errors.map((error) => `\t* ${error}`).join('\n')}\n\n`;
}

type Untyped = { [key: string]: unknown } | undefined;

const field = (parent: Untyped, key: string): Untyped => (parent?.[key] as Untyped) ?? undefined;
const text = (parent: Untyped, key: string): string => (typeof parent?.[key] === 'string' ? (parent[key] as string) : '');

function decodedPair(certs: Untyped, key: string): PemCertificateAndKey | undefined {
  const pair = field(certs, key);
  return pair ? { crt: pemFromBase64(text(pair, 'crt')), key: pemFromBase64(text(pair, 'key')) } : undefined;
}

function pairProblem(pair: PemCertificateAndKey): string | undefined {
  try {
    privateKeyFromPem(pair.key);
    readCertificateFacts(pair.crt);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function certificateProblems(certs: Untyped, bundle: SecretsBundle): string[] {
  if (!certs) return ['certs is required'];
  const problems: string[] = [];
  const pairs = [
    ['etcd', 'etcd'],
    ['k8s', 'k8s'],
    ['k8saggregator', 'k8sAggregator'],
    ['os', 'os'],
  ] as const;
  for (const [yamlKey, bundleKey] of pairs) {
    const pair = decodedPair(certs, yamlKey);
    const problem = pair ? pairProblem(pair) : undefined;
    if (!pair) problems.push(`certs.${yamlKey} is required`);
    else if (problem) problems.push(`certs.${yamlKey} is invalid: ${problem}`);
    else bundle.certs[bundleKey] = pair;
  }
  const serviceAccount = field(certs, 'k8sserviceaccount');
  if (!serviceAccount) return [...problems, 'certs.k8sserviceaccount is required'];
  const serviceAccountKey = pemFromBase64(text(serviceAccount, 'key'));
  try {
    privateKeyFromPem(serviceAccountKey);
    bundle.certs.k8sServiceAccount = { key: serviceAccountKey };
  } catch (error) {
    problems.push(`certs.k8sserviceaccount.key is invalid: ${(error as Error).message}`);
  }
  return problems;
}

function secretProblems(root: Untyped): string[] {
  const problems: string[] = [];
  const cluster = field(root, 'cluster');
  if (!cluster) problems.push('cluster is required');
  else {
    if (!text(cluster, 'id')) problems.push('cluster.id is required');
    if (!text(cluster, 'secret')) problems.push('cluster.secret is required');
  }
  const secrets = field(root, 'secrets');
  const encryption = ['secretboxencryptionsecret', 'aescbcencryptionsecret'].filter((key) => text(secrets, key));
  if (!secrets) problems.push('secrets is required');
  else {
    if (!text(secrets, 'bootstraptoken')) problems.push('secrets.bootstraptoken is required');
    if (encryption.length === 0) problems.push('one of [secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret] is required');
    if (encryption.length === 2) problems.push('only one of [secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret] is allowed');
  }
  const trustdInfo = field(root, 'trustdinfo');
  if (!trustdInfo) problems.push('trustdinfo is required');
  else if (!text(trustdInfo, 'token')) problems.push('trustdinfo.token is required');
  return problems;
}

/** Reads and validates secrets.yaml; problems are reported with Talos's texts, all at once. */
export function secretsBundleFromYaml(yamlText: string): SecretsBundle {
  let root: Untyped;
  try {
    root = parse(yamlText) as Untyped;
  } catch (error) {
    throw new PkiError('load secrets bundle', (error as Error).message);
  }
  const secrets = field(root, 'secrets');
  const bundle: SecretsBundle = {
    cluster: { id: text(field(root, 'cluster'), 'id'), secret: text(field(root, 'cluster'), 'secret') },
    secrets: { bootstrapToken: text(secrets, 'bootstraptoken') },
    trustdInfo: { token: text(field(root, 'trustdinfo'), 'token') },
    certs: {} as SecretsBundle['certs'],
  };
  if (text(secrets, 'secretboxencryptionsecret')) bundle.secrets.secretboxEncryptionSecret = text(secrets, 'secretboxencryptionsecret');
  if (text(secrets, 'aescbcencryptionsecret')) bundle.secrets.aescbcEncryptionSecret = text(secrets, 'aescbcencryptionsecret');
  const problems = [...secretProblems(root), ...certificateProblems(field(root, 'certs'), bundle)];
  if (problems.length > 0) throw new PkiError('failed to validate secrets bundle', multiErrorText(problems));
  return bundle;
}

/** The machine CA of a bundle, ready to sign apid and client certificates. */
export function machineCaOf(bundle: SecretsBundle): CertificateAuthority {
  return loadCertificateAuthority(bundle.certs.os);
}
