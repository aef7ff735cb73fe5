// `talosctl health --server=false` (cmd/talosctl/cmd/talos/health.go healthOnClient), its
// Talos-side checks replayed one by one by client-health.ts (pkg/cluster/check v1.13.9) against
// three control planes and two workers over real gRPC: all pass on a healthy cluster, and each
// fault fails the check a real cluster fails, with talosctl's text. The Kubernetes-side checks
// that follow are replayed by test/kube/talosctl-health.test.ts against `talsim up`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunningAndReady, startTestCluster, type TestCluster } from '../api/harness.ts';
import { reboot } from '../../nodes/node-commands.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { discoverClusterInfo, humanizeIBytes, MINIMAL_EPHEMERAL_BYTES, talosHealthLines, TALOS_OK_LINES, type TalosHealthReplay } from './client-health.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { faultKind } from '../../sim/faults/fault-catalogue.ts';
import { parseTargetTexts } from '../../sim/live/control-targets.ts';

let env: TestCluster;
let replay: TalosHealthReplay;
const addresses = new Map<string, string>();
/** A node's LAN address as discovery saw it (a powered-off node has none of its own). */
const ip = (name: string) => addresses.get(name)!;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 3, workers: 2, seed: 'health-client', services: [cosiStateService] });
  for (const name of env.cluster.nodes.keys()) addresses.set(name, env.node(name).primaryAddress()!);
  const cosi = env.client('cosi.resource.State', 'cp-1');
  replay = { machine: env.client('machine.MachineService', 'cp-1'), cosi, info: await env.drive.settle(discoverClusterInfo(cosi)) };
}, 180_000);
afterAll(() => env?.close());

function inject(kind: string, targets: string[], options: Record<string, unknown> = {}): string {
  const definition = faultKind(kind);
  return faultRegistryOf(env.cluster).inject(definition.kind, parseTargetTexts(definition, targets), options, undefined);
}

const lines = () => env.drive.settle(talosHealthLines(replay), { maxVirtualMs: 60_000, stepMs: 5 });
const line = async (index: number) => (await lines())[index];

describe('talosctl health --server=false: the Talos-side checks', () => {
  it('discovery: three control planes and two workers, each by its LAN address', () => {
    expect(replay.info.byType.TYPE_CONTROL_PLANE.map((node) => node.internalIp).sort()).toEqual(['cp-1', 'cp-2', 'cp-3'].map(ip).sort());
    expect(replay.info.byType.TYPE_WORKER.map((node) => node.internalIp).sort()).toEqual(['worker-1', 'worker-2'].map(ip).sort());
  });

  it('pass on a healthy cluster, in talosctl order', async () => {
    expect(await lines()).toEqual(TALOS_OK_LINES);
  });

  it('the EPHEMERAL minimum is what talosctl prints', () => {
    expect(humanizeIBytes(MINIMAL_EPHEMERAL_BYTES)).toBe('3.8 GiB');
  });

  it('etcd failing its health check on one control plane fails "etcd to be healthy" with that node', async () => {
    const id = inject('service-health-failing', ['cp-2'], { service: 'etcd' });
    await env.drive.advance(70_000);
    expect(await line(0)).toBe(`waiting for etcd to be healthy: 1 error occurred:\n\t* ${ip('cp-2')}: service is not healthy: etcd`);
    faultRegistryOf(env.cluster).heal(id);
    await env.drive.advance(70_000);
    expect(await line(0)).toBe(TALOS_OK_LINES[0]);
  });

  it('kubelet crash-looping on a control plane fails "kubelet to be healthy" with its state', async () => {
    const id = inject('service-crash-loop', ['cp-3'], { service: 'kubelet' });
    await env.drive.advance(20_000);
    const kubelet = await line(7);
    expect(kubelet).toMatch(new RegExp(`^waiting for kubelet to be healthy: 1 error occurred:\\n\\t\\* ${ip('cp-3').replaceAll('.', '\\.')}: service "kubelet" not in expected state "Running": current state \\[(Waiting|Failed|Starting|Preparing)\\] `));
    faultRegistryOf(env.cluster).heal(id);
    await env.drive.runUntil(() => env.node('cp-3').services.state('kubelet') === 'Running', 120_000);
    await env.drive.advance(60_000);
    expect(await line(7)).toBe(TALOS_OK_LINES[7]);
  });

  it('a worker powered off fails "apid to be ready" with the proxy error, and the boot sequence check', async () => {
    const id = inject('power-loss', ['worker-2']);
    await env.drive.advance(1_000);
    const all = await lines();
    expect(all.slice(0, 3)).toEqual(TALOS_OK_LINES.slice(0, 3));
    expect(all[3]).toMatch(new RegExp(`^waiting for apid to be ready: 1 error occurred:\\n\\t\\* ${ip('worker-2').replaceAll('.', '\\.')}: rpc error: code = Unavailable desc = `));
    expect(all[4]).toMatch(/^waiting for all nodes memory sizes: error getting version: 1 error occurred:/);
    expect(all[7]).toBe(TALOS_OK_LINES[7]);
    expect(all[8]).toMatch(/^waiting for all nodes to finish boot sequence: rpc error: code = Unavailable desc = /);
    faultRegistryOf(env.cluster).heal(id);
    await env.drive.runUntil(() => isRunningAndReady(env.node('worker-2')), 10 * 60_000);
    expect(await lines()).toEqual(TALOS_OK_LINES);
  });

  it('a worker still booting after a reboot fails "all nodes to finish boot sequence" with its stage', async () => {
    const id = inject('slow-boot', ['worker-1'], { bootSlowdownFactor: 20 });
    reboot(env.node('worker-1'));
    expect(await env.drive.runUntil(() => env.node('worker-1').stage() === 'booting' && env.node('worker-1').apiReachable(), 10 * 60_000)).toBe(true);
    expect(await line(8)).toBe(`waiting for all nodes to finish boot sequence: nodes are not running: booting: [${ip('worker-1')}]`);
    faultRegistryOf(env.cluster).heal(id);
    await env.drive.runUntil(() => isRunningAndReady(env.node('worker-1')), 20 * 60_000);
    expect(await lines()).toEqual(TALOS_OK_LINES);
  });
});

describe('talosctl health --server=false on hardware below Talos minimums', () => {
  let small: TestCluster;
  let smallReplay: TalosHealthReplay;
  const DISK = { name: 'sda', size: '5632MiB', model: 'QEMU HARDDISK', transport: 'virtio', rotational: false, fsyncLatencyMs: 2 };

  beforeAll(async () => {
    small = await startTestCluster({
      controlPlanes: 1,
      workers: 1,
      seed: 'health-client-small',
      services: [cosiStateService],
      hardware: { 'cp-1': { profile: 'default', overrides: { memory: '1536MiB' } }, 'worker-1': { profile: 'default', overrides: { disks: [DISK] } } },
    });
    const cosi = small.client('cosi.resource.State', 'cp-1');
    smallReplay = { machine: small.client('machine.MachineService', 'cp-1'), cosi, info: await small.drive.settle(discoverClusterInfo(cosi)) };
  }, 180_000);
  afterAll(() => small?.close());

  it('a control plane with 1.5 GiB fails the memory check; a 5.5 GiB system disk fails the EPHEMERAL size check', async () => {
    const all = await small.drive.settle(talosHealthLines(smallReplay), { maxVirtualMs: 60_000, stepMs: 5 });
    const cp = small.node('cp-1').primaryAddress()!;
    const worker = small.node('worker-1').primaryAddress()!;
    expect(all.slice(0, 4)).toEqual(TALOS_OK_LINES.slice(0, 4));
    expect(all[4]).toMatch(new RegExp(`^waiting for all nodes memory sizes: 1 error occurred:\\n\\t\\* node "${cp.replaceAll('.', '\\.')}" does not meet memory requirements: expected at least 1698 MiB, actual 1[0-9]{3} MiB$`));
    expect(all[5]).toMatch(new RegExp(`^waiting for all nodes disk sizes: 1 error occurred:\\n\\t\\* ephemeral partition "/dev/sda\\d" for node "${worker.replaceAll('.', '\\.')}" is too small, expected at least 3\\.8 GiB, actual 3\\.\\d GiB$`));
    expect(all.slice(6)).toEqual(TALOS_OK_LINES.slice(6));
  });
});
