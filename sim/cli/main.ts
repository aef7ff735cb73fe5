// The talsim command line: the only place that turns typed errors into messages and exit codes.
import { Command, CommanderError } from 'commander';
import { runCommand } from './run-command.ts';
import { lintCommand } from './lint-command.ts';
import { ScenarioError } from '../errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('talsim')
    .description('Deterministic simulator of Talos Linux clusters that serves the real Talos API')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) });

  program
    .command('run')
    .description('run scenario files (or directories of them) in virtual time and print a verdict per scenario')
    .argument('<paths...>', 'scenario files or directories')
    .option('--seed <seed>', 'override every scenario\'s seed')
    .option('--trace <file>', 'write the JSONL trace (one file; with several scenarios, <file> gets a -<name> suffix)')
    .option('--quiet', 'print only verdicts and failures')
    .action(async (paths: string[], options) => {
      exitCode = await runCommand(paths, options);
    });

  program
    .command('lint')
    .description('check a machine config the way Talos would, plus the "no effect" warnings Talos does not give')
    .argument('<config>', 'machine config file')
    .option('--hardware <profile>', 'hardware profile (bundled name or file) to check interface and disk names against')
    .option('--talos-version <version>', 'emulated Talos version', 'v1.13.0')
    .action(async (config: string, options) => {
      exitCode = await lintCommand(config, options);
    });

  program
    .command('start', { isDefault: true, hidden: true })
    .description('the default job: run the bundled healthy scenario and print its timeline')
    .action(async () => {
      exitCode = await runCommand([new URL('../../scenarios/boot-healthy.yaml', import.meta.url).pathname], {});
    });

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
