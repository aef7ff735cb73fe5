// The kernel command line a node boots with: the defaults Talos v1.13's metal images carry
// (pkg/machinery/kernel: hardening arguments, `selinux=1` and, since v1.12, `module.sig_enforce=1`; IMA and the rest are left
// out) followed by the installed config's `machine.install.extraKernelArgs`.

const DEFAULT_ARGS = ['talos.platform=metal', 'console=ttyS0', 'init_on_alloc=1', 'slab_nomerge', 'pti=on', 'selinux=1', 'module.sig_enforce=1'];

export function kernelCmdline(bootedKernelArgs: readonly string[]): string[] {
  return [...DEFAULT_ARGS, ...bootedKernelArgs];
}

/** The last value of `name=` on a command line (the kernel keeps the last one), or undefined. */
export function kernelArg(args: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (const arg of args) if (arg.startsWith(`${name}=`)) found = arg.slice(name.length + 1);
  return found;
}
