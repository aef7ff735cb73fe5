// Whether a new config can be applied without a reboot (Talos' CanApplyImmediate, facts §2) and
// what changed. Up to v1.13 Talos copies the "live" sections from the running config into the
// new one (.debug, .cluster, most of .machine, five .machine.features) and reboots if anything
// else still differs, explaining with a diff of the two. From v1.14 `AUTO` never reboots.
// A change under .machine.install counts as immediate, but only matters to the next install or
// upgrade: `changeTakesEffect` lists such changes so the node can report them.
import type { ConfigObject, ConfigValue, MachineConfig, OtherDocument } from './machine-config-types.ts';
import { V1ALPHA1_SCHEMA, type FieldSchema } from './v1alpha1-schema.ts';
import { renderConfig, renderConfigStream } from './config-render.ts';
import { unifiedDiff } from './line-diff.ts';
import { isAtLeast } from './talos-version.ts';

/** .machine sections Talos <= v1.13 applies without a reboot. */
export const IMMEDIATE_MACHINE_SECTIONS = [
  'ca', 'acceptedCAs', 'time', 'certSANs', 'install', 'network', 'sysfs', 'sysctls', 'logging', 'controlPlane',
  'kubelet', 'kernel', 'registries', 'pods', 'seccompProfiles', 'nodeAnnotations', 'nodeLabels', 'nodeTaints',
] as const;

/** .machine.features entries Talos <= v1.13 applies without a reboot. */
export const IMMEDIATE_FEATURES = ['kubernetesTalosAPIAccess', 'kubePrism', 'hostDNS', 'imageCache', 'nodeAddressSortAlgorithm'] as const;

export interface ChangeClassification {
  /** False when Talos (<= v1.13, mode AUTO) would reboot to apply the change. */
  canApplyImmediately: boolean;
  /** Unified diff of the two configs as printed (empty when equal). */
  diff: string;
  /** Changed fields, by dotted path, down to struct fields (lists and maps count as one field). */
  changedPaths: string[];
  /** Talos' reason when a reboot is needed: "this config change can't be applied in immediate mode\ndiff:\n...". */
  rebootReason: string;
}

/** Structural equality with Go's DeepEqual view: an absent field differs from an empty one. */
export function configValuesEqual(left: ConfigValue | undefined, right: ConfigValue | undefined): boolean {
  if (left === right) return true;
  if (left === undefined || right === undefined || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, index) => configValuesEqual(item, right[index]));
  }
  if (typeof left !== 'object' || typeof right !== 'object') return false;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!configValuesEqual(left[key], right[key])) return false;
  return true;
}

/** Changed field paths between two decoded values, recursing into struct sections only. */
export function changedFieldPaths(left: ConfigValue | undefined, right: ConfigValue | undefined, schema: FieldSchema, path = ''): string[] {
  if (configValuesEqual(left, right)) return [];
  const bothObjects = typeof left === 'object' && left !== null && !Array.isArray(left) && typeof right === 'object' && right !== null && !Array.isArray(right);
  if (schema.kind !== 'struct' || !bothObjects) return [path];
  const leftObject = left as ConfigObject;
  const rightObject = right as ConfigObject;
  const keys = [...Object.keys(schema.fields), ...new Set([...Object.keys(leftObject), ...Object.keys(rightObject)])].filter((key, index, all) => all.indexOf(key) === index);
  return keys.flatMap((key) => {
    const childSchema: FieldSchema = schema.fields[key] ?? { kind: 'any', goType: 'interface {}' };
    return changedFieldPaths(leftObject[key], rightObject[key], childSchema, path === '' ? key : `${path}.${key}`);
  });
}

function copyField(target: ConfigObject, source: ConfigObject | undefined, key: string): void {
  if (source !== undefined && source[key] !== undefined) target[key] = source[key];
  else delete target[key];
}

/** Talos' CanApplyImmediate masking: the new config with every live section taken from the current one. */
function withLiveSectionsFromCurrent(current: MachineConfig, next: MachineConfig): ConfigObject {
  const masked = structuredClone(next) as ConfigObject;
  const currentObject = current as ConfigObject;
  copyField(masked, currentObject, 'debug');
  copyField(masked, currentObject, 'cluster');
  const maskedMachine = masked.machine as ConfigObject | undefined;
  const currentMachine = currentObject.machine as ConfigObject | undefined;
  if (maskedMachine === undefined || currentMachine === undefined) return masked;
  for (const key of IMMEDIATE_MACHINE_SECTIONS) copyField(maskedMachine, currentMachine, key);
  const maskedFeatures = maskedMachine.features as ConfigObject | undefined;
  const currentFeatures = currentMachine.features as ConfigObject | undefined;
  if (maskedFeatures !== undefined && currentFeatures !== undefined) {
    for (const key of IMMEDIATE_FEATURES) copyField(maskedFeatures, currentFeatures, key);
  }
  return masked;
}

/** Classifies applying `next` over `current` on a node running `talosVersion`. */
export function classifyChange(current: MachineConfig, next: MachineConfig, talosVersion: string): ChangeClassification {
  const diff = unifiedDiff(renderConfig(current), renderConfig(next));
  const changedPaths = changedFieldPaths(current as ConfigObject, next as ConfigObject, V1ALPHA1_SCHEMA);
  if (isAtLeast(talosVersion, 'v1.14.0')) return { canApplyImmediately: true, diff, changedPaths, rebootReason: '' };
  const masked = withLiveSectionsFromCurrent(current, next);
  if (configValuesEqual(current as ConfigObject, masked)) return { canApplyImmediately: true, diff, changedPaths, rebootReason: '' };
  const maskedDiff = unifiedDiff(renderConfig(current), renderConfig(masked));
  return {
    canApplyImmediately: false,
    diff,
    changedPaths,
    rebootReason: `this config change can't be applied in immediate mode\ndiff:\n${maskedDiff}`,
  };
}

/** A change that is stored at once but acts only when Talos next runs its installer. */
export interface DeferredChange {
  path: string;
  takesEffect: 'next install or upgrade';
}

/** Changed fields under .machine.install (install disk, image, kernel arguments, ...). */
export function changeTakesEffect(current: MachineConfig, next: MachineConfig): DeferredChange[] {
  return changedFieldPaths(current as ConfigObject, next as ConfigObject, V1ALPHA1_SCHEMA)
    .filter((path) => path === 'machine.install' || path.startsWith('machine.install.'))
    .map((path) => ({ path, takesEffect: 'next install or upgrade' }));
}

/** The dry-run summary's diff part: "Config diff:\n\n<diff>" or "Config diff:\n\nNo changes.". */
export function dryRunConfigDiff(
  current: { config: MachineConfig | null; documents: readonly OtherDocument[] },
  next: { config: MachineConfig | null; documents: readonly OtherDocument[] },
): string {
  const diff = unifiedDiff(renderConfigStream(current.config, current.documents), renderConfigStream(next.config, next.documents));
  return `Config diff:\n\n${diff === '' ? 'No changes.' : diff}`;
}
