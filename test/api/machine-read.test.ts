// The read-only MachineService methods over real mutual TLS on loopback, against a booted
// 1 control plane + 1 worker cluster, with the generated talosconfig's os:admin certificate:
// every reply has Talos's shape and agrees with the node's simulated state.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as grpc from '@grpc/grpc-js';
import { collect, startTestCluster, unary, type TestCluster } from './harness.ts';
import { unpackAny } from '../../proto/load.ts';

let env: TestCluster;
let cp: grpc.Client;
let worker: grpc.Client;

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 1 });
  cp = env.client('machine.MachineService', 'cp-1');
  worker = env.client('machine.MachineService', 'worker-1');
});
afterAll(() => env.close());

describe('identity', () => {
  it('Version reports the booted tag, metal platform and RBAC once configured', async () => {
    const reply = await unary(cp, 'Version');
    expect(reply.messages).toHaveLength(1);
    const [version] = reply.messages;
    expect(version.metadata).toBeNull();
    expect(version.version).toMatchObject({ tag: 'v1.13.0', built: '', os: 'linux', arch: 'amd64' });
    expect(version.version.sha).toMatch(/^[0-9a-f]{8}$/);
    expect(version.platform).toEqual({ name: 'metal', mode: 'metal' });
    expect(version.features).toEqual({ rbac: true });
  });

  it('Hostname is the configured hostname', async () => {
    const reply = await unary(worker, 'Hostname');
    expect(reply.messages[0].hostname).toBe('worker-1');
  });
});

describe('services', () => {
  it('ServiceList: sorted ids, Talos states, events always present, health', async () => {
    const [list] = (await unary(cp, 'ServiceList')).messages;
    const ids = list.services.map((service: { id: string }) => service.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['apid', 'containerd', 'cri', 'etcd', 'kubelet', 'machined', 'trustd', 'udevd']));
    for (const service of list.services) {
      expect(service.state).toBe('Running');
      expect(service.events.events.length).toBeGreaterThan(0);
      expect(service.events.events.length).toBeLessThanOrEqual(64);
    }
    const etcd = list.services.find((service: { id: string }) => service.id === 'etcd');
    expect(etcd.health).toMatchObject({ unknown: false, healthy: true });
    const record = env.node('cp-1').services.records.get('etcd')!;
    expect(etcd.events.events.at(-1).msg).toBe(record.events.at(-1)!.message);
  });

  it('ServiceList on a worker has no etcd or trustd', async () => {
    const ids = (await unary(worker, 'ServiceList')).messages[0].services.map((service: { id: string }) => service.id);
    expect(ids).not.toContain('etcd');
    expect(ids).not.toContain('trustd');
  });
});

describe('logs', () => {
  it('LogsContainers lists the node log ids', async () => {
    const [reply] = (await unary(cp, 'LogsContainers')).messages;
    expect(reply.ids).toEqual(env.node('cp-1').logs.ids());
    expect(reply.ids).toContain('machined');
  });

  it('Logs with tail_lines returns the last lines of a service log', async () => {
    const { messages, error } = await collect(cp, 'Logs', { namespace: 'system', id: 'machined', driver: 'CONTAINERD', tail_lines: 3 });
    expect(error).toBeUndefined();
    const text = Buffer.concat(messages.map((message: { bytes: Buffer }) => message.bytes)).toString();
    const expected = env.node('cp-1').logs.lines('machined').slice(-3).map((line) => `${line.text}\n`).join('');
    expect(text).toBe(expected);
  });

  it('Logs with tail_lines -1 returns everything', async () => {
    const { messages } = await collect(cp, 'Logs', { namespace: 'system', id: 'etcd', tail_lines: -1 });
    const lines = Buffer.concat(messages.map((message: { bytes: Buffer }) => message.bytes)).toString().split('\n').filter(Boolean);
    expect(lines).toHaveLength(env.node('cp-1').logs.lines('etcd').length);
  });

  it('Logs follow streams new lines as they are written', async () => {
    const following = collect(cp, 'Logs', { namespace: 'system', id: 'machined', tail_lines: 0, follow: true }, { until: (messages) => messages.length >= 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    env.node('cp-1').talosLog('a line written while following');
    const { messages } = await following;
    expect(messages[0].bytes.toString()).toBe('[talos] a line written while following\n');
  });

  it('Logs of a pod answers as containerd does for a container it does not run', async () => {
    const { error } = await collect(cp, 'Logs', { namespace: 'k8s.io', id: 'kube-system/coredns', driver: 'CRI', tail_lines: -1 });
    expect(error?.code).toBe(grpc.status.UNKNOWN);
    expect(error?.details).toBe('container "kube-system/coredns" not found');
  });

  it('Dmesg prints facility, padded priority, RFC3339Nano UTC time on the node clock, text', async () => {
    const { messages } = await collect(cp, 'Dmesg', {});
    const lines = messages.map((message: { bytes: Buffer }) => message.bytes.toString());
    expect(lines).toHaveLength(env.node('cp-1').logs.kmsg.all().length);
    expect(lines.find((line) => line.startsWith('kern:'))).toMatch(/^kern: ( {3}info| notice): \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\]: /);
    expect(lines.find((line) => line.includes('[talos]'))).toMatch(/^user: warning: \[.*Z\]: \[talos\] .*\n$/);
  });

  it('Dmesg tail+follow sends only new records', async () => {
    const following = collect(cp, 'Dmesg', { tail: true, follow: true }, { until: (messages) => messages.length >= 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    env.node('cp-1').logs.writeKmsg('kern', 'err', 'a new kernel line');
    const { messages } = await following;
    expect(messages[0].bytes.toString()).toMatch(/^kern: {5}err: \[.*\]: a new kernel line\n$/);
  });
});

describe('events', () => {
  it('Events sends the hello event first, then the tail with talos/runtime type URLs', async () => {
    const { messages } = await collect(cp, 'Events', { tail_events: 5 }, { until: (received) => received.length >= 6 });
    expect(messages[0].data.type_url).toBe('');
    expect(messages[0].id).toMatch(/^[0-9a-v]{20}$/);
    const buffered = env.node('cp-1').events.all().slice(-5);
    expect(messages.slice(1).map((message: { id: string }) => message.id)).toEqual(buffered.map((event) => event.id));
    for (const message of messages.slice(1)) expect(message.data.type_url).toMatch(/^talos\/runtime\/machine\.\w+Event$/);
    const status = messages.slice(1).find((message: { data: { type_url: string } }) => message.data.type_url.endsWith('MachineStatusEvent'));
    if (status) expect(unpackAny(status.data).message).toHaveProperty('stage');
  });

  it('Events tail_id replays what came after that event', async () => {
    const all = env.node('cp-1').events.all();
    const pivot = all[all.length - 3]!;
    const { messages } = await collect(cp, 'Events', { tail_id: pivot.id }, { until: (received) => received.length >= 3 });
    expect(messages.slice(1).map((message: { id: string }) => message.id)).toEqual(all.slice(-2).map((event) => event.id));
  });

  it('Events with an invalid tail_id fails after the hello event', async () => {
    const { messages, error } = await collect(cp, 'Events', { tail_id: 'nope' });
    expect(messages).toHaveLength(1);
    expect(error?.details).toBe('error parsing tail_id: xid: invalid ID');
  });
});

describe('files', () => {
  it('Read streams a file', async () => {
    const { messages } = await collect(cp, 'Read', { path: '/proc/sys/kernel/random/boot_id' });
    expect(messages.map((message: { bytes: Buffer }) => message.bytes.toString()).join('')).toBe(`${env.node('cp-1').bootId}\n`);
  });

  it('Read of a missing path is NotFound with the stat text; of a directory, not a regular file', async () => {
    const missing = await collect(cp, 'Read', { path: '/etc/nope' });
    expect(missing.error?.code).toBe(grpc.status.NOT_FOUND);
    expect(missing.error?.details).toBe('stat /etc/nope: no such file or directory');
    const directory = await collect(cp, 'Read', { path: '/etc' });
    expect(directory.error?.details).toBe('path must be a regular file');
  });

  it('List walks the root then its entries in lexical order', async () => {
    const { messages } = await collect(cp, 'List', { root: '/etc' });
    expect(messages[0]).toMatchObject({ name: '/etc', relative_name: '.', is_dir: true });
    const names = messages.slice(1).map((info: { relative_name: string }) => info.relative_name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('hosts');
    const hosts = messages.find((info: { name: string }) => info.name === '/etc/hosts');
    expect(Number(hosts.size)).toBe(Buffer.byteLength(env.node('cp-1').fs.read('/etc/hosts')!.content));
  });

  it('List without recursion stays at depth one; with it, descends', async () => {
    const flat = await collect(cp, 'List', { root: '/proc' });
    expect(flat.messages.map((info: { name: string }) => info.name)).not.toContain('/proc/sys/kernel/hostname');
    const deep = await collect(cp, 'List', { root: '/proc', recurse: true });
    expect(deep.messages.map((info: { name: string }) => info.name)).toContain('/proc/sys/kernel/hostname');
  });
});

describe('system statistics', () => {
  it('Memory reports the hardware memory in kB', async () => {
    const { meminfo } = (await unary(cp, 'Memory')).messages[0];
    expect(Number(meminfo.memtotal)).toBe(env.node('cp-1').hardware.memoryBytes / 1024);
    expect(Number(meminfo.memfree)).toBeGreaterThan(0);
    expect(Number(meminfo.memavailable)).toBeLessThanOrEqual(Number(meminfo.memtotal));
  });

  it('SystemStat, CPUInfo, LoadAvg follow the hardware and the uptime', async () => {
    const stat = (await unary(cp, 'SystemStat')).messages[0];
    expect(stat.cpu).toHaveLength(env.node('cp-1').hardware.cpus);
    expect(stat.cpu_total.idle).toBeGreaterThan(0);
    expect(Number(stat.boot_time)).toBeLessThan(Date.now() / 1000);
    const info = (await unary(cp, 'CPUInfo')).messages[0];
    expect(info.cpu_info).toHaveLength(env.node('cp-1').hardware.cpus);
    const load = (await unary(cp, 'LoadAvg')).messages[0];
    expect(load.load1).toBeGreaterThan(0);
  });

  it('Processes lists init and the running services', async () => {
    const { processes } = (await unary(cp, 'Processes')).messages[0];
    expect(processes[0]).toMatchObject({ pid: 1, command: 'init' });
    expect(processes.map((process: { command: string }) => process.command)).toEqual(expect.arrayContaining(['etcd', 'kubelet', 'kube-apiserver']));
  });

  it('NetworkDeviceStats, Mounts and DiskStats describe the NIC, the system disk and its partitions', async () => {
    const network = (await unary(cp, 'NetworkDeviceStats')).messages[0];
    expect(network.devices.map((device: { name: string }) => device.name)).toEqual(['lo', 'eth0']);
    expect(Number(network.total.rx_bytes)).toBeGreaterThan(0);
    const mounts = (await unary(cp, 'Mounts')).messages[0];
    expect(mounts.stats.map((mount: { mounted_on: string }) => mount.mounted_on)).toEqual(expect.arrayContaining(['/', '/var', '/system/state']));
    const disks = (await unary(cp, 'DiskStats')).messages[0];
    expect(disks.devices.map((device: { name: string }) => device.name)).toEqual(expect.arrayContaining(['sda', 'sda6']));
    expect(disks.total.name).toBe('total');
  });
});

describe('etcd and credentials', () => {
  it('EtcdMemberList lists members with decimal uint64 ids', async () => {
    const [members] = (await unary(cp, 'EtcdMemberList', {})).messages;
    const model = env.cluster.world.etcd.members.get('cp-1')!;
    expect(members.members).toEqual([
      { id: BigInt(`0x${model.id}`).toString(), hostname: 'cp-1', peer_urls: [model.peerUrl], client_urls: [model.clientUrl], is_learner: false },
    ]);
    expect(members.legacy_members).toEqual(['cp-1']);
  });

  it('EtcdStatus describes the local member', async () => {
    const { member_status: status } = (await unary(cp, 'EtcdStatus')).messages[0];
    const model = env.cluster.world.etcd.members.get('cp-1')!;
    expect(status.member_id).toBe(BigInt(`0x${model.id}`).toString());
    expect(status.leader).toBe(status.member_id);
    expect(status.raft_term).toBe(String(env.cluster.world.etcd.term));
  });

  it('etcd APIs on a worker: only available on control plane nodes', async () => {
    await expect(unary(worker, 'EtcdMemberList', {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'member list is only available on control plane nodes' });
    await expect(unary(worker, 'EtcdStatus')).rejects.toMatchObject({ details: 'etcd status is only available on control plane nodes' });
  });

  it('Kubeconfig is one tar.gz chunk holding `kubeconfig` mode 0600 for admin@<cluster>', async () => {
    const { messages, error } = await collect(cp, 'Kubeconfig', {});
    expect(error).toBeUndefined();
    expect(messages).toHaveLength(1);
    const tar = gunzipSync(messages[0].bytes);
    expect(tar.subarray(0, 10).toString()).toBe('kubeconfig');
    expect(tar.subarray(100, 107).toString()).toBe('0000600');
    const size = parseInt(tar.subarray(124, 135).toString(), 8);
    const kubeconfig = parse(tar.subarray(512, 512 + size).toString());
    expect(kubeconfig['current-context']).toBe('admin@talsim');
    expect(kubeconfig.clusters[0].cluster.server).toBe(env.cluster.endpoint);
    const worker = await collect(env.client('machine.MachineService', 'worker-1'), 'Kubeconfig', {});
    expect(worker.error?.details).toBe('kubeconfig is only available on control plane nodes');
  });

  it('GenerateClientConfiguration issues a talosconfig for the asked role; its certificate works', async () => {
    const refused = unary(cp, 'GenerateClientConfiguration', { roles: ['os:reader'], crt_ttl: { seconds: 0 } });
    await expect(refused).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'crt_ttl should be positive' });
    const [config] = (await unary(cp, 'GenerateClientConfiguration', { roles: ['os:reader'], crt_ttl: { seconds: 3600 } })).messages;
    const talosconfig = config.talosconfig.toString();
    expect(parse(talosconfig).context).toBe('reader@talsim');
    const reader = env.client('machine.MachineService', 'cp-1', { talosconfig });
    await expect(unary(reader, 'Version')).resolves.toHaveProperty('messages');
    await expect(unary(reader, 'Reboot', {})).rejects.toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: 'not authorized' });
  });
});

describe('methods not emulated', () => {
  it('answer Unimplemented `method <M> not implemented`', async () => {
    await expect(unary(cp, 'Rollback', {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'method Rollback not implemented' });
    const copy = await collect(cp, 'Copy', { root_path: '/etc' });
    expect(copy.error).toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'method Copy not implemented' });
  });
});
