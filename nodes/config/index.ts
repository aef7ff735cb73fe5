// The config layer of a virtual Talos node: load a machine config stream like Talos does, validate
// it, find settings that have no effect, classify an apply as immediate or reboot, patch and
// print configs, and lint files. Pure: no I/O, no clock; the emulated release is a parameter.

export { ConfigError } from './config-error.ts';
export type { Diagnostic, DiagnosticSeverity, SourcePoint } from './diagnostic.ts';
export type * from './machine-config-types.ts';

export { DEFAULT_TALOS_VERSION, compareTalosVersions, isAtLeast, parseTalosVersion } from './talos-version.ts';
export { parseConfig, type ParseOptions, type ParsedConfig } from './config-parser.ts';
export { registeredKinds } from './registered-kinds.ts';
export { V1ALPHA1_SCHEMA, schemaAt, type FieldSchema } from './v1alpha1-schema.ts';
export { parseMachineType, isControlPlaneType, machineTypeOf, type MachineType } from './machine-type.ts';

export { validateConfig, type ValidationOptions } from './v1alpha1-validation.ts';
export {
  formatApplyValidationError, formatValidationErrors, type ValidationIssue, type ValidationResult,
} from './validation-result.ts';
export { formatErrorList } from './multierror-format.ts';
export { runtimeValidate, chooseInstallDisk, type InstallDiskChoice, type RuntimeValidationOptions } from './runtime-validation.ts';
export { diskMatchExpression, type SelectableDisk } from './install-disk-selector.ts';

export { validateDocuments, documentId, containerError } from './multidoc-validation.ts';
export { documentWarnings } from './document-warnings.ts';
export { documentDiagnostics, parsedOnlyDiagnostics, ACTING_KINDS, type DocumentDiagnosticOptions } from './document-diagnostics.ts';
export { compileSelector, selectorMatches, type CelValue, type SelectorEnvironment } from './cel-selector.ts';
export type { SelectableLink, SelectableVolumeDisk } from './selector-variables.ts';
export { noEffectDiagnostics, type NoEffectOptions } from './no-effect-diagnostics.ts';
export {
  classifyChange, changeTakesEffect, dryRunConfigDiff, IMMEDIATE_FEATURES, IMMEDIATE_MACHINE_SECTIONS,
  type ChangeClassification, type DeferredChange,
} from './apply-classification.ts';
export { unifiedDiff } from './line-diff.ts';
export { applyPatches } from './strategic-merge.ts';
export { renderConfig, renderConfigStream } from './config-render.ts';
export { lintConfig, formatDiagnostics, type LintOptions, type LintResult } from './config-lint.ts';
export { formatGoDuration, parseGoDuration } from '../go-format/duration.ts';
export { loadPatch, loadPatches, documentIdOf, type ConfigPatch, type PatchFileReader, type StrategicStep } from './patch-loading.ts';
export { applyConfigPatches, applyConfigPatchesEncoded, ghodssYaml, JSON6902_MULTI_DOCUMENT_ERROR, type PatchedConfig } from './config-patcher.ts';
export { applyJsonPatch, type JsonPatch, type JsonValue } from './json-patch.ts';
