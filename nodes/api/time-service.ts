// time.TimeService Time and TimeCheck: the node's clock (skew included) against the true time of
// the simulated world, which the NTP server answers with. Time reports the node's first configured
// NTP server; TimeCheck the one asked for. An unreachable upstream fails as an NTP query does.
import { goError } from '../api-error.ts';
import type { ServiceImplementation, UnaryHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { timestampFromMs } from '../../proto/well-known.ts';
import { single } from './handler-support.ts';

function timeReply(node: VirtualNode, server: string) {
  if (!node.world.network.upstreamReachable(node.name)) {
    throw goError(`error querying NTP server "${server}": lookup ${server} on ${node.world.network.gateway}:53: dial udp ${node.world.network.gateway}:53: i/o timeout`);
  }
  const trueWallMs = node.world.epochWallMs + node.world.kernel.now;
  return single({ server, localtime: timestampFromMs(node.wallTimeMs()), remotetime: timestampFromMs(trueWallMs) });
}

const time: UnaryHandler = (_request, { node }) => {
  const servers = [...(node.spec()?.timeServers ?? ['time.cloudflare.com'])];
  return timeReply(node, servers[0] ?? 'time.cloudflare.com');
};

const timeCheck: UnaryHandler = (request: { server: string }, { node }) => timeReply(node, request.server || 'time.cloudflare.com');

export const timeService: ServiceImplementation = {
  service: 'time.TimeService',
  unary: { Time: time, TimeCheck: timeCheck },
  streams: {},
};
