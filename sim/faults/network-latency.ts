// Fault `network-latency`: added latency, jitter and packet loss on the paths between endpoints
// (nodes, or `client` for talosctl's side). Between control planes it slows every etcd commit
// (two round trips per commit), and beyond the 5 s request timeout etcd health and the Kubernetes
// API fail; on client paths the API edge delays and drops calls.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { linkPaths } from './fault-targets.ts';
import type { Network, PathFaults } from '../cluster/network.ts';

export const networkLatency = defineFaultKind({
  kind: 'network-latency',
  description: 'Latency, jitter and loss on the paths between endpoints; `client` is talosctl.',
  targets: 'link',
  options: z.strictObject({
    latencyMs: z.number().min(0).max(600_000).default(200).meta({ description: 'One-way latency added, ms. Default 200.' }),
    jitterMs: z.number().min(0).max(600_000).default(0).meta({ description: 'Uniform jitter on top, ms. Default 0.' }),
    lossRatio: z.number().min(0).max(1).default(0).meta({ description: 'Share of packets dropped, 0..1. Default 0.' }),
    symmetric: z.boolean().default(true).meta({ description: 'Both directions (default true) or only from -> to.' }),
  }),
  inject(cluster, targets, options) {
    const faults: PathFaults = { latencyMs: options.latencyMs, jitterMs: options.jitterMs, lossRatio: options.lossRatio };
    const paths = linkPaths(targets.link!, options.symmetric);
    for (const [from, to] of paths) {
      pathStack(cluster.world.network, from, to).push(faults);
      cluster.world.network.setPathFaults(from, to, faults);
    }
    return { paths, faults };
  },
  heal(cluster, _targets, handle) {
    for (const [from, to] of handle.paths) {
      const stack = pathStack(cluster.world.network, from, to);
      stack.splice(stack.lastIndexOf(handle.faults), 1);
      cluster.world.network.setPathFaults(from, to, stack.at(-1));
    }
  },
});

/** Path faults active on each directed path, newest last: healing one leaves the others in force. */
const activePathFaults = new WeakMap<Network, Map<string, PathFaults[]>>();

function pathStack(network: Network, from: string, to: string): PathFaults[] {
  let paths = activePathFaults.get(network);
  if (!paths) activePathFaults.set(network, (paths = new Map()));
  let stack = paths.get(`${from}->${to}`);
  if (!stack) paths.set(`${from}->${to}`, (stack = []));
  return stack;
}
