// The container registries as the simulated nodes see them: which image references exist. Talos
// and Kubernetes images exist for released versions only, so a typo in a tag (a kubelet version
// that was never released) fails to pull like it does on a real node. Anything else is assumed to
// exist. Leaves out: registry mirrors, authentication, rate limits, digests.

/** Newest patch release of each Kubernetes minor that Talos ships images for. */
const KUBERNETES_PATCHES: Record<string, number> = { '1.30': 14, '1.31': 14, '1.32': 11, '1.33': 7, '1.34': 4, '1.35': 3, '1.36': 3 };
/** Newest patch release of each Talos minor. */
const TALOS_PATCHES: Record<string, number> = { '1.8': 4, '1.9': 6, '1.10': 7, '1.11': 6, '1.12': 6, '1.13': 9, '1.14': 1 };

const VERSIONED_REPOSITORIES: Array<{ pattern: RegExp; releases: Record<string, number> }> = [
  { pattern: /^ghcr\.io\/siderolabs\/kubelet$/, releases: KUBERNETES_PATCHES },
  { pattern: /^registry\.k8s\.io\/kube-(apiserver|controller-manager|scheduler|proxy)$/, releases: KUBERNETES_PATCHES },
  { pattern: /^ghcr\.io\/siderolabs\/(installer|talos)$/, releases: TALOS_PATCHES },
  { pattern: /^factory\.talos\.dev\/installer\/[0-9a-f]+$/, releases: TALOS_PATCHES },
];

/** Why pulling `image` fails, or null when the registry has it. */
export function missingImageReason(image: string): string | null {
  const at = image.lastIndexOf(':');
  if (at <= 0 || image.slice(at).includes('/')) return null;
  const repository = image.slice(0, at);
  const tag = image.slice(at + 1);
  const known = VERSIONED_REPOSITORIES.find((r) => r.pattern.test(repository));
  if (!known) return null;
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  const newestPatch = match ? known.releases[`${match[1]}.${match[2]}`] : undefined;
  if (match && newestPatch !== undefined && Number(match[3]) <= newestPatch) return null;
  return `${repository}:${tag}: not found`;
}
