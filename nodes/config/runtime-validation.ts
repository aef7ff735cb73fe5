// Validation against the node's hardware (Talos' RuntimeValidate and the install task's disk
// choice). Before v1.9 Talos checked `machine.install.disk` when the config arrived
// ("specified install disk does not exist: \"/dev/sdx\""); from v1.9 the config is accepted and
// the install task fails instead ("lstat /dev/sdx: no such file or directory"), while a disk
// selector that matches nothing is rejected on arrival ("no disks matched the expression: ...").
// Leaves out: Kubernetes image tag compatibility checks and the SD-boot kernel-args warning.
import type { MachineConfig } from './machine-config-types.ts';
import { IssueList, type ValidationResult } from './validation-result.ts';
import { diskMatchExpression, type SelectableDisk } from './install-disk-selector.ts';
import { DEFAULT_TALOS_VERSION, isAtLeast } from './talos-version.ts';

export interface RuntimeValidationOptions {
  talosVersion?: string;
  /** True while the node is not installed yet (metal): install checks apply. */
  requiresInstall?: boolean;
  /** The node's disks, by device path ('/dev/sda') or with their properties for disk selectors. */
  disks: ReadonlyArray<string | SelectableDisk>;
}

function toSelectable(disks: ReadonlyArray<string | SelectableDisk>): SelectableDisk[] {
  return disks.map((disk) => (typeof disk === 'string' ? { devPath: disk } : disk));
}

/** Talos' runtime validation of a config on a node with these disks. */
export function runtimeValidate(config: MachineConfig, options: RuntimeValidationOptions): ValidationResult {
  const talosVersion = options.talosVersion ?? DEFAULT_TALOS_VERSION;
  const issues = new IssueList();
  const install = config.machine?.install;
  if (options.requiresInstall !== true || install === undefined) return issues.result();
  const disks = toSelectable(options.disks);
  const disk = install.disk ?? '';
  if (!isAtLeast(talosVersion, 'v1.9.0')) {
    if (disk !== '' && !disks.some((candidate) => candidate.devPath === disk)) {
      issues.error('machine.install.disk', `specified install disk does not exist: ${JSON.stringify(disk)}`);
    }
    return issues.result();
  }
  const expression = diskMatchExpression(install);
  if (typeof expression === 'string') issues.error('machine.install.diskSelector', `install disk selector is invalid: ${expression}`);
  else if (expression !== null && !disks.some(expression.matches)) {
    issues.error('machine.install.diskSelector', `no disks matched the expression: ${expression.text}`);
  }
  return issues.result();
}

/** The disk the install task writes to, or the error the task fails with. */
export type InstallDiskChoice = { devPath: string } | { error: string };

/** Talos' install task: a selector picks the first matching disk, else `machine.install.disk`. */
export function chooseInstallDisk(config: MachineConfig, disks: ReadonlyArray<string | SelectableDisk>): InstallDiskChoice {
  const install = config.machine?.install;
  const candidates = toSelectable(disks);
  const expression = diskMatchExpression(install);
  if (typeof expression === 'string') return { error: `failed to get disk match expression: ${expression}` };
  if (expression !== null) {
    const matched = candidates.find(expression.matches);
    return matched === undefined ? { error: `no disks matched the expression: ${expression.text}` } : { devPath: matched.devPath };
  }
  const disk = install?.disk ?? '';
  if (!candidates.some((candidate) => candidate.devPath === disk)) return { error: `lstat ${disk}: no such file or directory` };
  return { devPath: disk };
}
