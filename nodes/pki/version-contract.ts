// Which config-generation defaults apply to a Talos version (Talos's config.VersionContract,
// v1.8 to v1.13 here), and the Kubernetes version each Talos release defaults to
// (constants.DefaultKubernetesVersion at each release tag). Leaves out v1.14+, whose `gen config`
// writes Kubernetes, install, discovery and resolver settings as separate documents.
import { PkiError } from './pki-error.ts';

export const oldestModelledTalosMinor = 8;
export const newestModelledTalosMinor = 13;

/**
 * DefaultKubernetesVersion by Talos release: each row holds from its patch release until the next
 * row of the same minor (read from siderolabs/talos tags v1.8.0 .. v1.13.9).
 */
const defaultKubernetesVersions: ReadonlyArray<[talos: string, kubernetes: string]> = [
  ['1.8.0', '1.31.1'], ['1.8.2', '1.31.2'], ['1.8.4', '1.31.4'],
  ['1.9.0', '1.32.0'], ['1.9.3', '1.32.1'], ['1.9.4', '1.32.2'], ['1.9.5', '1.32.3'], ['1.9.6', '1.32.4'],
  ['1.10.0', '1.33.0'], ['1.10.3', '1.33.1'], ['1.10.5', '1.33.2'], ['1.10.6', '1.33.3'], ['1.10.7', '1.33.4'], ['1.10.8', '1.33.6'],
  ['1.11.0', '1.34.0'], ['1.11.2', '1.34.1'],
  ['1.12.0', '1.35.0'], ['1.12.5', '1.35.2'], ['1.12.7', '1.35.4'],
  ['1.13.0', '1.36.0'], ['1.13.3', '1.36.1'], ['1.13.5', '1.36.2'], ['1.13.9', '1.36.3'],
];

export interface TalosVersionContract {
  major: number;
  minor: number;
  patch: number;
}

export function parseTalosVersion(version: string): TalosVersionContract {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) throw new PkiError('parse Talos version', `error parsing version "${version}"`);
  const contract = { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
  if (contract.major !== 1 || contract.minor < oldestModelledTalosMinor || contract.minor > newestModelledTalosMinor) {
    throw new PkiError(
      'generate config',
      `Talos ${version} is not modelled (config generation covers v1.${oldestModelledTalosMinor} to v1.${newestModelledTalosMinor})`,
    );
  }
  return contract;
}

/** Without its `v`, e.g. `1.36.0` for Talos v1.13.0. */
export function defaultKubernetesVersion(contract: TalosVersionContract): string {
  let chosen: string | undefined;
  for (const [talos, kubernetes] of defaultKubernetesVersions) {
    const [major, minor, patch] = talos.split('.').map(Number) as [number, number, number];
    if (major === contract.major && minor === contract.minor && patch <= contract.patch) chosen = kubernetes;
  }
  return chosen!;
}

/** contract.Greater(TalosVersion1_<minor>). */
const newerThan = (contract: TalosVersionContract, minor: number) => contract.minor > minor;

/** The VersionContract switches `gen config` consults, for the modelled range. */
export function configDefaultsFor(contract: TalosVersionContract) {
  return {
    /** rbac, apidCheckExtKeyUsage (and stableHostname) written into machine.features. */
    writesRbacAndKeyUsageFeatures: !newerThan(contract, 11),
    stableHostnameFeature: !newerThan(contract, 11),
    grubUseUkiCmdline: newerThan(contract, 11),
    hostnameConfigDocument: newerThan(contract, 11),
    /** An empty `machine.network: {}` kept for older readers. */
    emptyMachineNetwork: !newerThan(contract, 12),
    /** cluster.apiServer.certSANs starts with the endpoint host. */
    apiServerSansFromEndpoint: !newerThan(contract, 11),
    disablePodSecurityPolicy: !newerThan(contract, 11),
  };
}
