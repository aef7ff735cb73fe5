// `talsim lint <config>`: Talos's own decode and validation errors, plus the "no effect" warnings
// Talos does not give (worker control-plane sections, interfaces that match no NIC, a version
// other than v1alpha1, node labels in the wrong place). Interfaces and disks are checked against
// the `default` hardware profile unless `--hardware` names another (or `none`); the first line says which.
// With `--running <config>` the changes against the config a node runs now are classified as an
// apply would, and a machine.install change is warned about (in effect only at the next upgrade). Exit 0 clean or warnings only, 1 errors,
// 2 unreadable input.
import { readFileSync } from 'node:fs';
import { lintConfig, formatDiagnostics } from '../../nodes/config/index.ts';
import { loadHardwareProfile } from '../../nodes/hardware/hardware-profile.ts';
import { activeConfigFromText, classifyConfigChange, loadConfigForApply } from '../../nodes/config-bridge.ts';
import { installChangeWarnings } from '../../nodes/config/install-change-warnings.ts';

export interface LintCommandOptions {
  hardware?: string;
  talosVersion: string;
  /** The config the node runs now: changes that an apply accepts but that wait for the next upgrade are warned about. */
  running?: string;
}

/** Warnings for what `file` changes against the running config (machine.install: next upgrade only). */
function changeWarnings(running: string, text: Uint8Array, talosVersion: string): string[] {
  const current = activeConfigFromText(readFileSync(running, 'utf8'), talosVersion);
  const next = loadConfigForApply(text, talosVersion, false);
  return installChangeWarnings(classifyConfigChange(current, next, talosVersion).changedPaths);
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
  let pending: string[] = [];
  if (options.running && result.errors.length === 0) {
    try {
      pending = changeWarnings(options.running, text, options.talosVersion);
    } catch (error) {
      process.stderr.write(`talsim lint: --running ${options.running}: ${(error as Error).message}\n`);
      return 2;
    }
    for (const warning of pending) process.stdout.write(`${file}: warning: ${warning}\n`);
  }
  process.stdout.write(`${result.errors.length} error(s), ${result.warnings.length + pending.length} warning(s)\n`);
  return result.errors.length > 0 ? 1 : 0;
}
