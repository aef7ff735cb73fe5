// The cluster's etcd as a model: members with ids and URLs, bootstrap on one control plane,
// learner join and promotion, quorum computed over the simulated network, leader elections with
// terms, and commit latency drawn from the members' disks (a slow disk makes a slow etcd).
// Leaves out: the raft log itself, snapshots, compaction, alarms, TLS between peers.
import type { Kernel, TimerHandle } from '../kernel/kernel.ts';
import type { RandomStream } from '../kernel/random-tree.ts';
import type { TraceRecorder } from '../kernel/trace.ts';
import { BASE_PATH_LATENCY_MS, type Network } from './network.ts';
import type { EtcdMemberState, NodeEtcd } from '../../nodes/node-world.ts';

export type { EtcdMemberState };

/** What etcd keeps on its members' disks across a power cut: the membership, the data directories and the term. */
export interface KeptEtcd {
  term: number;
  members: Array<Omit<EtcdMemberState, 'running'>>;
  dataDirectories: string[];
}

export interface EtcdFaults {
  /** Extra delay added to every commit, ms. */
  commitDelayMs: number;
  /** Election timeout multiplier (slow leader election). */
  electionSlowdownFactor: number;
}

/** etcd's election timeout range in a Talos cluster, ms. */
const ELECTION_TIMEOUT_MS: [number, number] = [1000, 2000];
/** Time for a learner to catch up before it can be promoted, ms. */
const LEARNER_PROMOTION_MS = 6000;
/** Beyond this commit latency clients time out (health checks, kube-apiserver). */
export const ETCD_REQUEST_TIMEOUT_MS = 5000;

export class EtcdCluster implements NodeEtcd {
  readonly members = new Map<string, EtcdMemberState>();
  readonly faults: EtcdFaults = { commitDelayMs: 0, electionSlowdownFactor: 1 };
  /** Nodes whose etcd data directory holds data (bootstrap there fails with AlreadyExists). */
  readonly dataDirectories = new Set<string>();
  leader: string | undefined;
  term = 0;
  /** Every (term, leader) ever elected, for the one-leader-per-term invariant. */
  readonly leaderHistory: Array<{ term: number; leader: string; atMs: number }> = [];
  private electionTimer: TimerHandle | undefined;
  private readonly promotionTimers = new Map<string, TimerHandle>();
  private changeListeners: Array<() => void> = [];

  constructor(
    private readonly kernel: Kernel,
    private readonly random: RandomStream,
    private readonly trace: TraceRecorder,
    private readonly network: Network,
    /** The latency of an fsync issued at a virtual time on a node's system disk (keyed: reading it draws nothing). */
    private readonly fsyncLatencyMs: (node: string, atMs: number) => number,
    /** The most that latency can be at any virtual time while the disk and its faults stay as they are. */
    private readonly fsyncLatencyBoundMs: (node: string) => number = () => Infinity,
  ) {}

  get bootstrapped(): boolean {
    return this.members.size > 0;
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Create a one-member cluster on `node` (Talos's Bootstrap API). */
  bootstrap(node: string, ip: string): EtcdMemberState {
    const member = this.newMember(node, ip, false);
    this.dataDirectories.add(node);
    this.trace.record(node, 'etcd.bootstrap', { memberId: member.id });
    this.changed();
    return member;
  }

  /** Whether `node` can join now: a leader exists and is reachable. */
  canJoin(node: string): boolean {
    return this.leader !== undefined && this.network.canTalk(node, this.leader) && this.hasQuorum();
  }

  /** Add `node` as a learner; it is promoted once caught up, if the leader is still reachable. */
  join(node: string, ip: string): EtcdMemberState {
    const existing = this.members.get(node);
    if (existing) return existing;
    const member = this.newMember(node, ip, true);
    this.dataDirectories.add(node);
    this.trace.record(node, 'etcd.join', { memberId: member.id, learner: true });
    this.promotionTimers.set(
      node,
      this.kernel.schedule(this.random.durationMs(LEARNER_PROMOTION_MS, 0.3), 'etcd promote', () => this.promote(node)),
    );
    this.changed();
    return member;
  }

  private promote(node: string): void {
    this.promotionTimers.delete(node);
    const member = this.members.get(node);
    if (!member || !member.isLearner) return;
    if (!member.running || !this.canJoin(node)) {
      this.promotionTimers.set(node, this.kernel.schedule(2000, 'etcd promote retry', () => this.promote(node)));
      return;
    }
    member.isLearner = false;
    this.trace.record(node, 'etcd.promoted', { memberId: member.id });
    this.changed();
  }

  private newMember(node: string, ip: string, isLearner: boolean): EtcdMemberState {
    const member: EtcdMemberState = {
      node,
      id: this.random.child(`member/${node}`).hex(16),
      peerUrl: `https://${ip}:2380`,
      clientUrl: `https://${ip}:2379`,
      isLearner,
      running: false,
    };
    this.members.set(node, member);
    return member;
  }

  setRunning(node: string, running: boolean): void {
    const member = this.members.get(node);
    if (!member || member.running === running) return;
    member.running = running;
    this.trace.record(node, running ? 'etcd.member-up' : 'etcd.member-down', { memberId: member.id });
    this.changed();
  }

  remove(node: string): boolean {
    const member = this.members.get(node);
    if (!member) return false;
    this.members.delete(node);
    this.kernel.cancel(this.promotionTimers.get(node));
    this.trace.record(node, 'etcd.member-removed', { memberId: member.id });
    if (this.leader === node) this.leader = undefined;
    this.changed();
    return true;
  }

  /** The membership and data as the members' disks hold them (every member process stopped). */
  kept(): KeptEtcd {
    const members = [...this.members.values()].map(({ node, id, peerUrl, clientUrl, isLearner }) => ({ node, id, peerUrl, clientUrl, isLearner }));
    return { term: this.term, members, dataDirectories: [...this.dataDirectories].sort() };
  }

  /**
   * Powers the model up from what the disks kept: every member stopped, no leader (the next
   * election starts a later term), a learner's promotion pending again. Called before any node runs.
   */
  restore(kept: KeptEtcd): void {
    this.term = kept.term;
    for (const member of kept.members) {
      this.members.set(member.node, { ...member, running: false });
      if (member.isLearner) this.promotionTimers.set(member.node, this.kernel.schedule(this.random.durationMs(LEARNER_PROMOTION_MS, 0.3), 'etcd promote', () => this.promote(member.node)));
    }
    for (const node of kept.dataDirectories) this.dataDirectories.add(node);
  }

  wipeData(node: string): void {
    this.dataDirectories.delete(node);
  }

  voters(): EtcdMemberState[] {
    return [...this.members.values()].filter((m) => !m.isLearner);
  }

  /** Running voters `node` can talk to, itself included. */
  private reachableVoters(node: string): string[] {
    return this.voters()
      .filter((m) => m.running && this.network.canTalk(node, m.node))
      .map((m) => m.node);
  }

  /** Whether `node` (a running voter) sits in a majority partition. */
  inMajority(node: string): boolean {
    const member = this.members.get(node);
    if (!member?.running) return false;
    return this.reachableVoters(node).length > this.voters().length / 2;
  }

  hasQuorum(): boolean {
    return this.leader !== undefined && this.inMajority(this.leader);
  }

  /**
   * Latency of a write committed now, ms: the slowest fsync in the quorum plus peer round trips.
   * Sampled per virtual millisecond (disks' and paths' keyed draws), so it is the same for every
   * reader and reading it moves no random stream: how often the API's availability is asked does
   * not change the run.
   */
  commitLatencyMs(): number {
    if (!this.leader) return Infinity;
    const quorum = this.reachableVoters(this.leader);
    const needed = Math.floor(this.voters().length / 2) + 1;
    const atMs = this.kernel.now;
    const latencies = quorum.map((n) => this.fsyncLatencyMs(n, atMs) + 2 * this.network.latencyMsAt(this.leader!, n, atMs)).sort((a, b) => a - b);
    return (latencies[needed - 1] ?? Infinity) + this.faults.commitDelayMs;
  }

  /**
   * Whether commitLatencyMs() can exceed the request timeout at some millisecond while the members,
   * the disks' faults and the network's stay as they are: the slowest voter's fsync at its most
   * plus the round trip without a path fault (a path fault anywhere, or no leader: it can).
   * Reading it draws nothing.
   */
  commitsMayTimeOut(): boolean {
    if (this.leader === undefined || this.network.hasPathFaults()) return true;
    let worstMs = 0;
    for (const member of this.members.values()) if (!member.isLearner) worstMs = Math.max(worstMs, this.fsyncLatencyBoundMs(member.node));
    return worstMs + 2 * BASE_PATH_LATENCY_MS + this.faults.commitDelayMs > ETCD_REQUEST_TIMEOUT_MS;
  }

  /** Why this member's health check fails, or null when healthy. */
  healthFailure(node: string, commitLatencyMs = this.commitLatencyMs()): string | null {
    const member = this.members.get(node);
    if (!member || !member.running) return 'dial tcp 127.0.0.1:2379: connect: connection refused';
    if (member.isLearner) return 'etcdserver: rpc not supported for learner';
    if (!this.inMajority(node) || !this.hasQuorum()) return 'context deadline exceeded';
    if (commitLatencyMs > ETCD_REQUEST_TIMEOUT_MS) return 'context deadline exceeded';
    return null;
  }

  /** Re-evaluate leadership after any change of members, processes or the network. */
  reevaluate(): void {
    if (this.leader !== undefined && this.inMajority(this.leader)) {
      this.kernel.cancel(this.electionTimer);
      this.electionTimer = undefined;
      return;
    }
    if (this.leader !== undefined) {
      this.trace.record(this.leader, 'etcd.leader-lost', { term: this.term });
      this.leader = undefined;
      this.notify();
    }
    if (this.electionTimer || this.voters().length === 0) return;
    const timeoutMs = this.random.uniform(...ELECTION_TIMEOUT_MS) * this.faults.electionSlowdownFactor;
    this.electionTimer = this.kernel.schedule(Math.round(timeoutMs), 'etcd election', () => this.elect());
  }

  /**
   * etcd's MoveLeader (what `talosctl etcd forfeit-leadership` asks for): the leader hands over to
   * the first other started voter in its majority; a new term begins. Returns the new leader, or
   * undefined when `node` does not lead or nobody can take over (leadership stays).
   */
  moveLeader(node: string): string | undefined {
    if (this.leader !== node) return undefined;
    const successor = this.voters()
      .filter((member) => member.node !== node && this.inMajority(member.node))
      .map((member) => member.node)
      .sort()[0];
    if (successor === undefined) return undefined;
    this.term++;
    this.leader = successor;
    this.leaderHistory.push({ term: this.term, leader: successor, atMs: this.kernel.now });
    this.trace.record(successor, 'etcd.leader-elected', { term: this.term, movedFrom: node });
    this.notify();
    return successor;
  }

  private elect(): void {
    this.electionTimer = undefined;
    const candidates = this.voters().filter((m) => this.inMajority(m.node));
    if (candidates.length === 0) {
      this.reevaluate();
      return;
    }
    const winner = this.random.pick(candidates.map((c) => c.node).sort());
    this.term++;
    this.leader = winner;
    this.leaderHistory.push({ term: this.term, leader: winner, atMs: this.kernel.now });
    this.trace.record(winner, 'etcd.leader-elected', { term: this.term });
    this.notify();
  }

  private changed(): void {
    this.reevaluate();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.changeListeners) listener();
  }
}
