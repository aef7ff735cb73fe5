// `talsim hardware import FILE... [-o profile.yaml]`: a hardware profile from the output of
// `talosctl get disks,blockdevices,links,cpus,memorymodules,systeminformation -o yaml` (or -o json)
// of a real node, printed or written atomically. The profile is checked by loading it back the way
// a scenario will. A document it cannot use is named with its file, line and field; nothing is
// written then.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { HardwareImportError, hardwareProfileFromResources, readResourceDocuments } from '../../nodes/hardware/hardware-import.ts';
import { HardwareProfileError, loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';
import { writeFileAtomic } from '../files/atomic-file.ts';
import type { CommandOutput } from './gen-config-command.ts';

const processOutput: CommandOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export function registerHardwareCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('hardware')
    .description('hardware profiles: import one from a real node')
    .command('import')
    .description('turn `talosctl get disks,blockdevices,links,cpus,memorymodules,systeminformation -o yaml` (or -o json) output into a hardware profile')
    .argument('<files...>', 'files of talosctl get output')
    .option('-o, --output <file>', 'where to write the profile (default: stdout)')
    .action((files: string[], options: { output?: string }) => {
      setExitCode(hardwareImportCommand(files, options));
    });
}

/** The profile YAML for the given talosctl outputs (throws HardwareImportError). */
export function importHardwareProfile(inputs: ReadonlyArray<{ file: string; text: string }>): string {
  const documents = inputs.flatMap((input) => readResourceDocuments(input.text, input.file));
  const { profile, node, notes } = hardwareProfileFromResources(documents);
  const text = stringify(profile, { lineWidth: 0 });
  loadHardwareProfile('imported', {}, '.', text); // what a scenario would reject is rejected here
  const header = [
    `Imported by talsim hardware import from talosctl get output${node ? ` of node ${node}` : ''}.`,
    ...notes.map((note) => `Note: ${note}.`),
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${text}`;
}

export function hardwareImportCommand(files: string[], options: { output?: string }, output: CommandOutput = processOutput): number {
  let profile: string;
  try {
    const inputs = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    profile = importHardwareProfile(inputs);
  } catch (error) {
    if (error instanceof HardwareImportError || error instanceof HardwareProfileError) {
      output.err(`talsim hardware import: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      output.err(`talsim hardware import: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.output === undefined) output.out(profile);
  else writeFileAtomic(resolve(options.output), profile);
  return 0;
}
