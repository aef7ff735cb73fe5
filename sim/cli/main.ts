// The talsim command line: the only place that turns typed errors into messages and exit codes.
// Each command's module (and what it pulls in: gRPC, ink, the swarm) is loaded only when that
// command runs, so `talsim run` does not pay for the UI; `--help`, `help` and unknown words list
// the commands from a table (command-summaries.ts) and load none of them.
import { Command, CommanderError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioError } from '../errors.ts';
import { registerCommandSummaries } from './command-summaries.ts';
import { DEFAULT_TALOS_VERSION } from '../../nodes/config/talos-version.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;

type Register = (program: Command, setExitCode: (code: number) => void) => void;

/** Command word -> the registration of that command (and its siblings sharing a module). */
const COMMANDS: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./run-command.ts')).registerRunCommand,
  report: async () => (await import('./report-command.ts')).registerReportCommand,
  lint: async () => registerLintCommand,
  up: async () => (await import('./up-command.ts')).registerUpCommand,
  gen: async () => (await import('./gen-config-command.ts')).registerGenCommand,
  hardware: async () => (await import('./hardware-command.ts')).registerHardwareCommand,
  machineconfig: async () => (await import('./machineconfig-command.ts')).registerMachineconfigCommand,
  learn: async () => (await import('./learn-command.ts')).registerLearnCommand,
  fault: async () => (await import('./fault-command.ts')).registerFaultCommand,
  time: async () => (await import('./time-command.ts')).registerTimeCommand,
  status: async () => (await import('./time-command.ts')).registerStatusCommand,
};

function registerLintCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('lint')
    .description('check a machine config the way Talos would, plus the "no effect" warnings Talos does not give')
    .argument('<config>', 'machine config file')
    .option('--hardware <profile>', 'hardware profile (bundled name or file) to check interface and disk names against; none skips that check', 'default')
    .option('--talos-version <version>', 'emulated Talos version', DEFAULT_TALOS_VERSION)
    .option('--running <config>', 'the config the node runs now: warn about changes an apply accepts but that wait for the next upgrade (machine.install)')
    .action(async (config: string, options) => {
      const { lintCommand } = await import('./lint-command.ts');
      setExitCode(await lintCommand(config, options));
    });
}

/** The version in talsim's package.json, found upwards from this file (source or built). */
export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'talsim' && parsed.version) return parsed.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

export interface MainOptions {
  /** Register every command's module (tests compare the help this gives with the summaries). */
  allCommands?: boolean;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('talsim')
    .description('Deterministic simulator of Talos Linux clusters that serves the real Talos API')
    .version(packageVersion(), '-V, --version', 'print talsim\'s version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) });

  const words = argv.filter((arg) => !arg.startsWith('-'));
  // `talsim run ...` and `talsim help run` need run's own registration; anything else, the list.
  const word = words[0] === 'help' ? words[1] : words[0];
  if (word !== undefined && COMMANDS[word]) (await COMMANDS[word]())(program, (code) => (exitCode = code));
  else if (options.allCommands) for (const load of Object.values(COMMANDS)) (await load())(program, (code) => (exitCode = code));
  else registerCommandSummaries(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_INVALID_INPUT;
    if (error instanceof ScenarioError) {
      process.stderr.write(`talsim: invalid scenario: ${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw error;
  }
  return exitCode;
}
