// network.StatusController in miniature: NetworkStatus `status`, the four facts the boot waits on
// before it calls the network ready. Address: NodeAddresses `current` holds an address. Connectivity:
// a default route (no probes are modelled, so the route decides, as upstream does without probes).
// Hostname: a HostnameStatus exists. /etc files: hosts and resolv.conf can be rendered, i.e. the
// HostnameStatus and ResolverStatus they are rendered from exist (the model renders /etc on read,
// so there is no separate EtcFileStatus).
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';

/** What it reads: NodeAddresses, routes, the hostname and the resolvers (by their kinds' versions). */
export function networkStatusInputs(node: ControllerContext): unknown[] {
  const resources = node.resources;
  return [resources.kindVersion('network', RT.nodeAddress), resources.kindVersion('network', RT.routeStatus), resources.kindVersion('network', RT.hostnameStatus), resources.kindVersion('network', RT.resolverStatus)];
}

export function networkStatusController(node: ControllerContext): void {
  const current = node.resources.get<{ addresses: string[] }>('network', RT.nodeAddress, 'current');
  const hostnameReady = node.resources.get('network', RT.hostnameStatus, 'hostname') !== undefined;
  node.resources.put('network', RT.networkStatus, 'status', {
    addressReady: (current?.spec.addresses.length ?? 0) > 0,
    connectivityReady: node.resources.list('network', RT.routeStatus).some((route) => (route.spec as { dst: string }).dst === ''),
    hostnameReady,
    etcFilesReady: hostnameReady && node.resources.get('network', RT.resolverStatus, 'resolvers') !== undefined,
  });
}
