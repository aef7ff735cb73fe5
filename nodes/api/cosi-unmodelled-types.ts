// What the State service answers for a type Talos registers but talsim does not model (no
// controller writes it). An empty list would claim the node has none, which is false for most of
// them (a real node has PlatformMetadata, KernelParamStatuses, secrets...), so:
// - a type that is certainly empty on this node, because only a config feature the node's config
//   does not use would create its resources, lists as empty (Get: NotFound, Watch: nothing);
// - every other one answers Unimplemented `resource type "<type>" is not emulated by talsim`.
// README "What is not emulated" lists both groups.
//
// The "empty unless" conditions are read from the active config: the v1alpha1 document and the
// stream's other documents. A config that uses the feature makes the type not emulated again.

import { TalosApiError } from '../api-error.ts';
import type { ActiveConfig } from '../node-status.ts';

/** Why a type is empty: the config feature whose use would fill it. */
interface EmptyUnless {
  readonly types: readonly string[];
  readonly used: (config: ActiveConfig) => boolean;
}

const hasDocument = (kind: string) => (config: ActiveConfig) => (config.documents ?? []).some((document) => document.kind === kind);

const kubeSpanEnabled = (config: ActiveConfig): boolean => {
  const network = (config.object.machine as { network?: { kubespan?: { enabled?: unknown } } } | undefined)?.network;
  return network?.kubespan?.enabled === true || hasDocument('KubeSpanConfig')(config);
};

const EMPTY_UNLESS: readonly EmptyUnless[] = [
  // KubeSpan's identity, peers and endpoints exist only while KubeSpan is enabled (its Config always exists).
  {
    types: ['KubeSpanIdentities.kubespan.talos.dev', 'KubeSpanPeerSpecs.kubespan.talos.dev', 'KubeSpanPeerStatuses.kubespan.talos.dev', 'KubeSpanEndpoints.kubespan.talos.dev'],
    used: kubeSpanEnabled,
  },
  // SideroLink is configured by a SideroLinkConfig document (or the siderolink.api kernel argument, which talsim's kernels never carry).
  { types: ['SiderolinkConfigs.siderolink.talos.dev', 'SiderolinkStatuses.siderolink.talos.dev', 'SiderolinkTunnels.siderolink.talos.dev'], used: hasDocument('SideroLinkConfig') },
  { types: ['ExtensionServiceConfigs.runtime.talos.dev', 'ExtensionServiceConfigStatuses.runtime.talos.dev'], used: hasDocument('ExtensionServiceConfig') },
  { types: ['WatchdogTimerConfigs.runtime.talos.dev', 'WatchdogTimerStatuses.runtime.talos.dev'], used: hasDocument('WatchdogTimerConfig') },
  { types: ['PCIDriverRebindConfigs.runtime.talos.dev', 'PCIDriverRebindStatuses.runtime.talos.dev'], used: hasDocument('PCIDriverRebindConfig') },
  { types: ['ImageVerificationRules.security.talos.dev'], used: hasDocument('ImageVerificationConfig') },
  { types: ['ZswapStatuses.block.talos.dev'], used: hasDocument('ZswapConfig') },
];

/** Every type that lists as empty on a node whose config does not use its feature. */
export const EMPTY_UNLESS_CONFIGURED_TYPES: readonly string[] = EMPTY_UNLESS.flatMap((rule) => rule.types);

export const notEmulatedMessage = (type: string) => `resource type "${type}" is not emulated by talsim`;

/**
 * For a registered type talsim does not model: nothing (its list is certainly empty on this node)
 * or throws Unimplemented naming the type.
 */
export function answerUnmodelledType(config: ActiveConfig | undefined, type: string): void {
  const rule = EMPTY_UNLESS.find((candidate) => candidate.types.includes(type));
  if (rule !== undefined && (config === undefined || !rule.used(config))) return;
  throw new TalosApiError('Unimplemented', notEmulatedMessage(type));
}
