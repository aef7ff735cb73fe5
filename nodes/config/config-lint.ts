// `talsim lint`: everything the config layer can say about a config file, each finding at a
// file:line:col. Errors are what a Talos node would reject (decoder errors stop at the first,
// as on a node; validation errors all come at once); warnings are Talos' own validation
// warnings plus talsim's "accepted but has no effect" findings.
import { ConfigError } from './config-error.ts';
import type { Diagnostic, SourcePoint } from './diagnostic.ts';
import { parseConfig, type ParsedConfig } from './config-parser.ts';
import { validateConfig } from './v1alpha1-validation.ts';
import { runtimeValidate, chooseInstallDisk } from './runtime-validation.ts';
import { noEffectDiagnostics } from './no-effect-diagnostics.ts';
import { documentId, validateDocuments } from './multidoc-validation.ts';
import { documentWarnings as talosDocumentWarnings } from './document-warnings.ts';
import { documentDiagnostics, parsedOnlyDiagnostics } from './document-diagnostics.ts';
import type { SelectableLink, SelectableVolumeDisk } from './selector-variables.ts';
import type { ValidationIssue } from './validation-result.ts';
import { DEFAULT_TALOS_VERSION, isAtLeast } from './talos-version.ts';

export interface LintOptions {
  /** File name shown in messages. */
  file: string;
  /** The machine's network link names, to check interface names. */
  nicNames?: readonly string[];
  /** The machine's disks ('/dev/sda'), to check the install disk. */
  diskNames?: readonly string[];
  /** The machine's links with their MACs and its disks with their fields, to evaluate documents' selectors. */
  links?: readonly SelectableLink[];
  disks?: readonly SelectableVolumeDisk[];
  talosVersion?: string;
  /** The node is not installed yet (metal): `machine.install` must say where to install. Default: true when diskNames are given. */
  requiresInstall?: boolean;
}

export interface LintResult {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** Where users put node labels that Talos rejects as unknown keys. */
const LABEL_KEY_HINTS: Array<[RegExp, string]> = [
  [/^machine\.kubelet\.nodeLabels$/, 'node labels go under machine.nodeLabels'],
  [/^cluster\.nodeLabels$/, 'node labels go under machine.nodeLabels (per machine, not per cluster)'],
  [/^(machine\.)?(labels|node-labels|nodeLabels)$/, 'node labels go under machine.nodeLabels'],
];

function parentPath(path: string): string {
  const match = /^(.*?)(\[[^\]]*\]|\.[^.[]+)$/.exec(path);
  return match === null ? '' : match[1];
}

function positionFor(parsed: ParsedConfig, path: string): SourcePoint {
  for (let candidate = path; candidate !== ''; candidate = parentPath(candidate)) {
    const position = parsed.positions.get(candidate);
    if (position !== undefined) return position;
  }
  return { line: parsed.v1alpha1Line, column: parsed.v1alpha1Line > 0 ? 1 : 0 };
}

function fromIssue(parsed: ParsedConfig, issue: ValidationIssue, severity: Diagnostic['severity']): Diagnostic {
  return { severity, path: issue.path, ...positionFor(parsed, issue.path), message: issue.message, fix: '' };
}

function fromConfigError(error: ConfigError): Diagnostic {
  const hint = LABEL_KEY_HINTS.find(([pattern]) => pattern.test(error.fieldPath))?.[1] ?? '';
  return { severity: 'error', path: error.fieldPath, line: error.line, column: error.column, message: error.message, fix: hint };
}

function installDiskDiagnostics(parsed: ParsedConfig, options: LintOptions, talosVersion: string, requiresInstall: boolean): LintResult {
  const result: LintResult = { errors: [], warnings: [] };
  const config = parsed.config;
  if (config === null || options.diskNames === undefined || !requiresInstall) return result;
  const runtime = runtimeValidate(config, { talosVersion, requiresInstall, disks: options.diskNames });
  result.errors.push(...runtime.errors.map((issue) => fromIssue(parsed, issue, 'error')));
  if (isAtLeast(talosVersion, 'v1.9.0') && config.machine?.install?.diskSelector === undefined && (config.machine?.install?.disk ?? '') !== '') {
    const choice = chooseInstallDisk(config, options.diskNames);
    if ('error' in choice) {
      result.warnings.push({
        ...fromIssue(parsed, { path: 'machine.install.disk', message: `install disk does not exist on this machine: the install task fails with "${choice.error}"` }, 'warning'),
        fix: `use one of: ${options.diskNames.join(', ') || 'none'}`,
      });
    }
  }
  return result;
}

/** An issue of a non-v1alpha1 document, at the document's first line. */
function documentDiagnostic(parsed: ParsedConfig, issue: ValidationIssue): Diagnostic {
  const document = parsed.documents.find((candidate) => documentId(candidate) === issue.path);
  return { severity: 'error', path: issue.path, line: document?.line ?? 0, column: document === undefined ? 0 : 1, message: issue.path === '' ? issue.message : issue.message.replace(`${issue.path}: `, ''), fix: '' };
}

const byPosition = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column;

/** Lints a config stream for a machine. */
export function lintConfig(text: string | Uint8Array, options: LintOptions): LintResult {
  const talosVersion = options.talosVersion ?? DEFAULT_TALOS_VERSION;
  let parsed: ParsedConfig;
  try {
    parsed = parseConfig(text, { talosVersion });
  } catch (error) {
    if (error instanceof ConfigError) return { errors: [fromConfigError(error)], warnings: [] };
    throw error;
  }
  const documentErrors = validateDocuments(parsed.documents, parsed.config, parsed.talosVersion).map((issue) => documentDiagnostic(parsed, issue));
  const documentWarnings = [
    ...talosDocumentWarnings(parsed.documents, documentId).map((issue) => ({ ...documentDiagnostic(parsed, issue), severity: 'warning' as const })),
    ...documentDiagnostics(parsed, { links: options.links, disks: options.disks, systemDisk: parsed.config?.machine?.install?.disk }),
    ...parsedOnlyDiagnostics(parsed),
  ];
  if (parsed.config === null) return { errors: documentErrors, warnings: documentWarnings.sort(byPosition) };
  const requiresInstall = options.requiresInstall ?? options.diskNames !== undefined;
  const validation = validateConfig(parsed.config, { talosVersion, requiresInstall });
  const install = installDiskDiagnostics(parsed, options, talosVersion, requiresInstall);
  const errors = [...validation.errors.map((issue) => fromIssue(parsed, issue, 'error')), ...install.errors, ...documentErrors];
  const warnings = [
    ...validation.warnings.map((issue) => fromIssue(parsed, issue, 'warning')),
    ...install.warnings,
    ...noEffectDiagnostics(parsed, { nicNames: options.nicNames }),
    ...documentWarnings,
  ];
  return { errors: errors.sort(byPosition), warnings: warnings.sort(byPosition) };
}

function formatOne(diagnostic: Diagnostic, file: string): string {
  const subject = diagnostic.path === '' ? '' : `${diagnostic.path}: `;
  const fix = diagnostic.fix === '' ? '' : `; fix: ${diagnostic.fix}`;
  const message = diagnostic.message.replace(/\n+$/, '').replaceAll('\n', '\n    ');
  return `${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${subject}${message}${fix}`;
}

/** One line per finding (continuation lines indented): "worker.yaml:12:5: warning: cluster.apiServer: ...; fix: ...". */
export function formatDiagnostics(result: LintResult, file: string): string {
  const lines = [...result.errors, ...result.warnings].map((diagnostic) => formatOne(diagnostic, file));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
