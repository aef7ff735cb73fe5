// `talsim up --scenario FILE --until STEP` runs the scenario's timeline up to that step during the
// warp and leaves the cluster there (here: a control-plane apply stuck Reconciling because etcd
// was never bootstrapped), and `talsim up --unconfigured` warps until every node waits in
// maintenance mode, where `--insecure` clients are served and the banner suggests apply-config.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { join } from 'node:path';
import { BANNER_END, startTalsimUp } from './talsim-process.ts';
import { liveClient, readNodesJson } from './live-client.ts';

interface GetReply {
  resource: { spec: { yaml_spec: string } };
}
interface ServiceListReply {
  messages: Array<{ services: Array<{ id: string; state: string }> }>;
}

describe('talsim up --scenario --until', () => {
  it('stops the warp after the named step and keeps serving the cluster in that state', async () => {
    const up = startTalsimUp(['--base-address', '127.0.23.2', '--scenario', 'scenarios/stuck-reconciling-etcd-not-ready.yaml', '--until', 'change-apiserver-args']);
    try {
      await up.waitForLine(BANNER_END, 30_000);
      const stdout = up.stdout();
      expect(stdout.split('\n')[0]).toBe('seed=11');
      expect(stdout).toContain('talsim: cluster "talsim": scenario step "change-apiserver-args"');
      expect(stdout).toMatch(/\[ *3m00\.\d{3}s\] cp-1 +step +action=apply-config name=change-apiserver-args ok=true/);
      expect(stdout).toMatch(/cp-1 +apply +state=Reconciling reason=static pod kube-apiserver pending: waiting for etcd quorum/);
      expect(stdout).not.toContain('etcd.bootstrap');
      const [controlPlane] = readNodesJson(up.stateDir).nodes;
      const client = liveClient(up.stateDir, controlPlane!, 'machine.MachineService');
      const list = await client.unary<ServiceListReply>('ServiceList', {}, { node: controlPlane!.address });
      client.close();
      expect(list.messages[0]!.services.find((service) => service.id === 'etcd')?.state).toBe('Preparing');
      expect(await up.stop('SIGINT')).toBe(0);
    } finally {
      await up.stop('SIGKILL');
    }
  }, 40_000);

  it('refuses an --until that names no step of the scenario, naming the steps', async () => {
    const up = startTalsimUp(['--base-address', '127.0.23.12', '--scenario', 'scenarios/stuck-reconciling-etcd-not-ready.yaml', '--until', 'no-such-step']);
    expect(await up.exited()).toBe(2);
    expect(up.stderr()).toContain('talsim up: --until: expected the name of a step of scenarios/stuck-reconciling-etcd-not-ready.yaml (change-apiserver-args, bootstrap), found "no-such-step"');
  });
});

describe('talsim up --unconfigured', () => {
  it('warps until every node waits in maintenance mode and serves --insecure clients', async () => {
    const up = startTalsimUp(['--seed', '4', '--base-address', '127.0.24.2', '--unconfigured', '--workers', '1']);
    try {
      await up.waitForLine(BANNER_END, 30_000);
      const stdout = up.stdout();
      expect(stdout).toContain('talsim: cluster "talsim": every node waiting in maintenance mode');
      const [controlPlane] = readNodesJson(up.stateDir).nodes;
      const listener = controlPlane!.apiPort === 50000 ? controlPlane!.apiAddress : `${controlPlane!.apiAddress}:${controlPlane!.apiPort}`;
      expect(stdout).toContain(`talosctl apply-config --insecure -n ${listener} --file ${join(up.stateDir, 'controlplane.yaml')}`);
      for (const node of readNodesJson(up.stateDir).nodes) {
        const client = liveClient(up.stateDir, node, 'cosi.resource.State', true);
        const status = await client.unary<GetReply>('Get', { namespace: 'runtime', type: 'MachineStatuses.runtime.talos.dev', id: 'machine' });
        client.close();
        expect(parse(status.resource.spec.yaml_spec).stage).toBe('maintenance');
      }
      expect(await up.stop('SIGTERM')).toBe(0);
    } finally {
      await up.stop('SIGKILL');
    }
  }, 40_000);
});
