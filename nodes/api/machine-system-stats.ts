// MachineService Memory, SystemStat, CPUInfo, LoadAvg, Processes, NetworkDeviceStats, Mounts and
// DiskStats: /proc-shaped figures derived from the node's hardware, its running services and its
// uptime in virtual time, so `talosctl dashboard`, `memory`, `processes`, `stats`-style views
// render and move plausibly. Nothing here is measured; every figure is a deterministic function
// of the simulated state. Leaves out per-process memory maps, interrupts per line, cgroups.
import type { UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { nodeWallMs, single } from './handler-support.ts';
import { swapTotalsKiB } from '../filesystem/proc-swaps.ts';

const KIB = 1024;
const MIB = 1024 * KIB;

function uptimeSeconds(node: VirtualNode): number {
  return node.isPoweredOn() ? Math.max(0, (node.world.kernel.now - node.bootStartedMs) / 1000) : 0;
}

function runningServices(node: VirtualNode): string[] {
  return [...node.services.records.values()].filter((record) => record.state === 'Running').map((record) => record.id).sort();
}

/** Resident memory a service's processes hold, bytes. */
const SERVICE_RSS_BYTES: Record<string, number> = {
  machined: 90 * MIB,
  apid: 40 * MIB,
  trustd: 30 * MIB,
  containerd: 45 * MIB,
  cri: 60 * MIB,
  udevd: 8 * MIB,
  etcd: 180 * MIB,
  kubelet: 110 * MIB,
};

function usedMemoryBytes(node: VirtualNode): number {
  const services = runningServices(node).reduce((sum, id) => sum + (SERVICE_RSS_BYTES[id] ?? 20 * MIB), 0);
  const staticPods = Object.values(node.staticPodStates()).filter((state) => state !== 'pending').length * 250 * MIB;
  return 180 * MIB + services + staticPods;
}

const memory: UnaryHandler = (_request, { node }) => {
  const totalKiB = Math.floor(node.hardware.memoryBytes / KIB);
  const usedKiB = Math.min(totalKiB, Math.floor(usedMemoryBytes(node) / KIB));
  const cachedKiB = Math.min(totalKiB - usedKiB, Math.floor(usedKiB * 0.6));
  const freeKiB = totalKiB - usedKiB - cachedKiB;
  const swap = swapTotalsKiB(node.resources);
  return single({
    meminfo: {
      memtotal: totalKiB,
      memfree: freeKiB,
      memavailable: freeKiB + Math.floor(cachedKiB * 0.8),
      buffers: Math.floor(cachedKiB * 0.05),
      cached: cachedKiB,
      active: Math.floor(usedKiB * 0.7),
      inactive: Math.floor(cachedKiB * 0.5),
      activeanon: Math.floor(usedKiB * 0.6),
      inactiveanon: Math.floor(usedKiB * 0.05),
      activefile: Math.floor(cachedKiB * 0.4),
      inactivefile: Math.floor(cachedKiB * 0.4),
      anonpages: Math.floor(usedKiB * 0.65),
      mapped: Math.floor(usedKiB * 0.15),
      shmem: 4_096,
      slab: Math.floor(usedKiB * 0.08),
      sreclaimable: Math.floor(usedKiB * 0.05),
      sunreclaim: Math.floor(usedKiB * 0.03),
      kernelstack: 8_192,
      pagetables: Math.floor(usedKiB * 0.01),
      swaptotal: swap.totalKiB,
      swapfree: swap.freeKiB,
      commitlimit: Math.floor(totalKiB / 2) + swap.totalKiB,
      committedas: Math.floor(usedKiB * 1.4),
      vmalloctotal: 34_359_738_367,
      vmallocused: 20_000,
      hugepagesize: 2_048,
      directmap4k: 180_000,
      directmap2m: Math.max(0, totalKiB - 180_000),
    },
  });
};

/** The share of time one CPU is busy: grows with the services the node runs. */
export function cpuBusyShare(node: VirtualNode, cpuIndex: number): number {
  return Math.min(0.9, 0.02 + runningServices(node).length * 0.012) * (1 + 0.1 * Math.sin(cpuIndex));
}

/** Seconds of CPU per state for one CPU, from uptime and how busy the node is. */
function cpuSeconds(node: VirtualNode, cpuIndex: number) {
  const uptime = uptimeSeconds(node);
  const busy = cpuBusyShare(node, cpuIndex);
  const user = uptime * busy * 0.7;
  const system = uptime * busy * 0.25;
  const iowait = uptime * 0.004;
  return { user, nice: 0, system, idle: Math.max(0, uptime - user - system - iowait), iowait, irq: 0, soft_irq: uptime * busy * 0.05, steal: 0, guest: 0, guest_nice: 0 };
}

const systemStat: UnaryHandler = (_request, { node }) => {
  const uptime = uptimeSeconds(node);
  const cpu = Array.from({ length: node.hardware.cpus }, (_, index) => cpuSeconds(node, index));
  const sum = (key: keyof ReturnType<typeof cpuSeconds>) => cpu.reduce((total, entry) => total + entry[key], 0);
  const cpuTotal = Object.fromEntries(Object.keys(cpu[0] ?? {}).map((key) => [key, sum(key as keyof ReturnType<typeof cpuSeconds>)]));
  const interrupts = Math.floor(uptime * 900);
  return single({
    boot_time: Math.floor(nodeWallMs(node, node.bootStartedMs) / 1000),
    cpu_total: cpuTotal,
    cpu,
    irq_total: interrupts,
    irq: [],
    context_switches: Math.floor(uptime * 1_800),
    process_created: 400 + Math.floor(uptime * 2),
    process_running: 1 + Math.min(4, Math.floor(runningServices(node).length / 3)),
    process_blocked: 0,
    soft_irq_total: Math.floor(uptime * 600),
    soft_irq: { hi: 0, timer: Math.floor(uptime * 250), net_tx: Math.floor(uptime * 2), net_rx: Math.floor(uptime * 120), block: Math.floor(uptime * 20), block_io_poll: 0, tasklet: 10, sched: Math.floor(uptime * 150), hrtimer: 0, rcu: Math.floor(uptime * 60) },
  });
};

const cpuInfo: UnaryHandler = (_request, { node }) => {
  const arm = node.hardware.arch === 'arm64';
  const cpus = Array.from({ length: node.hardware.cpus }, (_, processor) => ({
    processor,
    vendor_id: arm ? 'ARM' : 'GenuineIntel',
    cpu_family: arm ? '' : '6',
    model: arm ? '' : '106',
    model_name: arm ? 'Neoverse-N1' : 'Intel Xeon Processor (Icelake)',
    stepping: arm ? '' : '0',
    microcode: arm ? '' : '0x1',
    cpu_mhz: arm ? 0 : 2394.374,
    cache_size: arm ? '' : '16384 KB',
    physical_id: '0',
    siblings: node.hardware.cpus,
    core_id: String(processor),
    cpu_cores: node.hardware.cpus,
    apic_id: String(processor),
    initial_apic_id: String(processor),
    fpu: 'yes',
    fpu_exception: 'yes',
    cpu_id_level: 13,
    wp: 'yes',
    flags: arm ? ['fp', 'asimd', 'aes', 'pmull', 'sha1', 'sha2', 'crc32', 'atomics'] : ['fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', 'sse', 'sse2', 'ssse3', 'sse4_1', 'sse4_2', 'avx', 'avx2', 'aes'],
    bugs: [],
    bogo_mips: arm ? 50 : 4788.74,
    cl_flush_size: 64,
    cache_alignment: 64,
    address_sizes: arm ? '' : '46 bits physical, 48 bits virtual',
    power_management: '',
  }));
  return single({ cpu_info: cpus });
};

const loadAvg: UnaryHandler = (_request, { node }) => {
  const base = 0.05 + runningServices(node).length * 0.06;
  const wave = (periodSeconds: number) => 1 + 0.15 * Math.sin(uptimeSeconds(node) / periodSeconds);
  const round = (value: number) => Math.round(value * 100) / 100;
  return single({ load1: round(base * wave(60)), load5: round(base * wave(300)), load15: round(base * wave(900)) });
};

export const systemStatHandlers: Record<string, UnaryHandler> = {
  Memory: memory,
  SystemStat: systemStat,
  CPUInfo: cpuInfo,
  LoadAvg: loadAvg,
};
