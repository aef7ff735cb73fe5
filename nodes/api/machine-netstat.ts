// MachineService Netstat (`talosctl netstat`, alias `ss`): the sockets of the node's network
// namespaces, derived from what runs on the node, as machined reads them with go-netstat.
// Host namespace, listening: apid :50000 and trustd :50001 (tcp6 `::`), machined's host DNS
// 127.0.0.53:53 (tcp and udp), KubePrism 127.0.0.1:7445 and the static pod server 127.0.0.1:<port
// picked at machined's start> once configured, kubelet :10250 and 127.0.0.1:10248, kube-proxy
// :10256 and 127.0.0.1:10249 where its pod runs, flannel's VXLAN socket udp 0.0.0.0:8472 where its
// pod runs (a kernel socket: inode 0, no process), and on control planes etcd :2379/:2380,
// kube-apiserver :6443, kube-controller-manager 127.0.0.1:10257 and kube-scheduler
// 127.0.0.1:10259 while they run. Connected: kubelet to KubePrism over loopback (both ends),
// KubePrism to the first reachable API server, and etcd's peer links to every reachable running
// member. Pod namespaces (`netns.allnetns`, talosctl's -k, or `netns.netns` by name, talosctl's
// `netstat <namespace/pod>`): coredns's CNI namespace (`cni-<uuid>`, the name `talosctl
// containers -k` shows) holds its DNS :53 (tcp6 and udp6), health :8080, ready :8181 and metrics
// :9153 (tcp6 `::`), and its watch on the Kubernetes service 10.96.0.1:443 while an API server
// answers; go-netstat reads a namespace's tables once per process in it, so each of those is
// listed twice (the pause process, then coredns), each record naming the namespace as it was
// asked for. Ephemeral ports and inodes are seeded per node and boot; PIDs are those of `talosctl
// processes`. Filters (ALL/LISTENING/CONNECTED), the l4proto switches and the pid feature act as
// machined's do. Leaves out raw and udplite sockets, queues and timers (always zero/off), short-lived
// connections (kubelet's polls of the static pod list, DNS forwarding).
import { TalosApiError } from '../api-error.ts';
import type { UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { single } from './handler-support.ts';
import { processTable, runningWorkloadPods, workloadProcessName } from './machine-processes.ts';
import { ephemeralPort, podNetworkNamespace, staticPodServerPort } from './pod-sandboxes.ts';

type L4 = 'tcp' | 'tcp6' | 'udp' | 'udp6';

interface Socket {
  l4proto: L4;
  localip: string;
  localport: number;
  remoteip: string;
  remoteport: number;
  state: 'LISTEN' | 'ESTABLISHED' | 'CLOSE';
  /** The process holding the socket, by its name in the process table; '' for a kernel socket (no process, inode 0). */
  owner: string;
  /** Its key in the process table when that is not `owner` (a workload pod's container). */
  processKey?: string;
  uid: number;
  /** The pod network namespace it lives in, as the request named it ('' for the host's). */
  netns?: string;
}

interface NetstatRequest {
  filter: 'ALL' | 'CONNECTED' | 'LISTENING' | string;
  feature?: { pid?: boolean };
  l4proto?: Partial<Record<L4 | 'udplite' | 'udplite6' | 'raw' | 'raw6', boolean>>;
  netns?: { hostnetwork?: boolean; netns?: string[]; allnetns?: boolean };
}

/** Talos's etcd runs as this uid (constants.EtcdUserID); the rest as root. */
const ETCD_UID = 60;

const listen = (l4proto: L4, localip: string, localport: number, owner: string, uid = 0): Socket => ({
  l4proto, localip, localport, remoteip: l4proto.endsWith('6') ? '::' : '0.0.0.0', remoteport: 0, state: l4proto.startsWith('udp') ? 'CLOSE' : 'LISTEN', owner, uid,
});

/** coredns's image runs as distroless's nonroot user (hence the NET_BIND_SERVICE capability Talos's manifest grants it). */
const COREDNS_UID = 65_532;
/** The `kubernetes` Service's ClusterIP (the first address of 10.96.0.0/12). */
const KUBERNETES_SERVICE_IP = '10.96.0.1';
const FLANNEL_VXLAN_PORT = 8_472;

function hostSockets(node: VirtualNode): Socket[] {
  if (!node.isPoweredOn()) return [];
  const address = node.primaryAddress();
  const up = (service: string) => node.services.records.get(service)?.state === 'Running';
  const sockets: Socket[] = [];
  if (up('apid')) sockets.push(listen('tcp6', '::', 50_000, 'apid'));
  if (up('trustd')) sockets.push(listen('tcp6', '::', 50_001, 'trustd'));
  if (node.config) {
    sockets.push(listen('tcp', '127.0.0.53', 53, 'machined'), listen('udp', '127.0.0.53', 53, 'machined'), listen('tcp', '127.0.0.1', 7_445, 'machined'));
    sockets.push(listen('tcp', '127.0.0.1', staticPodServerPort(node), 'machined'));
  }
  if (up('kubelet')) sockets.push(listen('tcp6', '::', 10_250, 'kubelet'), listen('tcp', '127.0.0.1', 10_248, 'kubelet'));
  const etcdMember = node.world.etcd.members.get(node.name);
  if (up('etcd') && etcdMember?.running && address) {
    sockets.push(listen('tcp', '0.0.0.0', 2_379, 'etcd', ETCD_UID), listen('tcp', address, 2_380, 'etcd', ETCD_UID));
    for (const peer of node.world.etcd.members.values()) {
      if (peer.node === node.name || !peer.running || !node.world.network.canTalk(node.name, peer.node)) continue;
      const peerAddress = /\/\/\[?([^\]/]+?)\]?:\d+$/.exec(peer.peerUrl)?.[1];
      if (!peerAddress) continue;
      // Each pair of members keeps a stream in each direction: one dialled by us, one accepted.
      sockets.push({ l4proto: 'tcp', localip: address, localport: ephemeralPort(node, `etcd/${peer.node}`), remoteip: peerAddress, remoteport: 2_380, state: 'ESTABLISHED', owner: 'etcd', uid: ETCD_UID });
      sockets.push({ l4proto: 'tcp', localip: address, localport: 2_380, remoteip: peerAddress, remoteport: ephemeralPort(node, `etcd-in/${peer.node}`), state: 'ESTABLISHED', owner: 'etcd', uid: ETCD_UID });
    }
  }
  const pods = node.config && node.isControlPlane() ? node.staticPodStates() : {};
  if (pods['kube-apiserver'] && pods['kube-apiserver'] !== 'pending') sockets.push(listen('tcp6', '::', 6_443, 'kube-apiserver', 65_534));
  if (pods['kube-controller-manager'] && pods['kube-controller-manager'] !== 'pending') sockets.push(listen('tcp', '127.0.0.1', 10_257, 'kube-controller-manager', 65_534));
  if (pods['kube-scheduler'] && pods['kube-scheduler'] !== 'pending') sockets.push(listen('tcp', '127.0.0.1', 10_259, 'kube-scheduler', 65_534));
  // kube-proxy runs in the host network: healthz on :10256, metrics on 127.0.0.1:10249.
  for (const pod of runningWorkloadPods(node)) {
    if (pod.container === 'kube-flannel') sockets.push(listen('udp', '0.0.0.0', FLANNEL_VXLAN_PORT, ''));
    if (pod.container !== 'kube-proxy') continue;
    const processKey = workloadProcessName(pod);
    sockets.push({ ...listen('tcp6', '::', 10_256, 'kube-proxy'), processKey }, { ...listen('tcp', '127.0.0.1', 10_249, 'kube-proxy'), processKey });
  }
  if (node.config && address && up('kubelet')) {
    const kubeletPort = ephemeralPort(node, 'kubelet');
    sockets.push({ l4proto: 'tcp', localip: '127.0.0.1', localport: kubeletPort, remoteip: '127.0.0.1', remoteport: 7_445, state: 'ESTABLISHED', owner: 'kubelet', uid: 0 });
    sockets.push({ l4proto: 'tcp', localip: '127.0.0.1', localport: 7_445, remoteip: '127.0.0.1', remoteport: kubeletPort, state: 'ESTABLISHED', owner: 'machined', uid: 0 });
    const apiServer = node.world.kubernetes.apiServerNodes().find((name) => node.world.network.canTalk(node.name, name));
    const apiAddress = apiServer ? node.world.memberDirectory().find((member) => member.name === apiServer)?.addresses[0] : undefined;
    if (apiAddress) sockets.push({ l4proto: 'tcp', localip: address, localport: ephemeralPort(node, 'kubeprism'), remoteip: apiAddress, remoteport: 6_443, state: 'ESTABLISHED', owner: 'machined', uid: 0 });
  }
  return sockets;
}

/**
 * The sockets of the pod network namespaces asked for: every one on the node (`all`) or those
 * named (by base name, as go-netstat opens /var/run/netns/<name>), each record carrying the name
 * as asked. A namespace's tables are read once per process in it: the pause process, then the pod's.
 */
function podSockets(node: VirtualNode, all: boolean, names: readonly string[]): Socket[] {
  if (!node.isPoweredOn()) return [];
  const sockets: Socket[] = [];
  for (const pod of runningWorkloadPods(node)) {
    const netns = podNetworkNamespace(node, pod);
    if (netns === '' || pod.podIp === undefined || pod.container !== 'coredns') continue;
    const asked = all ? netns : names.find((name) => name.slice(name.lastIndexOf('/') + 1) === netns);
    if (asked === undefined) continue;
    const processKey = workloadProcessName(pod);
    const own = (socket: Socket): Socket => ({ ...socket, processKey, netns: asked });
    const tables = [
      ...[53, 8_080, 8_181, 9_153].map((port) => own(listen('tcp6', '::', port, 'coredns', COREDNS_UID))),
      own(listen('udp6', '::', 53, 'coredns', COREDNS_UID)),
    ];
    if (node.world.kubernetes.apiAvailable) {
      tables.push(own({ l4proto: 'tcp', localip: pod.podIp, localport: ephemeralPort(node, `${netns}/kubernetes`), remoteip: KUBERNETES_SERVICE_IP, remoteport: 443, state: 'ESTABLISHED', owner: 'coredns', uid: COREDNS_UID }));
    }
    // Once through the pause process's /proc/<pid>/net, once through coredns's.
    sockets.push(...tables, ...tables);
  }
  return sockets;
}

const FILTERS: Record<string, (socket: Socket) => boolean> = {
  ALL: () => true,
  LISTENING: (socket) => socket.remoteport === 0,
  CONNECTED: (socket) => socket.remoteport !== 0,
};

const netstat: UnaryHandler = (request: NetstatRequest, { node }) => {
  const accept = FILTERS[request.filter];
  if (!accept) throw new TalosApiError('InvalidArgument', `invalid filter: ${request.filter}`);
  const protocols = request.l4proto ?? {};
  const pids = new Map(processTable(node).map((entry) => [entry.name, entry.pid]));
  pids.set('machined', 1);
  const sockets = [
    ...(request.netns?.hostnetwork ? hostSockets(node) : []),
    ...podSockets(node, request.netns?.allnetns === true, request.netns?.netns ?? []),
  ];
  const records = sockets
    .filter((socket) => protocols[socket.l4proto] === true && accept(socket))
    .map((socket) => ({
      l4proto: socket.l4proto,
      localip: socket.localip,
      localport: socket.localport,
      remoteip: socket.remoteip,
      remoteport: socket.remoteport,
      state: socket.state,
      txqueue: 0,
      rxqueue: 0,
      tr: 'OFF',
      timerwhen: 0,
      retrnsmt: 0,
      uid: socket.uid,
      timeout: 0,
      inode: socket.owner === '' ? 0 : 20_000 + Math.floor(node.random.child(`netstat/${node.bootId}/inode/${socket.netns ?? ''}${socket.l4proto}/${socket.localport}/${socket.remoteport}`).next() * 80_000),
      ref: 1,
      pointer: 0,
      process: request.feature?.pid && socket.owner !== '' ? { pid: pids.get(socket.processKey ?? socket.owner) ?? 0, name: socket.owner } : {},
      netns: socket.netns ?? '',
    }));
  return single({ connectrecord: records });
};

export const netstatHandlers: Record<string, UnaryHandler> = { Netstat: netstat };
