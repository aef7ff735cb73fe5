// `talsim lint <config>`: Talos's own decode and validation errors, plus the "no effect" warnings
// Talos does not give (worker control-plane sections, interfaces that match no NIC, a version
// other than v1alpha1, node labels in the wrong place). Interfaces and disks are checked against
// the `default` hardware profile unless `--hardware` names another (or `none`); the first line says which. Exit 0 clean or warnings only, 1 errors,
// 2 unreadable input.
import { readFileSync } from 'node:fs';
import { lintConfig, formatDiagnostics } from '../../nodes/config/index.ts';
import { loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';

export interface LintCommandOptions {
  hardware?: string;
  talosVersion: string;
}

export async function lintCommand(file: string, options: LintCommandOptions): Promise<number> {
  let text: Uint8Array;
  try {
    text = readFileSync(file);
  } catch (error) {
    process.stderr.write(`talsim lint: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let hardware;
  try {
    hardware = options.hardware && options.hardware !== 'none' ? loadHardwareProfile(options.hardware) : undefined;
  } catch (error) {
    process.stderr.write(`talsim lint: ${(error as Error).message}\n`);
    return 2;
  }
  process.stdout.write(
    hardware
      ? `checking against hardware profile ${options.hardware} (links ${hardware.nics.map((nic) => nic.name).join(', ')}; disks ${hardware.disks.map((disk) => `/dev/${disk.name}`).join(', ')}; --hardware picks another)\n`
      : 'no hardware profile (--hardware none): interface and disk names are not checked\n',
  );
  const result = lintConfig(text, {
    file,
    talosVersion: options.talosVersion,
    nicNames: hardware?.nics.map((n) => n.name),
    diskNames: hardware?.disks.map((d) => `/dev/${d.name}`),
    links: hardware?.nics.map((nic) => ({ name: nic.name, mac: nic.mac })),
    disks: hardware?.disks.map((disk) => ({ ...disk, devPath: `/dev/${disk.name}` })),
  });
  const output = formatDiagnostics(result, file);
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  process.stdout.write(`${result.errors.length} error(s), ${result.warnings.length} warning(s)\n`);
  return result.errors.length > 0 ? 1 : 0;
}
