// `talsim machineconfig patch <file> --patch @p.yaml [-o out]`, as `talosctl machineconfig patch`:
// the file's text is patched in order (strategic merge or JSON patches, Talos' rules), then printed
// to stdout followed by a blank line, or written to -o (owner-only and atomically, since a machine
// config holds keys). A patch that does not apply names the patch and Talos' reason; nothing is
// written then.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, applyConfigPatches } from '../../nodes/config/index.ts';
import { DEFAULT_TALOS_VERSION } from '../scenario/load-cluster.ts';
import { writeSecretFile } from '../files/atomic-file.ts';
import { collect, loadPatchFlags, readFlagFile } from './patch-flags.ts';
import type { CommandOutput } from './gen-config-command.ts';

export interface MachineconfigPatchOptions {
  patch?: string[];
  output?: string;
  talosVersion?: string;
}

const processOutput: CommandOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export function registerMachineconfigCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('machineconfig')
    .description('machine config tools, as talosctl machineconfig')
    .command('patch')
    .description('patch a machine config file, as talosctl machineconfig patch does')
    .argument('<file>', 'machine config file')
    .option('-p, --patch <patch>', 'a patch: @file, a file name or inline YAML/JSON (repeatable, applied in order)', collect)
    .option('-o, --output <file>', 'where to write the patched config (default: stdout)')
    .option('--talos-version <version>', 'Talos release whose config rules apply', DEFAULT_TALOS_VERSION)
    .action((file: string, options: MachineconfigPatchOptions) => {
      setExitCode(machineconfigPatchCommand(file, options));
    });
}

export function machineconfigPatchCommand(file: string, options: MachineconfigPatchOptions, output: CommandOutput = processOutput): number {
  const talosVersion = options.talosVersion ?? DEFAULT_TALOS_VERSION;
  let patched: string;
  try {
    const text = readFlagFile(file);
    const patches = loadPatchFlags(options.patch, talosVersion);
    patched = applyConfigPatches(text, patches, talosVersion).text;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const where = error.line > 0 ? ` (line ${error.line}${error.column > 0 ? `, column ${error.column}` : ''})` : '';
    output.err(`error: ${error.message}${where}\n`);
    return 1;
  }
  if (options.output === undefined) {
    output.out(`${patched}\n`);
    return 0;
  }
  const path = resolve(options.output);
  mkdirSync(dirname(path), { recursive: true });
  writeSecretFile(path, patched);
  return 0;
}
