// The node's one door into nodes/config: load a submitted config stream the way Talos does,
// validate it for this node (static checks, runtime checks against the hardware, and talsim's
// "no effect" warnings), and classify a change against the active config by the emulated
// version's rules.
import {
  ConfigError,
  classifyChange,
  formatApplyValidationError,
  isAtLeast,
  noEffectDiagnostics,
  documentDiagnostics,
  renderConfigStream,
  unifiedDiff,
  parseConfig,
  runtimeValidate,
  validateConfig,
  validateDocuments,
  documentId,
  documentWarnings,
  type Diagnostic,
  type ParsedConfig,
  type SelectableVolumeDisk,
} from './config/index.ts';
import { TalosApiError } from './api-error.ts';
import { API_ERRORS } from './vocabulary.ts';
import type { ActiveConfig, VirtualNode } from './node.ts';

export interface LoadedConfig extends ActiveConfig {
  parsed: ParsedConfig;
}

export function isAtLeastVersion(version: string, minimum: string): boolean {
  return isAtLeast(version, minimum);
}

/** A config already on a node's disk (no validation: it is what the node boots with). */
export function activeConfigFromText(text: string, talosVersion: string): ActiveConfig {
  const parsed = parseConfig(text, { talosVersion });
  return { text, object: parsed.config ?? {}, documents: parsed.documents };
}

/** Parse like Talos; errors become InvalidArgument with Talos's text. */
export function loadConfigForApply(data: string | Uint8Array, talosVersion: string, maintenance: boolean): LoadedConfig {
  let parsed: ParsedConfig;
  try {
    parsed = parseConfig(data, { talosVersion });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new TalosApiError('InvalidArgument', maintenance ? `failed to parse config: ${error.message}` : error.message);
    }
    throw error;
  }
  if (!parsed.config) throw new TalosApiError('InvalidArgument', API_ERRORS.noV1alpha1);
  return { text: parsed.text, object: parsed.config, documents: parsed.documents, parsed };
}

export interface NodeValidation {
  errors: string[];
  /** Talos's text after `configuration validation failed: `. */
  errorText: string;
  warnings: string[];
}

/**
 * What validation reads of a node (plain data: it crosses to the config-decode worker, and its
 * JSON tells whether a validation done there still holds for the node).
 */
export interface NodeValidationFacts {
  talosVersion: string;
  installed: boolean;
  nicNames: string[];
  links: Array<{ name: string; mac: string }>;
  disks: SelectableVolumeDisk[];
  systemDisk: string | undefined;
}

export function nodeValidationFacts(node: VirtualNode): NodeValidationFacts {
  return {
    talosVersion: node.talosVersion,
    installed: node.installed,
    nicNames: node.nics.map((nic) => nic.name),
    links: node.nics.map((nic) => ({ name: nic.name, mac: nic.mac })),
    disks: node.disks.filter((disk) => disk.present).map((disk) => ({ ...disk.profile, devPath: disk.devPath, readOnly: !disk.writable })),
    systemDisk: node.systemDisk()?.devPath,
  };
}

export function validateForNode(loaded: LoadedConfig, node: VirtualNode): NodeValidation {
  return validateForFacts(loaded, nodeValidationFacts(node));
}

export function validateForFacts(loaded: LoadedConfig, facts: NodeValidationFacts): NodeValidation {
  const config = loaded.parsed.config!;
  const options = { talosVersion: facts.talosVersion, requiresInstall: !facts.installed };
  const result = validateConfig(config, options);
  const runtime = runtimeValidate(config, { ...options, disks: facts.disks.map((disk) => disk.devPath) });
  const errors = [...result.errors, ...runtime.errors];
  const documentErrors = validateDocuments(loaded.parsed.documents, config, loaded.parsed.talosVersion);
  const diagnostics = [
    ...noEffectDiagnostics(loaded.parsed, { nicNames: facts.nicNames }),
    ...documentDiagnostics(loaded.parsed, { links: facts.links, disks: facts.disks, systemDisk: facts.systemDisk }),
  ];
  return {
    errors: [...errors, ...documentErrors].map((e) => e.message),
    errorText: formatApplyValidationError(errors, documentErrors),
    warnings: [
      ...result.warnings.map((w) => w.message),
      ...documentWarnings(loaded.parsed.documents, documentId).map((w) => w.message),
      ...runtime.warnings.map((w) => w.message),
      ...diagnostics.map(describeDiagnostic),
    ],
  };
}

function describeDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.path ? `${diagnostic.path}: ` : '';
  return `${where}${diagnostic.message}${diagnostic.fix ? `; fix: ${diagnostic.fix}` : ''}`;
}

export interface ConfigChange {
  canApplyImmediately: boolean;
  diff: string;
  changedPaths: string[];
  /** Talos's error when the change needs a reboot (`this config change can't be applied in immediate mode ...`). */
  rebootReason: string;
  /** Changed documents that are stored at once but act only later, each with when. */
  deferredDocuments: string[];
}

/**
 * Up to v1.13 Talos decides "immediate or reboot" on the v1alpha1 document alone: every other
 * document applies without a reboot. The dry-run diff covers the whole stream. A few documents
 * only act when something is next laid out: they are reported as deferred.
 */
export function classifyConfigChange(current: ActiveConfig | undefined, next: LoadedConfig, talosVersion: string): ConfigChange {
  if (!current) return { canApplyImmediately: true, diff: '', changedPaths: ['*'], rebootReason: '', deferredDocuments: [] };
  const change = classifyChange(current.object, next.parsed.config!, talosVersion);
  const before = current.documents ?? [];
  const after = next.parsed.documents;
  const diff = unifiedDiff(renderConfigStream(current.object, before), renderConfigStream(next.parsed.config, after));
  const changed = after.filter((document) => {
    const previous = before.find((candidate) => candidate.kind === document.kind && candidate.name === document.name);
    return previous === undefined || JSON.stringify(previous.body) !== JSON.stringify(document.body);
  });
  const deferredDocuments = changed.filter((document) => document.kind === 'VolumeConfig' && document.name === 'EPHEMERAL')
    .map(() => 'VolumeConfig/EPHEMERAL: applied without a reboot, but the EPHEMERAL partition already exists and is not resized: the new provisioning settings take effect when the system disk is next laid out (reset or reinstall)');
  return { ...change, diff, deferredDocuments };
}
