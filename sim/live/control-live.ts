// The live control service as `talsim up` runs it: started once the API edge and the pacer exist
// (before the warp, so a script may watch or break the boot), its address written to control.json
// next to the token, its changes brought to the API listeners at once (a paused cluster fires no
// kernel event that would), and stopped with the session (control.json removed).
import type { SimCluster } from '../cluster/cluster.ts';
import type { RealTimePacer } from '../kernel/pacer.ts';
import type { ApiEdge } from './api-edge.ts';
import { removeControlJson, writeControlJson, type ControlJson, type StateFiles } from './state-dir.ts';
import { TimeSteering } from './control-time.ts';
import { controlHandlers } from './control-service.ts';
import { startControlServer } from './control-server.ts';

export interface LiveControlSetup {
  cluster: SimCluster;
  pacer: RealTimePacer;
  api: ApiEdge;
  files: StateFiles;
  /** The token writeControlToken wrote. */
  token: string;
  /** Each node's talosctl name, as talosconfig and the banner give it. */
  talosctlNodes: ReadonlyMap<string, string>;
}

export interface LiveControl {
  readonly endpoint: ControlJson;
  readonly time: TimeSteering;
  /** `talsim up`'s own warp has ended: advances are accepted from now on. */
  warpEnded(): void;
  close(): void;
}

export async function startLiveControl(setup: LiveControlSetup): Promise<LiveControl> {
  const stopping = new AbortController();
  let warping = true;
  const time = new TimeSteering({
    kernel: setup.cluster.world.kernel,
    pacer: setup.pacer,
    trace: setup.cluster.world.trace,
    warping: () => warping,
    abort: stopping.signal,
  });
  const handlers = controlHandlers({ cluster: setup.cluster, time, afterChange: () => setup.api.refresh(), talosctlNodes: setup.talosctlNodes });
  const server = await startControlServer(handlers, setup.token);
  const endpoint = { address: server.address, port: server.port };
  writeControlJson(setup.files, endpoint);
  return {
    endpoint,
    time,
    warpEnded() {
      warping = false;
    },
    close() {
      stopping.abort();
      server.close();
      removeControlJson(setup.files);
    },
  };
}
