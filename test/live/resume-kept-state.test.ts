// A SIGKILLed `talsim up` comes back as real nodes do after a power cut (issue 11, item 8). One
// cluster (1 control plane, 2 workers) is given something of each kind to keep, then killed with
// SIGKILL and started again in the same state directory; each test checks one thing came back:
// a staged config (the node boots with it), a reset node (it stays wiped: maintenance mode),
// etcd's membership and data (same member id, no second bootstrap, the store's revision goes on),
// the faults that outlive a power cut (a slow disk, a partition with what is left of its duration)
// and not the one that lives in a process (a crash loop), and virtual time (it continues from the
// instant of the kill). A cluster started from your own files (--config-dir) resumes too, with no
// options or the same ones; other files are refused with exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genConfigCommand } from '../../sim/cli/gen-config-command.ts';
import { connectControl } from '../../sim/live/control-client.ts';
import { parse, parseAllDocuments } from 'yaml';
import { BANNER_END, startTalsimUp, type TalsimProcess } from './talsim-process.ts';
import { liveClient, readNodesJson, withNodeLabels } from './live-client.ts';

const MACHINE_CONFIG = { namespace: 'config', type: 'MachineConfigs.config.talos.dev', id: 'v1alpha1' };

function client(stateDir: string, nodeName: string, service: 'machine.MachineService' | 'cosi.resource.State') {
  return liveClient(stateDir, readNodesJson(stateDir).nodes.find((entry) => entry.name === nodeName)!, service);
}

async function activeConfig(stateDir: string, nodeName: string, talosconfigDir = stateDir): Promise<string> {
  const node = readNodesJson(stateDir).nodes.find((entry) => entry.name === nodeName)!;
  const state = liveClient(talosconfigDir, node, 'cosi.resource.State');
  try {
    return (await state.unary<{ resource: { spec: { yaml_spec: string } } }>('Get', MACHINE_CONFIG)).resource.spec.yaml_spec;
  } finally {
    state.close();
  }
}

interface EtcdMembers {
  messages: Array<{ members: Array<{ id: string; hostname: string }> }>;
}

interface EtcdStatus {
  messages: Array<{ member_status: { raft_index: string; raft_term: string } }>;
}

async function etcdFacts(stateDir: string): Promise<{ ids: string[]; raftTerm: number }> {
  const machine = client(stateDir, 'cp-1', 'machine.MachineService');
  try {
    const members = await machine.unary<EtcdMembers>('EtcdMemberList', {});
    const status = await machine.unary<EtcdStatus>('EtcdStatus', {});
    return { ids: members.messages[0]!.members.map((member) => member.id).sort(), raftTerm: Number(status.messages[0]!.member_status.raft_term) };
  } finally {
    machine.close();
  }
}

describe('talsim up after a SIGKILL keeps what real nodes keep through a power cut', () => {
  const ARGS = ['--base-address', '127.0.43.2', '--workers', '2'];
  let first: TalsimProcess;
  let second: TalsimProcess;
  let before: { virtualMs: number; etcd: { ids: string[]; raftTerm: number }; partitionEndsMs: number };

  beforeAll(async () => {
    first = startTalsimUp(['--seed', 'kept-1', ...ARGS]);
    const stateDir = first.stateDir;
    await first.waitForLine(BANNER_END, 90_000);
    const workerConfig = readFileSync(join(stateDir, 'worker.yaml'), 'utf8');
    const worker1 = client(stateDir, 'worker-1', 'machine.MachineService');
    await worker1.unary('ApplyConfiguration', { data: Buffer.from(withNodeLabels(workerConfig, { 'resume.example/staged': 'yes' })), mode: 'STAGED' });
    worker1.close();
    const worker2 = client(stateDir, 'worker-2', 'machine.MachineService');
    await worker2.unary('Reset', { graceful: true, reboot: true });
    worker2.close();
    const control = connectControl(stateDir);
    try {
      await control.timeControl({ action: 'ADVANCE', advance_ms: 5 * 60_000 });
      expect(existsSync(join(stateDir, 'nodes', 'worker-2.yaml'))).toBe(false);
      await control.faultInject({ kind: 'disk-slow', targets: ['worker-1'], params_json: '{}' });
      await control.faultInject({ kind: 'service-crash-loop', targets: ['worker-1'], params_json: '{"service":"kubelet"}' });
      const partition = await control.faultInject({ kind: 'partition', targets: ['cp-1->worker-1'], params_json: '{}', duration_ms: 3_600_000 });
      await control.timeControl({ action: 'ADVANCE', advance_ms: 10 * 60_000 });
      const faults = await control.faultList();
      const etcd = await etcdFacts(stateDir);
      const status = await control.status();
      before = { virtualMs: Number(status.virtual_ms), etcd, partitionEndsMs: Number(faults.faults.find((fault) => fault.fault_id === partition.fault_id)!.ends_ms) };
    } finally {
      control.close();
    }
    await first.stop('SIGKILL');
    second = startTalsimUp(ARGS, stateDir);
    await second.waitForLine(BANNER_END, 90_000);
  }, 240_000);

  afterAll(async () => {
    await first?.stop('SIGKILL');
    await second?.stop('SIGKILL');
  });

  it('says what it resumed', () => {
    expect(second.stdout()).toMatch(/^talsim: resuming the cluster in .* \(seed kept-1; kept configs: cp-1, worker-1; etcd members: 1; virtual time \S+; faults still in force: f1 \(disk-slow\), f3 \(partition\)\); --fresh starts a new one there$/m);
  });

  it('virtual time continues from the instant of the kill', async () => {
    const control = connectControl(second.stateDir);
    try {
      const status = await control.status();
      expect(Number(status.virtual_ms)).toBeGreaterThanOrEqual(before.virtualMs);
    } finally {
      control.close();
    }
    expect(second.stdout()).not.toMatch(/^\[0s\]|^\[\d\.\d+s\]/m);
  });

  it('a staged config is the one the node boots with', async () => {
    expect(await activeConfig(second.stateDir, 'worker-1')).toMatch(/resume.example\/staged: "?yes"?/);
  });

  it('etcd keeps its member and data: no second bootstrap, the same member id, a later term', async () => {
    expect(first.stdout()).toMatch(/etcd\.bootstrap/);
    expect(second.stdout()).not.toMatch(/etcd\.bootstrap/);
    const after = await etcdFacts(second.stateDir);
    expect(after.ids).toEqual(before.etcd.ids);
    expect(after.raftTerm).toBeGreaterThan(before.etcd.raftTerm);
  });

  it('a reset node stays wiped: it boots into maintenance mode', async () => {
    const control = connectControl(second.stateDir);
    try {
      const nodes = (await control.status()).nodes;
      expect(nodes.find((node) => node.name === 'worker-2')!.stage).toBe('maintenance');
      expect(nodes.find((node) => node.name === 'cp-1')!.stage).toBe('running');
    } finally {
      control.close();
    }
  });

  it('faults of the hardware and the network stay, with their ids and the rest of their duration; a crash loop ends with its process', async () => {
    const control = connectControl(second.stateDir);
    try {
      const faults = (await control.faultList()).faults.map((fault) => ({ id: fault.fault_id, kind: fault.kind, targets: fault.targets, endsMs: Number(fault.ends_ms) }));
      expect(faults).toEqual([
        { id: 'f1', kind: 'disk-slow', targets: ['worker-1'], endsMs: 0 },
        { id: 'f3', kind: 'partition', targets: ['cp-1->worker-1'], endsMs: before.partitionEndsMs },
      ]);
    } finally {
      control.close();
    }
  });

  it('fault ids go on from where the killed cluster stopped (f1-f3 were injected before the kill)', async () => {
    const control = connectControl(second.stateDir);
    try {
      const injected = await control.faultInject({ kind: 'dns-failure', targets: [], params_json: '{}' });
      expect(injected.fault_id).toBe('f4');
      expect((await control.faultHeal({ fault_id: 'f1' })).healed).toEqual(['f1']);
    } finally {
      control.close();
    }
  });
});

/** Whose machine CA worker-1's active config holds, as a client with the cluster's talosconfig finds it. */
async function machineCa(stateDir: string): Promise<string> {
  let text: string;
  try {
    text = parse(await activeConfig(stateDir, 'worker-1')) as string;
  } catch (error) {
    return /x509|certificate|authority/i.test(String((error as Error).message)) ? 'refused: x509' : `refused: ${(error as Error).message}`;
  }
  return caHeldBy(stateDir, text);
}

/** Whose machine CA a config stream holds: the cluster's (as in the state dir's worker.yaml) or a foreign one. */
function caHeldBy(stateDir: string, text: string): string {
  const crtOf = (stream: string) => (parseAllDocuments(stream)[0]!.toJS() as { machine: { ca: { crt: string } } }).machine.ca.crt;
  return crtOf(text) === crtOf(readFileSync(join(stateDir, 'worker.yaml'), 'utf8')) ? "the cluster's" : 'foreign';
}

/**
 * What a client holding the cluster's talosconfig meets at a node's apid, over real gRPC and TLS:
 * `ok`, `x509: unknown authority` (the node serves a certificate from a foreign CA), `connection
 * refused` (apid has no certificate to serve: nothing listens), or the error as it came.
 */
async function tlsOutcome(stateDir: string, nodeName: string): Promise<string> {
  const machine = client(stateDir, nodeName, 'machine.MachineService');
  try {
    await machine.unary('Version', {});
    return 'ok';
  } catch (error) {
    const message = String((error as Error).message);
    if (/x509: certificate signed by unknown authority|unable to verify|self.signed|unknown authority|UNABLE_TO_VERIFY/i.test(message)) return 'x509: unknown authority';
    if (/ECONNREFUSED/.test(message)) return 'connection refused';
    return message;
  } finally {
    machine.close();
  }
}

/** worker-1's Diagnostics, as `talsim status` prints them. */
async function diagnosticsOf(stateDir: string, nodeName: string): Promise<string[]> {
  const control = connectControl(stateDir);
  try {
    return (await control.status()).nodes.find((node) => node.name === nodeName)!.diagnostics;
  } finally {
    control.close();
  }
}

async function advanceUntilRunning(stateDir: string, nodeName: string): Promise<void> {
  const control = connectControl(stateDir);
  try {
    for (let tries = 0; (await control.status()).nodes.find((node) => node.name === nodeName)!.stage !== 'running'; tries++) {
      expect(tries).toBeLessThan(20);
      await control.timeControl({ action: 'ADVANCE', advance_ms: 30_000 });
    }
  } finally {
    control.close();
  }
}

const APID_CERTIFICATE_DIAGNOSTIC = /^apid-certificate: apid certificate cannot be issued; apid keeps serving the certificate it has: error: failed to sign API server CSR: .*x509: certificate signed by unknown authority/;

describe('a ca-mismatch fault outlives a SIGKILL as the fault it is', () => {
  // On a worker alone the foreign CA has no holder: its trustd request fails the TLS check (trustd
  // serves under the cluster CA the worker no longer trusts), so after any boot apid has no
  // certificate and, as in Talos (apid waits for its certificates), nothing listens; the node says
  // why (log, Diagnostics, `talsim status`). Before the kill it keeps serving what it had.
  it('worker only: listed with its id after the resume; the resumed node answers as after a plain reboot (nothing listens, the reason in status); healing it mends the node', async () => {
    const args = ['--base-address', '127.0.52.2', '--workers', '1'];
    const first = startTalsimUp(['--seed', 'kept-ca', ...args]);
    const stateDir = first.stateDir;
    let faultId = '';
    let afterPlainReboot = '';
    let diagnosticsAfterPlainReboot: string[] = [];
    try {
      await first.waitForLine(BANNER_END, 90_000);
      const control = connectControl(stateDir);
      try {
        faultId = (await control.faultInject({ kind: 'ca-mismatch', targets: ['worker-1'], params_json: '{}' })).fault_id;
        await control.timeControl({ action: 'ADVANCE', advance_ms: 60_000 });
      } finally {
        control.close();
      }
      // Before any reboot apid keeps the certificate and trust it had.
      expect(await tlsOutcome(stateDir, 'worker-1')).toBe('ok');
      expect(await machineCa(stateDir)).toBe('foreign');
      // A plain reboot (no kill): what the resumed node must match.
      const worker = client(stateDir, 'worker-1', 'machine.MachineService');
      await worker.unary('Reboot', {});
      worker.close();
      const advancing = connectControl(stateDir);
      try {
        await advancing.timeControl({ action: 'ADVANCE', advance_ms: 30_000 });
      } finally {
        advancing.close();
      }
      await advanceUntilRunning(stateDir, 'worker-1');
      afterPlainReboot = await tlsOutcome(stateDir, 'worker-1');
      diagnosticsAfterPlainReboot = await diagnosticsOf(stateDir, 'worker-1');
    } finally {
      await first.stop('SIGKILL');
    }
    expect(afterPlainReboot).toBe('connection refused');
    expect(diagnosticsAfterPlainReboot).toEqual([expect.stringMatching(APID_CERTIFICATE_DIAGNOSTIC)]);
    const world = JSON.parse(readFileSync(join(stateDir, 'world.json'), 'utf8')) as { faults: Array<{ id: string; kind: string }> };
    expect(world.faults.map((fault) => [fault.id, fault.kind])).toEqual([[faultId, 'ca-mismatch']]);
    expect(statSync(join(stateDir, 'world.json')).mode & 0o777).toBe(0o600); // it holds the machine CA's key
    const second = startTalsimUp(args, stateDir);
    try {
      await second.waitForLine(BANNER_END, 90_000);
      expect(second.stdout()).toMatch(new RegExp(`faults still in force: ${faultId} \\(ca-mismatch\\)`));
      const control = connectControl(stateDir);
      try {
        expect((await control.faultList()).faults.map((fault) => [fault.fault_id, fault.kind, fault.targets])).toEqual([[faultId, 'ca-mismatch', ['worker-1']]]);
      } finally {
        control.close();
      }
      await advanceUntilRunning(stateDir, 'worker-1');
      // The node booted with the config the fault rewrote (as kept on its disk) ...
      expect(caHeldBy(stateDir, readFileSync(join(stateDir, 'nodes', 'worker-1.yaml'), 'utf8'))).toBe('foreign');
      // ... and a real client meets what it met after the plain reboot; the reason is in status.
      expect(await tlsOutcome(stateDir, 'worker-1')).toBe(afterPlainReboot);
      expect(await diagnosticsOf(stateDir, 'worker-1')).toEqual([expect.stringMatching(APID_CERTIFICATE_DIAGNOSTIC)]);
      expect(await tlsOutcome(stateDir, 'cp-1')).toBe('ok');
      const healing = connectControl(stateDir);
      try {
        expect((await healing.faultHeal({ fault_id: faultId })).healed).toEqual([faultId]);
        expect((await healing.faultList()).faults).toEqual([]);
        await healing.timeControl({ action: 'ADVANCE', advance_ms: 60_000 });
      } finally {
        healing.close();
      }
      expect(await tlsOutcome(stateDir, 'worker-1')).toBe('ok');
      expect(await machineCa(stateDir)).toBe('the cluster\'s');
      expect(await diagnosticsOf(stateDir, 'worker-1')).toEqual([]);
    } finally {
      await second.stop('SIGKILL');
    }
  }, 300_000);

  // With a control plane in the fault too, the foreign CA has a holder (the control plane's config
  // carries its key; trustd signs with it): every booted node serves a certificate from the foreign
  // CA, and a client with the cluster's talosconfig fails the handshake with x509 unknown authority.
  it('control plane and worker: after the resume both serve certificates from the foreign CA (x509: unknown authority for the cluster talosconfig)', async () => {
    const args = ['--base-address', '127.0.54.2', '--workers', '1'];
    const first = startTalsimUp(['--seed', 'kept-ca-both', ...args]);
    const stateDir = first.stateDir;
    let faultId = '';
    try {
      await first.waitForLine(BANNER_END, 90_000);
      const control = connectControl(stateDir);
      try {
        faultId = (await control.faultInject({ kind: 'ca-mismatch', targets: ['cp-1', 'worker-1'], params_json: '{}' })).fault_id;
        await control.timeControl({ action: 'ADVANCE', advance_ms: 60_000 });
      } finally {
        control.close();
      }
      expect(await tlsOutcome(stateDir, 'worker-1')).toBe('x509: unknown authority');
    } finally {
      await first.stop('SIGKILL');
    }
    const second = startTalsimUp(args, stateDir);
    try {
      await second.waitForLine(BANNER_END, 90_000);
      await advanceUntilRunning(stateDir, 'worker-1');
      // Both rewritten configs were kept (the fault is traced once, on no single node).
      for (const name of ['cp-1', 'worker-1']) expect(caHeldBy(stateDir, readFileSync(join(stateDir, 'nodes', `${name}.yaml`), 'utf8'))).toBe('foreign');
      expect(await tlsOutcome(stateDir, 'worker-1')).toBe('x509: unknown authority');
      expect(await tlsOutcome(stateDir, 'cp-1')).toBe('x509: unknown authority');
      expect(await diagnosticsOf(stateDir, 'worker-1')).toEqual([]);
      const control = connectControl(stateDir);
      try {
        expect((await control.faultHeal({ fault_id: faultId })).healed).toEqual([faultId]);
        await control.timeControl({ action: 'ADVANCE', advance_ms: 60_000 });
      } finally {
        control.close();
      }
      expect(await tlsOutcome(stateDir, 'worker-1')).toBe('ok');
      expect(await tlsOutcome(stateDir, 'cp-1')).toBe('ok');
    } finally {
      await second.stop('SIGKILL');
    }
  }, 300_000);
});

describe('a cluster from your own files resumes', () => {
  it('with no options or the same --config-dir; other files are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-byo-resume-'));
    expect(genConfigCommand('talsim', 'https://10.5.0.2:6443', { outputDir: dir, talosVersion: 'v1.13.0', seed: 'byo-resume' }, { out: () => {}, err: () => {} })).toBe(0);
    const args = ['--base-address', '127.0.44.2', '--workers', '1'];
    const first = startTalsimUp([...args, '--config-dir', dir]);
    const stateDir = first.stateDir;
    try {
      await first.waitForLine(BANNER_END, 90_000);
      const worker = client(stateDir, 'worker-1', 'machine.MachineService');
      await worker.unary('ApplyConfiguration', { data: Buffer.from(withNodeLabels(readFileSync(join(dir, 'worker.yaml'), 'utf8'), { 'byo.example/kept': 'yes' })), mode: 'NO_REBOOT' });
      worker.close();
    } finally {
      await first.stop('SIGKILL');
    }
    const other = startTalsimUp([...args, '--config-dir', mkdtempSync(join(tmpdir(), 'talsim-byo-other-'))], stateDir);
    expect(await other.exited()).toBe(2);
    expect(other.stderr()).toMatch(/the same cluster to resume \(1 control plane, 1 worker, from --config-dir .*talsim-byo-resume-.*\), or --fresh to start a new one there/);
    for (const again of [args, [...args, '--config-dir', dir]]) {
      const resumed = startTalsimUp(again, stateDir);
      try {
        await resumed.waitForLine(BANNER_END, 90_000);
        expect(resumed.stdout()).toMatch(/^talsim: resuming the cluster in .*kept configs: cp-1, worker-1; etcd members: 1;/m);
        // The talosconfig gen config wrote before the cluster existed still authenticates.
        expect(await activeConfig(stateDir, 'worker-1', dir)).toMatch(/byo.example\/kept: "?yes"?/);
      } finally {
        await resumed.stop('SIGKILL');
      }
    }
  }, 300_000);
});
