// What the State service answers for a type Talos registers but talsim does not model (no
// controller writes it). An empty list would claim the node has none, which is false for most of
// them (a real node has PlatformMetadata, KernelParamStatuses, secrets...), so:
// - a type that is certainly empty on this node, because only a config feature the node's config
//   does not use would create its resources, lists as empty (Get: NotFound, Watch: nothing);
// - every other one answers Unimplemented `resource type "<type>" is not emulated by talsim`.
// README "What is not emulated" lists both groups.
//
// The "empty unless" conditions are read from the active config (the v1alpha1 document and the
// stream's other documents) and the booted kernel's arguments. A node that uses the feature makes
// the type not emulated again.

import { TalosApiError } from '../api-error.ts';
import type { ActiveConfig } from '../node-status.ts';

/** What decides whether a feature is used: the active config and the booted kernel's arguments. */
interface NodeSetting {
  readonly config: ActiveConfig | undefined;
  readonly kernelArgs: readonly string[];
}

/** Why a type is empty: the config feature whose use would fill it. */
interface EmptyUnless {
  readonly types: readonly string[];
  readonly used: (setting: NodeSetting) => boolean;
}

const hasDocument = (kind: string) => ({ config }: NodeSetting) => (config?.documents ?? []).some((document) => document.kind === kind);
const hasKernelArg = (name: string) => ({ kernelArgs }: NodeSetting) => kernelArgs.some((arg) => arg === name || arg.startsWith(`${name}=`));
const either = (...tests: Array<(setting: NodeSetting) => boolean>) => (setting: NodeSetting) => tests.some((test) => test(setting));
const machineField = (config: ActiveConfig | undefined) => config?.object.machine as { network?: { kubespan?: { enabled?: unknown } }; seccompProfiles?: unknown[] } | undefined;

const kubeSpanEnabled = (setting: NodeSetting): boolean => machineField(setting.config)?.network?.kubespan?.enabled === true || hasDocument('KubeSpanConfig')(setting);

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
  // One per `.machine.seccompProfiles` entry (cri.SeccompProfileController).
  { types: ['SeccompProfiles.cri.talos.dev'], used: ({ config }) => (machineField(config)?.seccompProfiles ?? []).length > 0 },
  // From the talos.events.sink / talos.logging.kernel kernel arguments or their documents (runtime's EventSinkConfig and KmsgLogConfig controllers).
  { types: ['EventSinkConfigs.runtime.talos.dev'], used: either(hasKernelArg('talos.events.sink'), hasDocument('EventSinkConfig')) },
  { types: ['KmsgLogConfigs.runtime.talos.dev'], used: either(hasKernelArg('talos.logging.kernel'), hasDocument('KmsgLogConfig')) },
];

/** Every type that lists as empty on a node whose config does not use its feature. */
export const EMPTY_UNLESS_CONFIGURED_TYPES: readonly string[] = EMPTY_UNLESS.flatMap((rule) => rule.types);

export const notEmulatedMessage = (type: string) => `resource type "${type}" is not emulated by talsim`;

/**
 * For a registered type talsim does not model: nothing (its list is certainly empty on this node)
 * or throws Unimplemented naming the type.
 */
export function answerUnmodelledType(config: ActiveConfig | undefined, kernelArgs: readonly string[], type: string): void {
  const rule = EMPTY_UNLESS.find((candidate) => candidate.types.includes(type));
  if (rule !== undefined && !rule.used({ config, kernelArgs })) return;
  throw new TalosApiError('Unimplemented', notEmulatedMessage(type));
}
