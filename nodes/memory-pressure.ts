// Simulated memory pressure and the cgroup tree Talos's OOM handler reads (/sys/fs/cgroup at
// v1.13.9: init, system/<service>, podruntime/{runtime,kubelet,etcd}, kubepods/<qos>/pod<uid>).
// Pressure comes from the `memory-pressure` fault: a pod of one QoS class (the hog) holds memory
// and the node's tasks stall on it. PSI follows the kernel's arithmetic on the virtual clock: the
// averages are updated every 2 s (PSI_FREQ) as exponential moving averages over 10, 60 and 300 s
// towards the stall share, and `total` counts stalled microseconds; the root cgroup and the hog's
// QoS subtree stall, the others do not. Once the hog is killed or the fault healed, the averages
// decay from where they were. Cgroup memory figures are fixed per cgroup (a service's typical
// use, apid's and trustd's memory.max, coredns's pod limit), the hog's is the fault's size.
// Leaves out: pressure that grows with real usage, pressure after a reboot starting anew (the
// fault's clock is the world's), and pods other than kube-proxy, flannel, coredns and the
// control plane's static pods.
import type { ControllerContext } from './controllers/controller-context.ts';
import { STATIC_PODS } from './controllers/kubernetes-controller.ts';
import type { MemoryPressureFault } from './node-faults.ts';

export type { MemoryPressureFault };

export type QosClass = 'besteffort' | 'burstable' | 'guaranteed' | 'podruntime' | 'system';

/** runtime.QoSCgroupClass numbers, as the OOM CEL environments see them. */
export const QOS_CLASS_NUMBER: Record<QosClass, number> = { besteffort: 0, burstable: 1, guaranteed: 2, podruntime: 3, system: 4 };


export interface PsiFigures {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Stalled time, µs. */
  total: number;
}

const PSI_PERIOD_MS = 2_000;
const ZERO: PsiFigures = { avg10: 0, avg60: 0, avg300: 0, total: 0 };

/** /proc/pressure's figures for a stall share of `percent` that began at sinceMs (and ended at endedMs). */
export function psiFigures(percent: number, sinceMs: number, endedMs: number | undefined, nowMs: number): PsiFigures {
  if (nowMs < sinceMs || percent <= 0) return ZERO;
  const end = endedMs === undefined ? nowMs : Math.min(endedMs, nowMs);
  const risingPeriods = Math.floor((end - sinceMs) / PSI_PERIOD_MS);
  const decayPeriods = endedMs === undefined ? 0 : Math.floor((nowMs - end) / PSI_PERIOD_MS);
  const average = (windowS: number) => {
    const risen = percent * (1 - Math.exp((-risingPeriods * PSI_PERIOD_MS) / 1000 / windowS));
    return Math.round(risen * Math.exp((-decayPeriods * PSI_PERIOD_MS) / 1000 / windowS) * 100) / 100;
  };
  return { avg10: average(10), avg60: average(60), avg300: average(300), total: Math.floor(((end - sinceMs) * 1000 * percent) / 100) };
}

/** The PSI of the node's memory: `some` and `full` for one cgroup subtree ('' the root). */
export function memoryPsi(fault: MemoryPressureFault | undefined, subtree: string, nowMs: number): { some: PsiFigures; full: PsiFigures } {
  if (fault === undefined || (subtree !== '' && subtree !== `kubepods/${fault.hogClass}`)) return { some: ZERO, full: ZERO };
  return {
    some: psiFigures(fault.somePercent, fault.sinceMs, fault.endedMs, nowMs),
    full: psiFigures(fault.fullPercent, fault.sinceMs, fault.endedMs, nowMs),
  };
}

export interface Cgroup {
  /** Under /sys/fs/cgroup, without it: `kubepods/besteffort/pod<uid>`, `podruntime/etcd`. */
  path: string;
  qos: QosClass;
  currentBytes: number;
  peakBytes: number;
  /** memory.max; undefined: `max` (no limit). */
  maxBytes?: number;
  /** What runs in it: its processes' command lines. */
  processes: string[];
  /** The service whose runner it holds, if any. */
  service?: string;
  /** The memory-pressure hog pod. */
  hog?: boolean;
}

const MiB = 2 ** 20;

/** The system and pod runtime services' cgroups, what they use and run. */
const SERVICE_CGROUPS: ReadonlyArray<{ service: string; path: string; qos: QosClass; mib: number; maxMib?: number; command: string }> = [
  { service: 'apid', path: 'system/apid', qos: 'system', mib: 38, maxMib: 128, command: '/apid' },
  { service: 'trustd', path: 'system/trustd', qos: 'system', mib: 22, maxMib: 128, command: '/trustd' },
  { service: 'udevd', path: 'system/udevd', qos: 'system', mib: 9, command: '/sbin/udevd --resolve-names=never' },
  { service: 'containerd', path: 'system/runtime', qos: 'system', mib: 41, command: '/bin/containerd --address /system/run/containerd/containerd.sock --state /system/run/containerd --root /system/var/lib/containerd' },
  { service: 'cri', path: 'podruntime/runtime', qos: 'podruntime', mib: 74, command: '/bin/containerd --address /run/containerd/containerd.sock --config /etc/cri/containerd.toml' },
  { service: 'kubelet', path: 'podruntime/kubelet', qos: 'podruntime', mib: 118, command: '/usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml --kubeconfig=/etc/kubernetes/kubeconfig-kubelet' },
  { service: 'etcd', path: 'podruntime/etcd', qos: 'podruntime', mib: 162, command: '/usr/local/bin/etcd --data-dir=/var/lib/etcd' },
];

/** Workload pods' QoS classes and use as Talos's manifests give them (kube-proxy has no requests). */
const WORKLOAD_PODS: Record<string, { qos: QosClass; mib: number; maxMib?: number; command: string }> = {
  'kube-proxy': { qos: 'besteffort', mib: 40, command: '/usr/local/bin/kube-proxy' },
  'kube-flannel': { qos: 'burstable', mib: 30, command: '/opt/bin/flanneld --ip-masq --kube-subnet-mgr' },
  coredns: { qos: 'burstable', mib: 25, maxMib: 170, command: '/coredns -conf /etc/coredns/Corefile' },
};

const STATIC_POD_MIB: Record<string, number> = { 'kube-apiserver': 610, 'kube-controller-manager': 96, 'kube-scheduler': 48 };

/** A stable pod uid for a pod's cgroup (its name hashed through the node's seeded tree). */
const podUid = (node: ControllerContext, name: string) => node.random.child(`oom-cgroup/${name}`).uuid();

/** The leaf cgroups the OOM handler ranks, in the order it lists them (kubepods classes, podruntime, system). */
export function leafCgroups(node: ControllerContext, fault: MemoryPressureFault | undefined): Cgroup[] {
  const cgroups: Cgroup[] = [];
  const kubeletRunning = node.services.state('kubelet') === 'Running' && node.services.isUp('cri');
  if (kubeletRunning) {
    for (const pod of node.world.kubernetes.workloadPods(node.hostname())) {
      const known = WORKLOAD_PODS[pod.container];
      if (known === undefined) continue;
      cgroups.push({ path: `kubepods/${known.qos}/pod${pod.uid}`, qos: known.qos, currentBytes: known.mib * MiB, peakBytes: known.mib * MiB,
        maxBytes: known.maxMib === undefined ? undefined : known.maxMib * MiB, processes: [known.command] });
    }
    if (node.isControlPlane()) {
      for (const pod of STATIC_PODS) {
        const mib = STATIC_POD_MIB[pod] ?? 64;
        cgroups.push({ path: `kubepods/burstable/pod${podUid(node, pod)}`, qos: 'burstable', currentBytes: mib * MiB, peakBytes: mib * MiB, processes: [pod] });
      }
    }
    if (fault !== undefined && fault.endedMs === undefined) {
      cgroups.push({ path: `kubepods/${fault.hogClass}/pod${podUid(node, 'memory-hog')}`, qos: fault.hogClass, currentBytes: fault.hogBytes, peakBytes: fault.hogBytes,
        maxBytes: fault.hogClass === 'guaranteed' ? fault.hogBytes : undefined, processes: ['memory-hog'], hog: true });
    }
  }
  for (const entry of SERVICE_CGROUPS) {
    if (node.services.state(entry.service) !== 'Running') continue;
    cgroups.push({ path: entry.path, qos: entry.qos, currentBytes: entry.mib * MiB, peakBytes: Math.round(entry.mib * 1.25) * MiB,
      maxBytes: entry.maxMib === undefined ? undefined : entry.maxMib * MiB, processes: [entry.command], service: entry.service });
  }
  const order: QosClass[] = ['besteffort', 'burstable', 'guaranteed', 'podruntime', 'system'];
  return cgroups.sort((a, b) => order.indexOf(a.qos) - order.indexOf(b.qos) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
