// The node's side of ApplyConfiguration: the apply machine, the persist step that makes an apply
// take (virtual) time so a second apply meanwhile is refused, the convergence predicate that says
// what of the active config is not realised yet, try-mode reverts and the record of acknowledged
// applies that the "no acknowledged apply lost" invariant reads.
import { createActor, type Actor } from 'xstate';
import { applyMachine } from './machines/apply-machine.ts';
import type { NodeContext } from './node-context.ts';
import type { ActiveConfig } from './node-status.ts';
import type { ApplyState } from './vocabulary.ts';
import { RT } from './resources/resource-types.ts';
import { documentsPending } from './document-convergence.ts';
import { labelKeys, pendingNodeLabel } from './controllers/node-label-sync.ts';
import { kernelClock } from '../sim/kernel/xstate-clock.ts';
import type { TimerHandle } from '../sim/kernel/kernel.ts';

export interface AcknowledgedApply {
  timeMs: number;
  mode: string;
  /** The config text the node promised to run (now, or after its next boot for staged/reboot). */
  text: string;
  whenEffective: 'now' | 'next-boot';
}

export class NodeApply {
  private readonly actor: Actor<typeof applyMachine>;
  /** An apply is being validated and persisted right now. */
  inProgress = false;
  /** A reboot-mode apply was acknowledged and its reboot has not started this machined over yet. */
  rebootingForApply = false;
  /** Paths that changed in the last immediate apply (decide which predicates matter). */
  changedPaths: string[] = [];
  readonly acknowledged: AcknowledgedApply[] = [];
  private tryTimer: TimerHandle | undefined;
  private tryPrevious: ActiveConfig | undefined;

  constructor(private readonly node: NodeContext) {
    this.actor = createActor(applyMachine, {
      input: {
        host: {
          pendingReason: () => this.pendingReason(),
          onStateChange: (state, reason) => this.onStateChange(state, reason),
        },
      },
      clock: kernelClock(node.world.kernel, `apply ${node.name}`),
    });
    this.actor.start();
  }

  state(): ApplyState {
    const value = this.actor.getSnapshot().value;
    return (typeof value === 'string' ? value : Object.keys(value)[0]!) as ApplyState;
  }

  /** Why the apply is not done (stuck or Reconciling), '' otherwise. */
  reason(): string {
    const state = this.state();
    return state === 'Reconciling' || state === 'stuck' ? this.pendingReason() ?? '' : '';
  }

  /**
   * Controllers ran: a converging or stuck apply re-reads what is pending. Only those two states
   * act on RECHECK (the others have no transition for it and no eventless one), so it is sent to
   * them alone rather than after every reconcile pass of every node.
   */
  recheck(): void {
    const value = this.actor.getSnapshot().value;
    if (value === 'stuck' || (typeof value === 'object' && (value as Record<string, unknown>).Reconciling === 'converging')) this.actor.send({ type: 'RECHECK' });
  }

  /** A new config is active: controllers start converging on it. */
  appliedImmediately(changedPaths: string[]): void {
    this.changedPaths = changedPaths;
    this.actor.send({ type: 'APPLIED' });
  }

  rebootRequired(): void {
    this.actor.send({ type: 'REBOOT_REQUIRED' });
  }

  startTry(previous: ActiveConfig | undefined, timeoutMs: number): void {
    this.cancelTry();
    this.tryPrevious = previous;
    this.tryTimer = this.node.world.kernel.schedule(timeoutMs, `try revert ${this.node.name}`, () => this.revertTry());
  }

  /** Confirm a try-mode apply (apply the same config again without try), keeping it. */
  cancelTry(): boolean {
    const had = this.tryTimer !== undefined;
    this.node.world.kernel.cancel(this.tryTimer);
    this.tryTimer = undefined;
    this.tryPrevious = undefined;
    return had;
  }

  get tryPending(): boolean {
    return this.tryTimer !== undefined;
  }

  private revertTry(): void {
    this.tryTimer = undefined;
    const previous = this.tryPrevious;
    this.tryPrevious = undefined;
    this.node.talosLog('rolling back the configuration');
    if (!previous) {
      // A try made in maintenance: the config it rolls back to is none. The node that has not left
      // maintenance waits for a config again; one that is installing has read what it needed and
      // reboots into maintenance, as nothing was persisted.
      this.node.status.dropTriedConfig();
      this.node.fs.configChanged();
      this.node.world.trace.record(this.node.name, 'apply.reverted', { to: 'none' });
      this.node.requestReconcile();
      return;
    }
    this.node.status.activateConfig(previous);
    this.node.fs.configChanged();
    this.node.world.trace.record(this.node.name, 'apply.reverted', {});
    this.appliedImmediately(['*']);
    this.node.requestReconcile();
  }

  onBoot(): void {
    this.cancelTry();
    this.rebootingForApply = false;
    this.actor.send({ type: 'BOOTED' });
  }

  onPowerLost(): void {
    this.inProgress = false;
    this.rebootingForApply = false;
  }

  private onStateChange(state: string, reason: string): void {
    this.node.world.trace.record(this.node.name, 'apply', { state, reason });
    if (state === 'stuck') this.node.talosLog(`apply config: still reconciling after 30s: ${reason}`);
  }

  /** What of the active config is not realised yet, in words a Talos user recognises; null when all is. */
  pendingReason(): string | null {
    const node = this.node;
    const spec = node.spec();
    if (!spec) return null;
    for (const wanted of spec.interfaces) {
      const nic = node.nics.find((n) => n.name === wanted.interface);
      for (const address of wanted.addresses) {
        const present = node.resources.get('network', RT.addressStatus, `${wanted.interface}/${address}`);
        if (present) continue;
        if (!nic) return `address ${address} on link "${wanted.interface}": link "${wanted.interface}" not found`;
        if (!nic.carrier) return `address ${address} on link "${wanted.interface}": link is down`;
        return `address ${address} on link "${wanted.interface}" not assigned yet`;
      }
      for (const route of wanted.routes) {
        if (!node.resources.get('network', RT.routeStatus, `${wanted.interface}/${route.network}`)) {
          return `route ${route.network} via ${route.gateway}: error adding route: netlink receive: network is unreachable`;
        }
      }
    }
    // The apply predicate checks v1alpha1's hostname only (a HostnameConfig document is not awaited).
    const hostname = spec.networkHostname;
    if (hostname && node.resources.get<{ hostname: string }>('network', RT.hostnameStatus, 'hostname')?.spec.hostname !== hostname) {
      return `hostname "${hostname}" not set yet`;
    }
    const documents = documentsPending(node);
    if (documents !== null) return documents;
    if (!['running', 'booting'].includes(node.stage())) return null;
    const touches = (prefix: string) => this.changedPaths.some((p) => p === '*' || p.startsWith(prefix));
    if (touches('machine.kubelet') && !node.services.isUp('kubelet')) {
      const last = node.services.records.get('kubelet')?.events.at(-1);
      return `kubelet: ${last ? `${last.state}: ${last.message}` : 'not started'}`;
    }
    if (node.isControlPlane() && touches('cluster.')) {
      const pods = node.staticPodStates();
      const unready = Object.entries(pods).find(([, state]) => state !== 'ready');
      if (unready) {
        const why = node.world.kubernetes.apiUnavailableReason();
        return `static pod ${unready[0]} ${unready[1]}${why ? `: waiting for ${why === 'etcd has no quorum' ? 'etcd quorum' : why}` : ''}`;
      }
    }
    const labels = spec.nodeLabels;
    if (touches('machine.node') && labelKeys(labels).length > 0) {
      const why = node.world.kubernetes.apiUnavailableReason();
      if (why) return `node labels: waiting for Kubernetes API (${why === 'etcd has no quorum' ? 'waiting for etcd quorum' : why})`;
      const kubeNode = node.world.kubernetes.nodes.get(node.hostname());
      if (!kubeNode) return `node labels: node "${node.hostname()}" is not registered yet`;
      const missing = pendingNodeLabel(node, labels, node.hostname());
      if (missing) return `node labels: label ${missing[0]}=${missing[1]} not applied yet`;
    }
    return null;
  }
}
