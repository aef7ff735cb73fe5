// The Talos PKI of a simulated cluster: deterministic keys and certificates (machine, etcd,
// Kubernetes and aggregator CAs; apid server, client and maintenance certificates), the checks apid
// makes of client certificates, secrets.yaml, talosconfig and `gen config` output.

export { PkiError } from './pki-error.ts';
export {
  PemLabel,
  base64Pem,
  decodePem,
  decodePemBlocks,
  encodePem,
  pemFromBase64,
  privateKeyFromPem,
  privateKeyToTalosPem,
  toOpenSslPrivateKeyPem,
  type PemBlock,
} from './pem.ts';
export {
  deriveEcdsaP256KeyPair,
  deriveEd25519KeyPair,
  deriveKeyPair,
  ed25519KeyPairFromSeed,
  keyAlgorithmOf,
  p256KeyPairFromScalar,
  type KeyAlgorithm,
  type KeyPair,
} from './keys.ts';
export { signBytes, signEcdsaP256Deterministic } from './signature.ts';
export {
  ExtendedKeyUsageOid,
  buildCertificateDer,
  encodeDistinguishedName,
  type CertificateSigner,
  type CertificateTemplate,
  type DistinguishedName,
  type ExtendedKeyUsage,
  type KeyUsage,
} from './certificate-builder.ts';
export { certificateDer, goSubjectString, readCertificateFacts, type CertificateFacts } from './certificate-reader.ts';
export {
  caValidityMs,
  issueLeafCertificate,
  issueSelfSignedCertificateAuthority,
  loadCertificateAuthority,
  type CertificateAuthority,
  type IssuedCertificate,
  type LeafCertificateRequest,
  type PemCertificateAndKey,
  type SelfSignedCaRequest,
} from './certificate-authority.ts';
export {
  defaultCertificateValidityMs,
  deriveServiceAccountKeyPem,
  issueAggregatorCa,
  issueEtcdCa,
  issueKubernetesCa,
  issueMachineCa,
  issueMaintenanceCa,
} from './cluster-certificate-authorities.ts';
export {
  apidSubjectAltNames,
  issueApidServerCertificate,
  type ApidCertificateRequest,
  type CertificateSubjectAltNames,
} from './apid-certificate.ts';
export {
  clientCertificateValidityMs,
  issueApidImpersonatorCertificate,
  issueClientCertificate,
  type ClientCertificateRequest,
} from './client-certificate.ts';
export { checkClientAuthEku, goQuote } from './client-certificate-checker.ts';
export {
  TalosRole,
  knownTalosRoles,
  parseRoleSet,
  rolesFromCertificate,
  talosRolePrefix,
  type KnownTalosRole,
} from './talos-roles.ts';
export {
  issueMaintenanceCertificate,
  maintenanceServiceCommonName,
  spkiFingerprint,
  type MaintenanceCertificate,
  type MaintenanceCertificateRequest,
} from './maintenance-certificate.ts';
export {
  drawBase64Secret,
  drawToken,
  generateSecretsBundle,
  machineCaOf,
  secretsBundleFromYaml,
  secretsBundleToYaml,
  type SecretsBundle,
} from './secrets-bundle.ts';
export {
  clientConfigurationContextName,
  issueClientConfiguration,
  readTalosconfig,
  writeTalosconfig,
  type ClientConfiguration,
  type ClientConfigurationRequest,
  type TalosconfigContext,
} from './talosconfig.ts';
export {
  generateConfig,
  generateMachineConfig,
  type GenerateConfigRequest,
  type GeneratedConfig,
  type GeneratedMachineType,
  type MachineConfigRequest,
} from './machine-config-generator.ts';
export { defaultKubernetesVersion, parseTalosVersion, type TalosVersionContract } from './version-contract.ts';
export { emitGoYaml, emitGoYamlDocuments, formatGoYamlScalar, type GoYamlValue } from '../go-format/yaml.ts';
export { compareIpAddresses, isIpAddress, parseIpAddress, splitSubjectAltNames } from './ip-address.ts';
export { mergeTalosconfig, type TalosconfigMerge } from './talosconfig-merge.ts';
