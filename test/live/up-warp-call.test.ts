// The API is bound before the warp: a call that arrives while `talsim up --warp 12h` is still
// fast-forwarding (nodes.json is written as soon as every node serves, long before the banner)
// is answered then, not after the warp, and nothing hangs.
// Ten workers keep the warp busy for longer than one call takes (with none, the 12 h warp of one node
// now ends before a call's round trip, and the test would prove nothing).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BANNER_END, startTalsimUp } from './talsim-process.ts';
import { liveClient, readNodesJson } from './live-client.ts';

interface GetReply {
  resource: { spec: { yaml_spec: string } };
}

describe('talsim up: a call during the warp', () => {
  it('is answered while the warp is still running', async () => {
    const up = startTalsimUp(['--seed', '3', '--base-address', '127.0.21.2', '--workers', '10', '--warp', '12h']);
    try {
      await up.waitForFile('nodes.json', 30_000);
      const [controlPlane] = readNodesJson(up.stateDir).nodes;
      const client = liveClient(up.stateDir, controlPlane!, 'cosi.resource.State');
      const reply = await client.unary<GetReply>('Get', { namespace: 'runtime', type: 'MachineStatuses.runtime.talos.dev', id: 'machine' });
      const bannerBeforeReply = BANNER_END.test(up.stdout());
      client.close();
      expect(bannerBeforeReply).toBe(false);
      expect(['booting', 'running']).toContain(parse(reply.resource.spec.yaml_spec).stage);
      await up.waitForLine(BANNER_END, 60_000);
      expect(up.stdout()).toContain('warped 12h00m00.000s of virtual time');
      expect(await up.stop('SIGTERM')).toBe(0);
    } finally {
      await up.stop('SIGKILL');
    }
  }, 70_000);
});
