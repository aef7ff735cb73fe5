// What `talosctl get members` asks of a running `talsim up` (List ResourceDefinitions, then List
// Members on cp-1 over mTLS), timed from the first request to the last answer.
import { liveClient, readNodesJson } from '../../test/live/live-client.ts';

export async function getMembers(stateDir: string): Promise<{ ms: number; members: number }> {
  const cp = readNodesJson(stateDir).nodes.find((n) => n.name === 'cp-1')!;
  const state = liveClient(stateDir, cp, 'cosi.resource.State');
  try {
    const started = performance.now();
    await state.stream('List', { namespace: 'meta', type: 'ResourceDefinitions.meta.cosi.dev' }, { node: cp.address });
    const members = await state.stream('List', { namespace: 'cluster', type: 'Members.cluster.talos.dev' }, { node: cp.address });
    return { ms: performance.now() - started, members: members.length };
  } finally {
    state.close();
  }
}
