// network.LinkStatusController, AddressSpecController, RouteSpecController and
// HostnameSpecController in miniature: links from the NICs, addresses from the config (static)
// or DHCP, routes (a gateway outside every subnet is unreachable), the hostname. Addresses go to
// the LAN so others can reach the node. An interface the config names but no NIC has is never
// configured: its address never appears (the "no error, no IP" failure).
import type { VirtualNode } from '../node.ts';
import { RT } from '../resources/resource-types.ts';
import { view, type InterfaceConfig } from '../config-view.ts';

export interface NetworkControllerState {
  /** Links for which "link not found" was already logged (once per boot). */
  missingLinksLogged: Set<string>;
  routeErrorsLogged: Set<string>;
}

export function networkController(node: VirtualNode, state: NetworkControllerState): void {
  const config = node.config?.object;
  const interfaces = config ? view.interfaces(config) : [];
  const booted = node.lifecycleState() !== 'firmware';
  const keepLinks = new Set<string>(['lo']);
  const keepAddresses = new Set<string>();
  node.resources.put('network', RT.linkStatus, 'lo', linkSpec('loopback', '00:00:00:00:00:00', 1, true));
  for (const nic of node.nics) {
    keepLinks.add(nic.name);
    node.resources.put('network', RT.linkStatus, nic.name, linkSpec('ether', nic.mac, nic.index, nic.carrier));
    const wanted = interfaces.find((i) => i.interface === nic.name);
    const cidrs = booted && nic.carrier ? addressesFor(node, nic.mac, wanted, nic === node.nics[0]) : [];
    node.world.network.setAddresses(node.name, nic.name, cidrs);
    for (const cidr of cidrs) {
      const id = `${nic.name}/${cidr}`;
      keepAddresses.add(id);
      if (!node.resources.get('network', RT.addressStatus, id)) {
        node.controllerLog('network.AddressSpecController', 'assigned address', { address: cidr, link: nic.name });
      }
      node.resources.put('network', RT.addressStatus, id, { address: cidr, local: cidr.split('/')[0], linkIndex: nic.index, linkName: nic.name, family: 'inet4', scope: 'global', flags: 'permanent' });
    }
  }
  for (const wanted of interfaces) {
    if (wanted.interface && !node.nics.some((n) => n.name === wanted.interface) && !state.missingLinksLogged.has(wanted.interface)) {
      state.missingLinksLogged.add(wanted.interface);
      node.controllerLog('network.LinkSpecController', 'link not found', { link: wanted.interface }, 'WARN');
    }
  }
  node.resources.prune('network', RT.linkStatus, keepLinks);
  node.resources.prune('network', RT.addressStatus, keepAddresses);
  routes(node, interfaces, state);
  const hostname = node.hostname();
  if (node.resources.get<{ hostname: string }>('network', RT.hostnameStatus, 'hostname')?.spec.hostname !== hostname) {
    node.controllerLog('network.HostnameSpecController', 'setting hostname', { hostname, domainname: '' });
  }
  node.resources.put('network', RT.hostnameStatus, 'hostname', { hostname, domainname: '' });
}

function linkSpec(type: string, mac: string, index: number, up: boolean) {
  return {
    index,
    type,
    linkIndex: 0,
    flags: up ? 'UP,BROADCAST,RUNNING,MULTICAST,LOWER_UP' : 'BROADCAST,MULTICAST',
    hardwareAddr: mac,
    operationalState: up ? 'up' : 'down',
    kind: '',
    alias: '',
    mtu: type === 'loopback' ? 65536 : 1500,
    linkState: up,
  };
}

/** Addresses a NIC gets: the config's static ones, or DHCP (explicit, or by default on the first NIC). */
function addressesFor(node: VirtualNode, mac: string, wanted: InterfaceConfig | undefined, isFirst: boolean): string[] {
  if (wanted?.ignore) return [];
  const statics = wanted?.addresses ?? [];
  const useDhcp = wanted ? wanted.dhcp : isFirst;
  const out = [...statics];
  if (useDhcp) {
    const lease = node.world.network.dhcpLease(mac);
    if (lease) out.push(`${lease}/${node.world.network.prefixLength}`);
  }
  if (wanted?.vip && node.isControlPlane() && node.world.etcd.leader === node.name) out.push(`${wanted.vip}/32`);
  return [...new Set(out)];
}

function routes(node: VirtualNode, interfaces: InterfaceConfig[], state: NetworkControllerState): void {
  const keep = new Set<string>();
  const gateway = node.world.network.gateway;
  if (node.addresses().length > 0) {
    keep.add('default');
    node.resources.put('network', RT.routeStatus, 'default', { dst: '', gateway, outLinkName: node.nics[0]?.name ?? '', priority: 1024 });
  }
  for (const wanted of interfaces) {
    for (const route of wanted.routes) {
      const id = `${wanted.interface}/${route.network}`;
      const reachable = route.gateway === undefined || node.world.network.inSubnet(route.gateway);
      if (!reachable || !node.nics.some((n) => n.name === wanted.interface)) {
        if (!state.routeErrorsLogged.has(id)) {
          state.routeErrorsLogged.add(id);
          node.controllerLog('network.RouteSpecController', 'controller failed', {
            error: `1 error occurred:\n\t* error adding route: netlink receive: network is unreachable, message {Family: 2, DstLength: ${route.network.split('/')[1] ?? 0}, Gateway: ${route.gateway}}\n\n`,
          }, 'ERROR');
        }
        continue;
      }
      keep.add(id);
      node.resources.put('network', RT.routeStatus, id, { dst: route.network, gateway: route.gateway ?? '', outLinkName: wanted.interface, priority: route.metric ?? 1024 });
    }
  }
  node.resources.prune('network', RT.routeStatus, keep);
}
