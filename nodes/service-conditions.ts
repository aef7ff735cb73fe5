// The conditions Talos's system services wait on before they start (time sync, network, the etcd
// spec, the API certificates, the CRI volumes), and etcd's pre state on a control plane: go ahead
// (bootstrapped here or already a member), join a bootstrapped cluster that has room, or wait and
// print machined's bootstrap hint every 30 s. Leaves out: conditions no modelled service waits on.
import type { TimerHandle } from '../sim/kernel/kernel.ts';
import type { ControllerContext } from './controllers/controller-context.ts';
import type { PreStateResult } from './machines/service-machine.ts';
import { CRI_VOLUMES } from './services/service-catalog.ts';

/** What the conditions read of their node. */
export interface ConditionSubject extends ControllerContext {
  readonly bootStartedMs: number;
  talosLog(message: string): void;
}

/** Whether the named condition a service waits on holds now. */
export function conditionHolds(node: ConditionSubject, condition: string): boolean {
  switch (condition) {
    case 'time sync':
      return node.timeSynced;
    case 'network':
      return node.addresses().length > 0;
    case 'etcd spec':
      return node.isControlPlane() && node.addresses().length > 0 && node.spec()?.hasEtcdCa === true;
    case 'api certificates':
      return node.addresses().length > 0 || apiCertificatesTimedOut(node);
    case CRI_VOLUMES:
      return node.status.volumesMounted;
    default:
      return true;
  }
}

/** The API certificates go ahead without an address this long after boot (ms). */
const API_CERTIFICATES_WAIT_MS = 3_000;

function apiCertificatesTimedOut(node: ConditionSubject): boolean {
  return node.world.kernel.now - node.bootStartedMs > API_CERTIFICATES_WAIT_MS;
}

/**
 * Whether a condition found missing may hold now by the clock alone (nothing wakes the waits
 * then): the API certificates' wait for an address ends by itself. Every other condition follows
 * what wakes every wait when it changes (time sync, addresses, the config, the volumes mounted).
 */
export function conditionDueByClock(node: ConditionSubject, condition: string): boolean {
  return condition === 'api certificates' && apiCertificatesTimedOut(node);
}

/** etcd's pre state for one node; holds the timer of its 30 s bootstrap hint. */
export class EtcdJoinWait {
  private nagTimer: TimerHandle | undefined;

  constructor(private readonly node: ConditionSubject) {}

  preState(): PreStateResult {
    const { node } = this;
    const etcd = node.world.etcd;
    if (etcd.members.has(node.name)) return { ready: true };
    if (node.status.bootstrapRequested) return { ready: true };
    if (etcd.bootstrapped && etcd.canJoin(node.name)) {
      etcd.join(node.name, node.primaryAddress()!);
      return { ready: true };
    }
    this.scheduleNag();
    return { blocked: '' };
  }

  private scheduleNag(): void {
    if (this.nagTimer) return;
    const { node } = this;
    this.nagTimer = node.world.kernel.schedule(30_000, `etcd nag ${node.name}`, () => {
      this.nagTimer = undefined;
      if (node.services.state('etcd') !== 'Preparing' || node.world.etcd.members.has(node.name)) return;
      node.talosLog('etcd is waiting to join the cluster, if this node is the first node in the cluster, please run `talosctl bootstrap` against one of the following IPs:');
      node.talosLog(`[${node.addresses().join(' ')}]`);
      this.scheduleNag();
      node.requestReconcile();
    });
  }
}
