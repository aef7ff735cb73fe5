// Network faults through the network controller, discovery and etcd: a link that goes down takes
// its address and brings the `network` unmet condition; a flapping link repeats `link state
// changed`; latency between control planes slows etcd past its timeout; partitions hide nodes from
// each other, one-way or both; a silent DHCP server lets leases run out; failing DNS keeps time
// unsynced.
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, newCluster, nodesTarget, on, waitFor } from './fault-harness.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { DHCP_LEASE_MS } from '../../nodes/controllers/network-controller.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';

const memberHostnames = (cluster: SimCluster, node: string) =>
  cluster.node(node).resources.list('cluster', RT.member).map((member) => member.metadata.id).sort();
const countLines = (cluster: SimCluster, node: string, text: string) =>
  cluster.node(node).logs.lines('controller-runtime').filter((line) => line.text.includes(text)).length;

describe('network faults', () => {
  it('link-down: the worker loses its address and shows the `network` unmet condition; healed, it is ready again', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const address = `${cluster.node('worker-1').reservedIp}/24`;
    const id = faults.inject('link-down', nodesTarget('worker-1'));
    waitFor(cluster, { nodes: on('worker-1'), address: { cidr: address, present: false }, unmetCondition: { name: 'network', reasonContains: 'address' } }, 1_000);
    expect(cluster.node('worker-1').logs.contains('controller-runtime', 'link state changed {"component": "controller-runtime", "controller": "network.LinkStatusController", "link": "eth0", "up": false}')).toBe(true);
    expect(cluster.node('worker-1').logs.contains('controller-runtime', `removed address {"component": "controller-runtime", "controller": "network.AddressSpecController", "address": "${address}", "link": "eth0"}`)).toBe(true);
    expect(cluster.node('worker-1').resources.get<{ operationalState: string }>('network', RT.linkStatus, 'eth0')!.spec.operationalState).toBe('down');
    expect(cluster.node('worker-1').apiReachable()).toBe(false);
    faults.heal(id);
    waitFor(cluster, { nodes: on('worker-1'), address: { cidr: address, present: true }, stage: 'running', ready: true }, 60_000);
  });

  it('link-flap: the link goes down and up every period (down 3 s of every 10 s) until healed', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const id = faults.inject('link-flap', nodesTarget('worker-1'), { periodMs: 10_000, downRatio: 0.3 });
    advance(cluster, 35_000);
    expect(countLines(cluster, 'worker-1', '"link": "eth0", "up": false')).toBe(4);
    expect(countLines(cluster, 'worker-1', '"link": "eth0", "up": true')).toBe(4);
    faults.heal(id);
    advance(cluster, 30_000);
    expect(countLines(cluster, 'worker-1', '"link": "eth0", "up": false')).toBe(4);
    expect(cluster.node('worker-1').nics[0]!.carrier).toBe(true);
  });

  it('network-latency: 3 s between control planes puts etcd commits past the timeout; healed, etcd is healthy', () => {
    const { cluster, faults } = bootedCluster();
    const controlPlanes = ['cp-1', 'cp-2', 'cp-3'];
    const id = faults.inject('network-latency', { kind: 'link', from: controlPlanes, to: controlPlanes }, { latencyMs: 3_000 });
    expect(cluster.world.network.latencyMs('cp-1', 'cp-2')).toBeGreaterThanOrEqual(3_000);
    expect(cluster.world.network.latencyMs('cp-1', 'worker-1')).toBeLessThan(1);
    expect(cluster.world.etcd.commitLatencyMs()).toBeGreaterThan(5_000);
    expect(cluster.world.kubernetes.apiUnavailableReason()).toBe('etcd requests time out (slow commits)');
    waitFor(cluster, { nodes: on('cp-1'), service: { id: 'etcd', healthy: false } }, 30_000);
    faults.heal(id);
    expect(cluster.world.network.latencyMs('cp-1', 'cp-2')).toBeLessThan(1);
    waitFor(cluster, { nodes: { kind: 'role', role: 'controlplane' }, service: { id: 'etcd', healthy: true } }, 30_000);
  });

  it('partition: discovery loses the other side; one-way cuts only one direction; overlapping cuts heal independently', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const network = cluster.world.network;
    const both = faults.inject('partition', { kind: 'link', from: ['worker-1'], to: ['cp-1'] });
    const oneWay = faults.inject('partition', { kind: 'link', from: ['worker-1'], to: ['cp-1'] }, { symmetric: false });
    advance(cluster, 1_000);
    expect(memberHostnames(cluster, 'worker-1')).toEqual(['worker-1']);
    expect(memberHostnames(cluster, 'cp-1')).toEqual(['cp-1']);
    faults.heal(both);
    expect(network.canReach('cp-1', 'worker-1')).toBe(true);
    expect(network.canReach('worker-1', 'cp-1')).toBe(false);
    faults.heal(oneWay);
    expect(network.canTalk('worker-1', 'cp-1')).toBe(true);
    advance(cluster, 1_000);
    expect(memberHostnames(cluster, 'worker-1')).toEqual(['cp-1', 'worker-1']);
  });

  it('dhcp-timeout: leases are kept until they run out, renewals fail loudly, then the address goes; healed, it comes back', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const address = `${cluster.node('worker-1').reservedIp}/24`;
    const id = faults.inject('dhcp-timeout');
    advance(cluster, DHCP_LEASE_MS / 2 + 1_000);
    expect(countLines(cluster, 'worker-1', 'DHCP request/renew failed')).toBeGreaterThanOrEqual(1);
    expect(cluster.node('worker-1').logs.contains('controller-runtime', '"operator": "dhcp4", "error": "got an error while processing the request: no matching response packet received", "link": "eth0"')).toBe(true);
    waitFor(cluster, { nodes: on('worker-1'), address: { cidr: address, present: true } }, 1);
    waitFor(cluster, { nodes: on('worker-1'), address: { cidr: address, present: false }, unmetCondition: { name: 'network' } }, DHCP_LEASE_MS);
    faults.heal(id);
    waitFor(cluster, { nodes: on('worker-1'), address: { cidr: address, present: true } }, 60_000);
  });

  for (const kind of ['dns-failure', 'upstream-unreachable']) {
    it(`${kind}: nodes booting meanwhile cannot sync time; healed, they sync and get ready`, () => {
      const cluster = newCluster({ controlPlanes: 1, workers: 0 });
      const id = faultRegistryOf(cluster).inject(kind);
      cluster.powerOnAll();
      advance(cluster, 3 * 60_000);
      waitFor(cluster, { nodes: on('cp-1'), unmetCondition: { name: 'time' }, log: { source: 'controller-runtime', contains: 'failed looking up "time.cloudflare.com"' } }, 1);
      faultRegistryOf(cluster).heal(id);
      waitFor(cluster, { nodes: on('cp-1'), noUnmetCondition: 'time' }, 60_000);
    });
  }
});
