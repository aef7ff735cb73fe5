// The talsim command line: the only place that turns typed errors into messages and exit codes.
import { Command, CommanderError } from 'commander';
import { registerRunCommand, runCommand } from './run-command.ts';
import { registerReportCommand } from './report-command.ts';
import { lintCommand } from './lint-command.ts';
import { registerUpCommand } from './up-command.ts';
import { registerGenCommand } from './gen-config-command.ts';
import { registerLearnCommand } from './learn-command.ts';
import { registerFaultCommand } from './fault-command.ts';
import { registerStatusCommand, registerTimeCommand } from './time-command.ts';
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

  registerRunCommand(program, (code) => (exitCode = code));
  registerReportCommand(program, (code) => (exitCode = code));

  program
    .command('lint')
    .description('check a machine config the way Talos would, plus the "no effect" warnings Talos does not give')
    .argument('<config>', 'machine config file')
    .option('--hardware <profile>', 'hardware profile (bundled name or file) to check interface and disk names against')
    .option('--talos-version <version>', 'emulated Talos version', 'v1.13.0')
    .action(async (config: string, options) => {
      exitCode = await lintCommand(config, options);
    });

  registerUpCommand(program, (code) => (exitCode = code));
  registerGenCommand(program, (code) => (exitCode = code));
  registerLearnCommand(program, (code) => (exitCode = code));
  registerFaultCommand(program, (code) => (exitCode = code));
  registerTimeCommand(program, (code) => (exitCode = code));
  registerStatusCommand(program, (code) => (exitCode = code));

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
