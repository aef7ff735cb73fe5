// The Kubernetes screen (`K`, `:kube`) as a real terminal frame: a booted 1 control plane + 2
// worker cluster shows its nodes and kube-system pods as kubectl prints them; a worker cut off
// from the control plane turns NotReady after the node controller's grace (and its pods not
// ready); `/` filters the rows. Virtual time only, so the frames compare exactly.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderUi } from './ui-harness.tsx';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { generatedClusterPlan } from '../../sim/live/live-plan.ts';
import { clusterSettled } from '../../sim/live/warp-point.ts';
import { bootstrap } from '../../nodes/node-commands.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { faultKind } from '../../sim/faults/fault-catalogue.ts';
import { parseTargetTexts } from '../../sim/live/control-targets.ts';
import type { UiSession } from '../../sim/ui/ui-session.ts';

const TERMINAL = { columns: 100, rows: 24 };
let cluster: SimCluster;
let session: UiSession;

beforeAll(() => {
  cluster = new SimCluster(generatedClusterPlan({ controlPlanes: 1, workers: 2, configured: true }), { seed: 'kube-ui' });
  const controlPlane = cluster.node('cp-1');
  let bootstrapped = false;
  cluster.world.kernel.onAfterEvent(() => {
    if (bootstrapped || controlPlane.services.state('etcd') !== 'Preparing' || !controlPlane.timeSynced) return;
    bootstrapped = true;
    bootstrap(controlPlane);
  });
  cluster.powerOnAll();
  cluster.world.kernel.runUntilCondition(() => clusterSettled(cluster).ok, { maxTimeMs: 15 * 60_000 });
  cluster.world.kernel.advance(60_000);
  session = {
    cluster,
    pacer: new RealTimePacer(cluster.world.kernel, 1),
    nodeApis: [],
    talosconfigPath: '/state/talosconfig',
    stateDir: '/state',
    title: 'kube',
  };
});

const SHOWN = [
  "talsim kube │ ▶ 1x │ 00:02:51 │ ready 3/3 · faults 0",
  "talosconfig /state/talosconfig",
  "┌─ Kubernetes(all)[3 nodes] ───────────────────────────────────────────────────────────────────────┐",
  "│API: answering (what kubectl would print now)                                                     │",
  "│                                                                                                  │",
  "│$ kubectl get nodes                                                                               │",
  "│NAME       STATUS   ROLES           AGE    VERSION                                                │",
  "│cp-1       Ready    control-plane   110s   v1.36.3                                                │",
  "│worker-1   Ready    <none>          109s   v1.36.3                                                │",
  "│worker-2   Ready    <none>          110s   v1.36.3                                                │",
  "│                                                                                                  │",
  "│$ kubectl get pods -n kube-system -o wide                                                         │",
  "│NAME                           READY   STATUS    RESTARTS   AGE    IP           NODE              │",
  "│coredns-82jhnxmn7c-nt4hq       1/1     Running   0          110s   10.244.1.2   worker-2          │",
  "│coredns-82jhnxmn7c-xkkrb       1/1     Running   0          110s   10.244.1.3   worker-2          │",
  "│kube-apiserver-cp-1            1/1     Running   0          110s   10.5.0.2     cp-1              │",
  "│kube-controller-manager-cp-1   1/1     Running   0          110s   10.5.0.2     cp-1              │",
  "│kube-flannel-2krt8             1/1     Running   0          110s   10.5.0.4     worker-2          │",
  "│kube-flannel-f82rw             1/1     Running   0          109s   10.5.0.3     worker-1          │",
  "│kube-flannel-jf2wz             1/1     Running   0          110s   10.5.0.2     cp-1              │",
  "│kube-proxy-bpl4g               1/1     Running   0          110s   10.5.0.4     worker-2          │",
  "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
  "/ filter  j/k scroll  space pause  . step  esc back",
];

const FILTERED = [
  "talsim kube │ ▶ 1x │ 00:02:51 │ ready 3/3 · faults 0",
  "talosconfig /state/talosconfig",
  "┌─ Kubernetes(/worker-1)[3 nodes] ─────────────────────────────────────────────────────────────────┐",
  "│API: answering (what kubectl would print now)                                                     │",
  "│                                                                                                  │",
  "│$ kubectl get nodes                                                                               │",
  "│NAME       STATUS   ROLES    AGE    VERSION                                                       │",
  "│worker-1   Ready    <none>   109s   v1.36.3                                                       │",
  "│                                                                                                  │",
  "│$ kubectl get pods -n kube-system -o wide                                                         │",
  "│NAME                 READY   STATUS    RESTARTS   AGE    IP         NODE                          │",
  "│kube-flannel-f82rw   1/1     Running   0          109s   10.5.0.3   worker-1                      │",
  "│kube-proxy-vvwxb     1/1     Running   0          109s   10.5.0.3   worker-1                      │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "│                                                                                                  │",
  "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
  "/ filter  j/k scroll  space pause  . step  esc back",
];

const CUT_OFF = [
  "talsim kube │ ▶ 1x │ 00:03:51 │ ready 2/3 · faults 1",
  "talosconfig /state/talosconfig",
  "┌─ Kubernetes(all)[3 nodes, 1 NotReady] ───────────────────────────────────────────────────────────┐",
  "│API: answering (what kubectl would print now)                                                     │",
  "│                                                                                                  │",
  "│$ kubectl get nodes                                                                               │",
  "│NAME       STATUS     ROLES           AGE     VERSION                                             │",
  "│cp-1       Ready      control-plane   2m50s   v1.36.3                                             │",
  "│worker-1   NotReady   <none>          2m49s   v1.36.3                                             │",
  "│worker-2   Ready      <none>          2m50s   v1.36.3                                             │",
  "│                                                                                                  │",
  "│$ kubectl get pods -n kube-system -o wide                                                         │",
  "│NAME                           READY   STATUS    RESTARTS   AGE     IP           NODE             │",
  "│coredns-82jhnxmn7c-nt4hq       1/1     Running   0          2m50s   10.244.1.2   worker-2         │",
  "│coredns-82jhnxmn7c-xkkrb       1/1     Running   0          2m50s   10.244.1.3   worker-2         │",
  "│kube-apiserver-cp-1            1/1     Running   0          2m50s   10.5.0.2     cp-1             │",
  "│kube-controller-manager-cp-1   1/1     Running   0          2m50s   10.5.0.2     cp-1             │",
  "│kube-flannel-2krt8             1/1     Running   0          2m50s   10.5.0.4     worker-2         │",
  "│kube-flannel-f82rw             0/1     Running   0          2m49s   10.5.0.3     worker-1         │",
  "│kube-flannel-jf2wz             1/1     Running   0          2m50s   10.5.0.2     cp-1             │",
  "│kube-proxy-bpl4g               1/1     Running   0          2m50s   10.5.0.4     worker-2         │",
  "└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
  "/ filter  j/k scroll  space pause  . step  esc back",
];

function inject(kind: string, targets: string[]): string {
  const definition = faultKind(kind);
  return faultRegistryOf(cluster).inject(definition.kind, parseTargetTexts(definition, targets), {}, undefined);
}

describe('the Kubernetes screen', () => {
  it('K shows nodes and pods as kubectl prints them', async () => {
    const ui = await renderUi(session, TERMINAL);
    await ui.press('K');
    expect(ui.lines()).toEqual(SHOWN);
    await ui.press('/', 'worker-1', '<enter>');
    await ui.refresh();
    expect(ui.lines()).toEqual(FILTERED);
    ui.unmount();
  });

  it('a worker cut off turns NotReady after the grace, its pods not ready', async () => {
    inject('partition', ['worker-1->cp-1']);
    cluster.world.kernel.advance(60_000);
    const ui = await renderUi(session, TERMINAL);
    await ui.press(':', 'kube', '<enter>');
    await ui.refresh();
    expect(ui.lines()).toEqual(CUT_OFF);
    ui.unmount();
  });
});
