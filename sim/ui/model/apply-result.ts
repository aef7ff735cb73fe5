// An apply's outcome as the apply dialog prints it: talosctl's reply lines (mode details and
// warnings), the API error as talosctl shows it, and the config lint's diagnostics (what Talos
// accepts without doing what the author meant).
import type { ApplyReply } from '../../../nodes/node-commands.ts';
import { TalosApiError } from '../../../nodes/api-error.ts';
import type { LintResult } from '../../../nodes/config/config-lint.ts';

/** Most diagnostics the dialog lists (the rest are counted). */
const MAX_DIAGNOSTICS = 4;

export function describeApplyReply(reply: ApplyReply): string[] {
  const details = reply.modeDetails.split('\n').filter((line) => line.trim() !== '');
  return [`mode ${reply.mode}`, ...details, ...reply.warnings.map((warning) => `warning: ${warning}`)];
}

export function describeApplyError(error: Error): string[] {
  const text = error instanceof TalosApiError ? `rpc error: code = ${error.code} desc = ${error.message}` : error.message;
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The lint's findings, less those the node already gave as warnings of its reply. */
export function describeDiagnostics(result: LintResult, replyWarnings: readonly string[] = []): string[] {
  const all = [...result.errors, ...result.warnings].filter((diagnostic) => !replyWarnings.some((warning) => warning.includes(diagnostic.message.split('\n')[0]!)));
  const lines = all.slice(0, MAX_DIAGNOSTICS).map((diagnostic) => {
    const where = diagnostic.line > 0 ? `${diagnostic.line}:${diagnostic.column} ` : '';
    const fix = diagnostic.fix ? ` (fix: ${diagnostic.fix})` : '';
    return `lint ${diagnostic.severity}: ${where}${diagnostic.path ? `${diagnostic.path}: ` : ''}${diagnostic.message.split('\n')[0]}${fix}`;
  });
  if (all.length > MAX_DIAGNOSTICS) lines.push(`lint: ${all.length - MAX_DIAGNOSTICS} more`);
  return lines;
}
