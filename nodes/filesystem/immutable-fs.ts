// The node's filesystem as Talos presents it: a read-only root (SquashFS), `/etc` files rendered
// from the config by controllers, `/var` on EPHEMERAL with the user's `machine.files`, and /proc
// entries the API reads (/proc/swaps from the swaps switched on). A debug-shell edit (what `nsenter` into the host does) takes effect, but
// the next reconcile of that file or the next boot puts the rendered content back, with a log line.
// Leaves out: permissions beyond a mode, overlay mounts of extensions, real file contents of binaries.
import type { NodeContext } from '../node-context.ts';
import { pciDevices } from './proc-pci-devices.ts';
import { procSwaps } from './proc-swaps.ts';
import { kernelCmdline } from './kernel-cmdline.ts';
import { noteMissedWakeup, wakeupCheck } from '../controllers/controller-wakeups.ts';

export interface FileEntry {
  content: string;
  mode: number;
  /** Virtual ms of the last change. */
  modifiedMs: number;
  /** Rendered by a controller from config (a debug edit of it does not last). */
  generated: boolean;
}

export class ReadOnlyFilesystemError extends Error {
  constructor(path: string) {
    super(`open ${path}: read-only file system`);
  }
}

const STATIC_FILES: Record<string, string> = {
  '/etc/os-release': 'NAME="Talos"\nID=talos\n',
  '/usr/lib/os-release': 'NAME="Talos"\nID=talos\n',
  '/proc/sys/kernel/hostname': '',
};

export class ImmutableFilesystem {
  private readonly files = new Map<string, FileEntry>();
  /** Paths edited through the debug shell, with the edit. */
  private readonly debugEdits = new Map<string, string>();
  /** The config (by identity) and the addresses and hostname /etc was last rendered for. */
  private renderedForConfig: { config: unknown; node: string } | undefined = undefined;

  constructor(private readonly node: NodeContext) {}

  read(path: string): FileEntry | undefined {
    if (path === '/proc/sys/kernel/random/boot_id') return this.dynamic(`${this.node.bootId}\n`);
    if (path === '/proc/sys/kernel/hostname') return this.dynamic(`${this.node.hostname()}\n`);
    if (path === '/proc/cmdline') return this.dynamic(this.cmdline() + '\n');
    if (path === '/proc/bus/pci/devices') return this.dynamic(pciDevices(this.node.disks, this.node.nics));
    if (path === '/proc/swaps') return this.dynamic(procSwaps(this.node.resources));
    return this.files.get(path) ?? (STATIC_FILES[path] !== undefined ? this.dynamic(STATIC_FILES[path]!) : undefined);
  }

  private dynamic(content: string): FileEntry {
    return { content, mode: 0o444, modifiedMs: this.node.bootStartedMs, generated: true };
  }

  cmdline(): string {
    return kernelCmdline(this.node.status.bootedKernelArgs).join(' ');
  }

  /** Every path, sorted (for List). */
  paths(): string[] {
    return [...new Set([...this.files.keys(), ...Object.keys(STATIC_FILES), '/proc/sys/kernel/random/boot_id', '/proc/cmdline', '/proc/bus/pci/devices', '/proc/swaps'])].sort();
  }

  /** A write through the debug shell: allowed on /etc and /var, refused on the read-only root. */
  debugEdit(path: string, content: string): void {
    if (!path.startsWith('/etc/') && !path.startsWith('/var/')) throw new ReadOnlyFilesystemError(path);
    const existing = this.files.get(path);
    this.files.set(path, { content, mode: existing?.mode ?? 0o644, modifiedMs: this.node.world.kernel.now, generated: existing?.generated ?? false });
    this.debugEdits.set(path, content);
    this.node.world.trace.record(this.node.name, 'debug-shell-edit', { path });
  }

  private renderKey(): string {
    return `${this.node.addresses().join(',')}\u0000${this.node.hostname()}`;
  }

  private rendersFor(last: { config: unknown; node: string }): boolean {
    return last.config === this.node.config && last.node === this.renderKey();
  }

  /** The config changed: rendered files are rendered anew at the next reconcile. */
  configChanged(): void {
    this.renderedForConfig = undefined;
  }

  onBoot(): void {
    for (const path of this.debugEdits.keys()) {
      const entry = this.files.get(path);
      if (entry && !entry.generated) this.files.delete(path);
    }
    if (this.debugEdits.size > 0) {
      this.node.talosLog(`debug shell changes to ${[...this.debugEdits.keys()].join(', ')} were lost at reboot (the root filesystem is immutable; use the machine config)`);
    }
    this.debugEdits.clear();
    this.renderedForConfig = undefined;
  }

  /**
   * files.EtcFileController: render /etc from the config when it changed; wipes debug edits of
   * rendered files. What it renders from (the config, the addresses, the hostname) wakes every
   * controller when it changes: a pass with none of them `woken` does not look (controller-wakeups.ts).
   */
  reconcile(woken = true): void {
    const last = this.renderedForConfig;
    if (!woken && last !== undefined) {
      if (wakeupCheck() && !this.rendersFor(last)) noteMissedWakeup(`etc-files on ${this.node.name}`);
      else return;
    }
    if (last && this.rendersFor(last)) return;
    // The config by identity (it is replaced whole): its text may be megabytes, too much to compare each pass.
    const key = { config: this.node.config, node: this.renderKey() };
    this.renderedForConfig = key;
    const settings = this.node.networkSettings();
    const nameservers = settings.nameservers;
    const staticHosts = settings.staticHosts.map((host) => `${host.ip} ${host.hostnames.join(' ')}\n`).join('');
    const search = settings.searchDomains.length > 0 ? `search ${settings.searchDomains.join(' ')}\n` : '';
    const rendered: Record<string, string> = {
      '/etc/hosts': `127.0.0.1 localhost\n${this.node.primaryAddress() ?? '127.0.1.1'} ${this.node.hostname()}\n::1 localhost ip6-localhost ip6-loopback\n${staticHosts}`,
      '/etc/resolv.conf': (nameservers.length > 0 ? nameservers : [this.node.world.network.gateway]).map((ns) => `nameserver ${ns}`).join('\n') + '\n' + search,
    };
    for (const [path, content] of Object.entries(rendered)) {
      const edited = this.debugEdits.get(path);
      if (edited !== undefined) {
        this.debugEdits.delete(path);
        this.node.controllerLog('files.EtcFileController', `overwriting ${path}: changes made outside the machine config were reverted`, { path });
        this.node.world.trace.record(this.node.name, 'debug-shell-edit-wiped', { path });
      }
      const existing = this.files.get(path);
      if (existing?.content !== content || edited !== undefined) {
        this.files.set(path, { content, mode: 0o644, modifiedMs: this.node.world.kernel.now, generated: true });
      }
    }
  }

  /** The writeUserFiles task: `machine.files` into /var (Talos refuses other paths at validation). */
  writeUserFiles(): void {
    const spec = this.node.spec();
    if (!spec) return;
    for (const file of spec.files) {
      const existing = this.files.get(file.path)?.content ?? '';
      const content = file.op === 'append' ? existing + file.content : file.content;
      this.files.set(file.path, { content, mode: 0o644, modifiedMs: this.node.world.kernel.now, generated: false });
    }
  }
}
