// machine.install is read only by the installer: on an installed node a change to it is accepted
// (no reboot needed) but reaches the boot entry only at the next upgrade. Said out loud, in the
// form of the other "no effect" warnings, by ApplyConfiguration and by `talsim lint --running`.

export function installChangeWarnings(changedPaths: readonly string[]): string[] {
  const changed = [...new Set(changedPaths.filter((path) => path === 'machine.install' || path.startsWith('machine.install.')))];
  return changed.map((path) => `${path}: accepted but not yet in effect: the installer applies it at the next upgrade, a reboot alone does not; fix: run talosctl upgrade to apply it`);
}
