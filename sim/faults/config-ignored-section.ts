// Config fault `config-ignored-section`: a change under `machine.install` (an extra kernel
// argument) on an installed node. Talos accepts it without a reboot, but `machine.install` is read
// only by the installer: the argument never reaches the kernel command line, not even after a
// reboot, until the next upgrade reinstalls the bootloader.
import type { ConfigMutator } from './config-mutator.ts';
import { editV1Alpha1 } from './config-mutator.ts';

/** The kernel argument the mutator adds; look for it in `/proc/cmdline` to see it ignored. */
export const IGNORED_KERNEL_ARGUMENT = 'talsim.ignored=1';

export const configIgnoredSection: ConfigMutator = {
  kind: 'config-ignored-section',
  description: `Adds \`${IGNORED_KERNEL_ARGUMENT}\` to machine.install.extraKernelArgs: accepted, but ignored until an upgrade reinstalls the bootloader.`,
  mutateConfig(text) {
    return editV1Alpha1(text, (document) => {
      const existing = (document.toJS() as { machine?: { install?: { extraKernelArgs?: unknown } } }).machine?.install?.extraKernelArgs;
      const args = Array.isArray(existing) ? existing.map(String) : [];
      document.setIn(['machine', 'install', 'extraKernelArgs'], document.createNode([...args, IGNORED_KERNEL_ARGUMENT]));
    });
  },
};
