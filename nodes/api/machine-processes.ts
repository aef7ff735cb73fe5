// MachineService Processes: init, and one process per running service (plus the control plane's
// static pods once they run, and the kube-proxy, flanneld and coredns of the workload pods the
// Kubernetes model binds to the node while its kubelet runs), with CPU time and memory that grow with the node's uptime. PIDs are
// stable per service so `talosctl processes` reads the same between calls. Leaves out threads'
// detail, containerd shims and pause containers.
import type { UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { single } from './handler-support.ts';
import type { WorkloadPodView } from '../node-world.ts';

const MIB = 1024 * 1024;

/** How each service shows up in the process table: executable and arguments. */
const SERVICE_COMMANDS: Record<string, { command: string; executable: string; args: string }> = {
  machined: { command: 'machined', executable: '/sbin/init', args: '/sbin/init' },
  udevd: { command: 'udevd', executable: '/sbin/udevd', args: '/sbin/udevd --resolve-names=never' },
  containerd: { command: 'containerd', executable: '/bin/containerd', args: '/bin/containerd --address /system/run/containerd/containerd.sock --state /system/run/containerd --root /system/var/lib/containerd' },
  apid: { command: 'apid', executable: '/apid', args: '/apid' },
  trustd: { command: 'trustd', executable: '/trustd', args: '/trustd' },
  cri: { command: 'containerd', executable: '/bin/containerd', args: '/bin/containerd --address /run/containerd/containerd.sock --config /etc/cri/containerd.toml' },
  etcd: { command: 'etcd', executable: '/usr/local/bin/etcd', args: '/usr/local/bin/etcd --data-dir=/var/lib/etcd --listen-client-urls=https://0.0.0.0:2379' },
  kubelet: { command: 'kubelet', executable: '/usr/local/bin/kubelet', args: '/usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml --kubeconfig=/etc/kubernetes/kubeconfig-kubelet' },
};

/** How the workload pods' containers show up: kube-proxy and flanneld as Talos's DaemonSets run them, coredns. */
const WORKLOAD_COMMANDS: Record<string, { command: string; executable: string; args: (hostname: string) => string; rssMiB: number; cpuShare: number }> = {
  'kube-proxy': {
    command: 'kube-proxy',
    executable: '/usr/local/bin/kube-proxy',
    args: (hostname) => `/usr/local/bin/kube-proxy --cluster-cidr=10.244.0.0/16 --hostname-override=${hostname} --kubeconfig=/etc/kubernetes/kubeconfig --proxy-mode=iptables --conntrack-max-per-core=0`,
    rssMiB: 40,
    cpuShare: 0.002,
  },
  'kube-flannel': { command: 'flanneld', executable: '/opt/bin/flanneld', args: () => '/opt/bin/flanneld --ip-masq --kube-subnet-mgr', rssMiB: 30, cpuShare: 0.003 },
  coredns: { command: 'coredns', executable: '/coredns', args: () => '/coredns -conf /etc/coredns/Corefile', rssMiB: 25, cpuShare: 0.002 },
};

/**
 * The workload pods kubelet runs on this node (the Kubernetes model binds them: a DaemonSet pod per
 * registered node, coredns where it was scheduled) while the node's kubelet and CRI run.
 */
export function runningWorkloadPods(node: VirtualNode): WorkloadPodView[] {
  if (!node.config || !node.services.isUp('cri') || node.services.records.get('kubelet')?.state !== 'Running') return [];
  return node.world.kubernetes.workloadPods(node.hostname()).filter((pod) => WORKLOAD_COMMANDS[pod.container] !== undefined);
}

/** The process-table key of a workload pod's container. */
export const workloadProcessName = (pod: Pick<WorkloadPodView, 'namespace' | 'name'>) => `${pod.namespace}/${pod.name}`;

interface ProcessRow {
  name: string;
  command: string;
  executable: string;
  args: string;
  rssBytes: number;
  cpuShare: number;
}

function processRows(node: VirtualNode): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const record of [...node.services.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (record.state !== 'Running') continue;
    const command = SERVICE_COMMANDS[record.id] ?? { command: record.id, executable: `/usr/local/bin/${record.id}`, args: `/usr/local/bin/${record.id}` };
    rows.push({ name: record.id, ...command, rssBytes: (20 + (record.id.length % 7) * 15) * MIB, cpuShare: record.id === 'etcd' ? 0.03 : 0.005 });
  }
  for (const [pod, state] of Object.entries(node.staticPodStates())) {
    if (state === 'pending') continue;
    rows.push({ name: pod, command: pod, executable: `/usr/local/bin/${pod}`, args: `${pod} --v=0`, rssBytes: 250 * MIB, cpuShare: pod === 'kube-apiserver' ? 0.04 : 0.01 });
  }
  for (const pod of runningWorkloadPods(node)) {
    const command = WORKLOAD_COMMANDS[pod.container]!;
    rows.push({ name: workloadProcessName(pod), command: command.command, executable: command.executable, args: command.args(node.hostname()), rssBytes: command.rssMiB * MIB, cpuShare: command.cpuShare });
  }
  return rows;
}

function uptimeSeconds(node: VirtualNode): number {
  return node.isPoweredOn() ? (node.world.kernel.now - node.bootStartedMs) / 1000 : 0;
}

/** One process of the table: its row, PID and CPU seconds so far (shared with Containers/Stats). */
export interface ProcessEntry extends ProcessRow {
  pid: number;
  cpuSeconds: number;
}

/** The node's processes other than init, PIDs stable per position, CPU time from uptime. */
export function processTable(node: VirtualNode): ProcessEntry[] {
  const uptime = uptimeSeconds(node);
  return processRows(node).map((row, index) => ({ ...row, pid: 1_000 + index * 37, cpuSeconds: Math.round(uptime * row.cpuShare * 100) / 100 }));
}

const processes: UnaryHandler = (_request, { node }) => {
  const rows = processTable(node).map((row, index) => ({
    pid: row.pid,
    ppid: 1,
    state: 'S',
    threads: 8 + (index % 5) * 4,
    cpu_time: row.cpuSeconds,
    virtual_memory: row.rssBytes * 4,
    resident_memory: row.rssBytes,
    command: row.command,
    executable: row.executable,
    args: row.args,
    label: '',
  }));
  const init = { pid: 1, ppid: 0, state: 'S', threads: 12, cpu_time: Math.round(uptimeSeconds(node) * 0.002 * 100) / 100, virtual_memory: 900 * MIB, resident_memory: 60 * MIB, command: 'init', executable: '/sbin/init', args: '/sbin/init', label: '' };
  return single({ processes: node.isPoweredOn() ? [init, ...rows] : [] });
};

export const processHandlers: Record<string, UnaryHandler> = { Processes: processes };
