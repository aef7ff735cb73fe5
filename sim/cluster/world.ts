// Everything the nodes of one simulated cluster share: the kernel, the seed's generator tree, the
// trace, the LAN, etcd and Kubernetes, and the wall-clock time virtual zero stands for.
import { Kernel } from '../kernel/kernel.ts';
import { RandomTree } from '../kernel/random-tree.ts';
import { TraceRecorder } from '../kernel/trace.ts';
import { Network } from './network.ts';
import { EtcdCluster } from './etcd-cluster.ts';
import { KubernetesCluster } from './kubernetes.ts';
import { KmsEndpoints, KmsServer } from './kms-server.ts';
import type { MemberInfo, NodeWorld } from '../../nodes/node-world.ts';

/** Default wall time of virtual zero in `talsim run`: fixed so traces and logs are reproducible. */
export const DEFAULT_EPOCH_WALL_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export type { MemberInfo };

/** The world of one cluster: what its nodes see of it (NodeWorld), implemented by the cluster's models. */
export interface World extends NodeWorld {
  kernel: Kernel;
  random: RandomTree;
  trace: TraceRecorder;
  network: Network;
  etcd: EtcdCluster;
  kubernetes: KubernetesCluster;
  /** The declared KMS server (if any) and the endpoints nodes dial. */
  kms: KmsEndpoints;
  /** Wall-clock ms that virtual time 0 stands for. */
  epochWallMs: number;
  /** Discovery: the configured, powered, addressed nodes of the cluster, in node order (set by the cluster; kept incrementally). */
  memberDirectory: () => MemberInfo[];
  /**
   * The members every node lists once the cluster is larger than `limit`: the control planes and
   * the first `limit` others (each node adds itself), plus a by-name lookup. An entry that did not
   * change keeps its object.
   */
  listedMembers: (limit: number) => { shared: MemberInfo[]; byName: { get(name: string): MemberInfo | undefined } };
  /**
   * Changes whenever what a node lists may have changed (members, partitions, configs); a node
   * also compares its own entry (`listedMembers(...).byName.get(name)`) past the listing limit.
   */
  directoryVersion: () => string;
  /** Grows on every change that may move `directoryVersion()` or an entry (addresses, partitions, configs). */
  directoryChanges: () => number;
  /** Bumped when a node's config (machine type, hostname) changes. */
  configGeneration: number;
  /** Disk fsync latency by node name at a virtual time (set by the cluster once nodes exist). */
  fsyncLatencyMs: (node: string, atMs: number) => number;
  /** The most that latency can be on a node while its disk and the disk's faults stay as they are. */
  fsyncLatencyBoundMs: (node: string) => number;
}

/** `kmsAddress`: where the cluster's KMS server listens on the LAN (`<IPv4>:<port>`); absent, there is none. */
export function createWorld(seed: string, subnet: string, epochWallMs = DEFAULT_EPOCH_WALL_MS, kmsAddress?: string): World {
  const kernel = new Kernel();
  const random = new RandomTree(seed);
  const trace = new TraceRecorder(kernel);
  const network = new Network(subnet, random.stream('network'));
  const world = { kernel, random, trace, network, epochWallMs, fsyncLatencyMs: (_node: string, _atMs: number) => 2, fsyncLatencyBoundMs: (_node: string) => 2, memberDirectory: () => [], listedMembers: () => ({ shared: [], byName: new Map<string, MemberInfo>() }), directoryVersion: () => '', directoryChanges: () => 0, configGeneration: 0 } as unknown as World;
  world.etcd = new EtcdCluster(kernel, random.stream('etcd'), trace, network, (node, atMs) => world.fsyncLatencyMs(node, atMs), (node) => world.fsyncLatencyBoundMs(node));
  world.kubernetes = new KubernetesCluster(world.etcd, trace, kernel, random);
  world.kms = new KmsEndpoints(network, kmsAddress === undefined ? undefined : new KmsServer(kmsAddress, random.stream('kms')));
  return world;
}
