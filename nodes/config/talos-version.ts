// Talos release versions as the config layer compares them ('v1.13.0', 'v1.14.0-rc.1').
// Leaves out: build metadata and pre-release ordering (a pre-release counts as its release:
// 'v1.14.0-beta.1' behaves like v1.14, which matches how Talos' own version contracts treat them).

/** The Talos version the simulator emulates unless a scenario says otherwise: the newest v1.13 patch release. */
export const DEFAULT_TALOS_VERSION = 'v1.13.9';

export interface TalosVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION_PATTERN = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/;

/** Parses 'v1.13.0' (a missing patch is 0); throws on anything else. */
export function parseTalosVersion(version: string): TalosVersion {
  const match = VERSION_PATTERN.exec(version.trim());
  if (match === null) {
    throw new RangeError(`invalid Talos version "${version}": expected vMAJOR.MINOR[.PATCH]`);
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? '0') };
}

/** Negative when a < b, zero when equal, positive when a > b (major.minor.patch only). */
export function compareTalosVersions(a: string, b: string): number {
  const left = parseTalosVersion(a);
  const right = parseTalosVersion(b);
  return left.major - right.major || left.minor - right.minor || left.patch - right.patch;
}

/** True when `version` is at least `minimum` (compared as major.minor.patch). */
export function isAtLeast(version: string, minimum: string): boolean {
  return compareTalosVersions(version, minimum) >= 0;
}
