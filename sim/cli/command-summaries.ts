// What `talsim --help` lists for each command (its usage term and description), held here so the
// top-level help loads no command module. test/cli/help-summaries.test.ts checks this table
// against the commands' own registrations, so the two cannot drift apart.
import type { Command } from 'commander';

export interface CommandSummary {
  /** The usage term commander prints for the command, e.g. `run [options] <paths...>`. */
  term: string;
  description: string;
}

export const COMMAND_SUMMARIES: Record<string, CommandSummary> = {
  run: {
    term: 'run [options] <paths...>',
    description:
      'run scenario files (or directories of them) in virtual time and print a verdict per scenario; with --seeds, sweep many seeds on worker threads',
  },
  report: { term: 'report', description: 'work with the reports of swarm runs' },
  lint: {
    term: 'lint [options] <config>',
    description: 'check a machine config the way Talos would, plus the "no effect" warnings Talos does not give',
  },
  up: {
    term: 'up [options]',
    description: 'boot a cluster whose nodes serve the real Talos API on loopback; fast-forward to ready, then keep time with the wall clock',
  },
  gen: { term: 'gen', description: 'generate Talos configuration files' },
  hardware: { term: 'hardware', description: 'hardware profiles: import one from a real node' },
  machineconfig: { term: 'machineconfig', description: 'machine config tools, as talosctl machineconfig' },
  learn: {
    term: 'learn [options] [lesson]',
    description: 'list the bundled lessons, or start one: its cluster, its story and goals, in the terminal UI',
  },
  fault: {
    term: 'fault',
    description: 'inject, heal and list faults of a running `talsim up` cluster; list the fault kinds',
  },
  time: { term: 'time', description: 'steer the virtual time of a running `talsim up` cluster' },
  status: {
    term: 'status [options]',
    description: 'virtual time, speed and every node (role, LAN address, the address `talosctl -n` takes, stage, ready, apply state, why a stuck apply is stuck, and its diagnostics) of a running `talsim up` cluster',
  },
};

/** Registers every command as a bare entry (name and description) for the top-level help. */
export function registerCommandSummaries(program: Command): void {
  for (const [name, summary] of Object.entries(COMMAND_SUMMARIES)) program.command(name).description(summary.description);
  program.configureHelp({
    subcommandTerm: (command) => COMMAND_SUMMARIES[command.name()]?.term ?? command.name() + (command.name() === 'help' ? ' [command]' : ''),
  });
}
