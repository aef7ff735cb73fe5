// Default `talsim up` (1 control plane + 2 workers), as a user runs it: it writes the state
// directory, fast-forwards through the boot and the bootstrap, prints the banner, and from that
// moment every node answers MachineStatus `running` and ready over mutual TLS with the
// talosconfig it wrote; the boot reads as minutes of virtual time ending now; SIGTERM exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { readTalosconfig, secretsBundleFromYaml } from '../../nodes/pki/index.ts';
import { BANNER_END, startTalsimUp, type TalsimProcess } from './talsim-process.ts';
import { liveClient, readNodesJson } from './live-client.ts';
import { talosctlNode } from '../../sim/live/state-dir.ts';

interface WireTimestamp {
  seconds: string;
  nanos: number;
}
interface GetReply {
  resource: { metadata: { id: string; created: WireTimestamp; updated: WireTimestamp }; spec: { yaml_spec: string } };
}

const MACHINE_STATUS = { namespace: 'runtime', type: 'MachineStatuses.runtime.talos.dev', id: 'machine' };
const wallMs = (timestamp: WireTimestamp) => Number(timestamp.seconds) * 1000 + timestamp.nanos / 1e6;

/** `machine.type` of the v1alpha1 document of a machine config stream. */
function machineTypeOf(configText: string): string | undefined {
  for (const document of parseAllDocuments(configText)) {
    const value = document.toJS() as { machine?: { type?: string } } | null;
    if (value?.machine) return value.machine.type;
  }
  return undefined;
}

/** Wall-clock ms of every `[<RFC 3339>]` stamp of talosctl dmesg output. */
function dmesgStampsMs(text: string): number[] {
  return [...text.matchAll(/: \[(\d{4}-\d\d-\d\dT[^\]]+)\]: /g)].map((match) => Date.parse(match[1]!));
}

describe('talsim up: 1 control plane + 2 workers, warped to ready', () => {
  let up: TalsimProcess;

  beforeAll(async () => {
    up = startTalsimUp(['--seed', '7', '--base-address', '127.0.20.2']);
    await up.waitForLine(BANNER_END, 40_000);
  }, 45_000);

  afterAll(async () => {
    await up?.stop('SIGKILL');
  });

  it('answers MachineStatus running and ready on every node as soon as the warp ends, for a boot of minutes ending now', async () => {
    const nodes = readNodesJson(up.stateDir).nodes;
    const replies: GetReply[] = [];
    for (const node of nodes) {
      const client = liveClient(up.stateDir, node, 'cosi.resource.State');
      replies.push(await client.unary<GetReply>('Get', MACHINE_STATUS));
      client.close();
    }
    const calledAtMs = Date.now();
    for (const reply of replies) expect(parse(reply.resource.spec.yaml_spec)).toEqual({ stage: 'running', status: { ready: true, unmetConditions: [] } });
    const lastReadyMs = Math.max(...replies.map((reply) => wallMs(reply.resource.metadata.updated)));
    const bootStartedMs = Math.min(...replies.map((reply) => wallMs(reply.resource.metadata.created)));
    expect(Math.abs(calledAtMs - lastReadyMs)).toBeLessThan(15_000);
    expect(lastReadyMs - bootStartedMs).toBeGreaterThan(60_000);
    expect(lastReadyMs - bootStartedMs).toBeLessThan(15 * 60_000);
  });

  it('shows in dmesg a boot of realistic virtual duration ending now, and answers Version with the emulated tag', async () => {
    const nodes = readNodesJson(up.stateDir).nodes;
    const client = liveClient(up.stateDir, nodes[0]!, 'machine.MachineService');
    const version = await client.unary<{ messages: Array<{ version: { tag: string } }> }>('Version', {}, { node: nodes[0]!.address });
    const dmesg = await client.stream<{ bytes: Buffer }>('Dmesg', { follow: false, tail: false }, { node: nodes[2]!.address });
    client.close();
    const calledAtMs = Date.now();
    expect(version.messages[0]!.version.tag).toBe('v1.13.9');
    const text = dmesg.map((message) => Buffer.from(message.bytes).toString()).join('');
    expect(text).toContain('Linux version');
    expect(text).toContain('[talos] machine is running and ready');
    const stamps = dmesgStampsMs(text);
    const bootDurationMs = stamps.at(-1)! - stamps[0]!;
    expect(bootDurationMs).toBeGreaterThan(60_000);
    expect(bootDurationMs).toBeLessThan(15 * 60_000);
    expect(calledAtMs - stamps.at(-1)!).toBeGreaterThanOrEqual(-1_000);
    expect(calledAtMs - stamps.at(-1)!).toBeLessThan(15_000);
  });

  it('reaches a worker through the control plane\'s endpoint when named by its LAN address or its listener (talosctl -n)', async () => {
    const nodes = readNodesJson(up.stateDir).nodes;
    const client = liveClient(up.stateDir, nodes[0]!, 'cosi.resource.State');
    const reply = await client.unary<GetReply>('Get', { namespace: 'network', type: 'HostnameStatuses.net.talos.dev', id: 'hostname' }, { node: nodes[1]!.address });
    // ... and by the address the banner and talosconfig name it by (its listener, where it has its own).
    const named = await client.unary<GetReply>('Get', { namespace: 'network', type: 'HostnameStatuses.net.talos.dev', id: 'hostname' }, { node: talosctlNode(nodes[1]!, nodes) });
    client.close();
    expect(reply.resource.spec.yaml_spec).toContain('worker-1');
    expect(named.resource.spec.yaml_spec).toContain('worker-1');
  });

  it('prints seed= first, then a banner with the warp, export TALOSCONFIG, every node and three talosctl commands', () => {
    const stdout = up.stdout();
    expect(stdout.split('\n')[0]).toBe('seed=7');
    expect(stdout).toContain('talsim: cluster "talsim": every node running and ready');
    expect(stdout).toMatch(/warped [1-9]m\d\d\.\d{3}s of virtual time in \d+\.\d\d s/);
    expect(stdout).toContain(`export TALOSCONFIG=${join(up.stateDir, 'talosconfig')}`);
    for (const node of readNodesJson(up.stateDir).nodes) {
      expect(stdout).toMatch(new RegExp(`${node.name} +${node.role} +${node.address.replaceAll('.', '\\.')} +${node.apiAddress}:${node.apiPort}\n`));
    }
    // The first control plane is named by its own listener when it has one (talosctl dials -n itself, e.g. reset --reboot --wait).
    const nodes = readNodesJson(up.stateDir).nodes;
    const named = talosctlNode(nodes[0]!, nodes);
    expect(named).toBe(nodes[0]!.apiPort === 50000 && nodes[0]!.apiAddress !== '127.0.0.1' ? '127.0.20.2' : '10.5.0.2');
    expect(stdout).toContain(`talosctl -n ${named} version`);
    expect(stdout).toContain(`talosctl -n ${named} get machinestatus`);
    expect(stdout).toContain(`talosctl -n ${named} services`);
    expect(stdout).toMatch(/cp-1 +etcd\.bootstrap/);
  });

  it('writes secrets.yaml, controlplane.yaml, worker.yaml, talosconfig, nodes.json and the control token', () => {
    const file = (name: string) => readFileSync(join(up.stateDir, name), 'utf8');
    const nodes = readNodesJson(up.stateDir);
    expect(nodes.cluster).toBe('talsim');
    expect(nodes.nodes.map((node) => [node.name, node.role, node.address])).toEqual([
      ['cp-1', 'controlplane', '10.5.0.2'],
      ['worker-1', 'worker', '10.5.0.3'],
      ['worker-2', 'worker', '10.5.0.4'],
    ]);
    // Each node on its own loopback address and Talos's port; where the platform refuses those, 127.0.0.1 with a port each.
    const listeners = nodes.nodes.map((node) => `${node.apiAddress}:${node.apiPort}`);
    const ownAddresses = ['127.0.20.2:50000', '127.0.20.3:50000', '127.0.20.4:50000'];
    if (!listeners.every((listener) => listener.startsWith('127.0.0.1:'))) expect(listeners).toEqual(ownAddresses);
    expect(new Set(listeners).size).toBe(3);
    const talosconfig = readTalosconfig(file('talosconfig'));
    expect(talosconfig.context).toBe('talsim');
    // As `talosctl cluster create`: the control planes are the endpoints, the first one the default node.
    const controlPlane = nodes.nodes[0]!;
    expect(talosconfig.endpoints).toEqual([controlPlane.apiPort === 50000 ? controlPlane.apiAddress : `${controlPlane.apiAddress}:${controlPlane.apiPort}`]);
    expect(talosconfig.nodes).toEqual([talosctlNode(controlPlane, nodes.nodes)]);
    expect(talosconfig.caPem).toBe(secretsBundleFromYaml(file('secrets.yaml')).certs.os.crt);
    expect(machineTypeOf(file('controlplane.yaml'))).toBe('controlplane');
    expect(machineTypeOf(file('worker.yaml'))).toBe('worker');
    expect(file('control-token')).toMatch(/^[0-9a-f]{64}\n$/);
    // issue 11 item 7: the configs carry the CAs' keys and tokens; nothing in the directory is readable by others, no temp file is left
    for (const name of readdirSync(up.stateDir)) expect([name, statSync(join(up.stateDir, name)).mode & 0o077]).toEqual([name, 0]);
    expect(readdirSync(up.stateDir).filter((name) => name.endsWith('.tmp') || name.endsWith('.partial'))).toEqual([]);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    expect(await up.stop('SIGTERM')).toBe(0);
    expect(up.stdout()).toContain('talsim: SIGTERM: stopping the cluster');
  });
});
