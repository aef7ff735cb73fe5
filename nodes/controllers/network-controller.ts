// network.LinkStatusController, AddressSpecController, RouteSpecController and
// HostnameSpecController in miniature: links from the NICs, addresses from the config (static)
// or DHCP, routes (a gateway outside every subnet is unreachable), the hostname. Addresses go to
// the LAN so others can reach the node. An interface the config names but no NIC has is never
// configured: its address never appears (the "no error, no IP" failure). DHCP leases are held
// for their lease time and renewed at half of it; a server that stops answering shows as
// `DHCP request/renew failed` lines and, once the lease runs out, the address goes away.
// Leaves out: DHCP options (routes, DNS, hostname), DHCPv6, lease times other than 10 minutes.
import type { ControllerContext, NetworkControllerState } from './controller-context.ts';
import type { Nic } from '../devices/nic.ts';
import { RT } from '../resources/resource-types.ts';
import { WAKE } from './controller-wakeups.ts';
import type { InterfaceConfig } from '../node-spec.ts';
import type { NetworkSettings } from '../config-documents.ts';

/** Lease time the simulated DHCP server grants (a typical 10 minutes, siderolabs/omni#2071). */
export const DHCP_LEASE_MS = 10 * 60_000;
/** Wait between failed DHCP requests. */
export const DHCP_RETRY_MS = 30_000;

/**
 * What it reads: the active config (settings, hostname, role), whether the kernel runs, each
 * NIC's carrier, the node's addresses on the LAN (addressesOf keeps its array while they do not
 * change), the etcd leader (the VIP) and each DHCP client's answer while no request is due.
 * Undefined (run now) when a DHCP request, renewal or retry is due.
 */
export function networkInputs(node: ControllerContext, state: NetworkControllerState): unknown[] | undefined {
  const inputs: unknown[] = [node.config, node.networkSettings(), node.lifecycleState() !== 'firmware', node.addresses(), node.world.etcd.leader];
  for (const nic of node.nics) inputs.push(nic.carrier);
  if (state.dhcp) {
    const now = node.world.kernel.now;
    for (const [link, client] of state.dhcp) {
      if (client.lease && now < client.lease.renewAtMs) inputs.push(link, client.lease.address);
      else if (now < client.nextAttemptMs) inputs.push(link, client.lease && now < client.lease.expiresAtMs ? client.lease.address : undefined);
      else return undefined;
    }
  }
  return inputs;
}

/**
 * When the DHCP clients' part of networkInputs changes next on its own: each client's inputs hold
 * from now until its renewal (while leased), or until its next request or its lease's expiry,
 * whichever comes first (Infinity without clients). The timers at those times ask a pass too, but
 * a pass at the same virtual millisecond may come first; it looks then.
 */
export function dhcpInputsUntilMs(state: NetworkControllerState, now: number): number {
  let until = Infinity;
  if (!state.dhcp) return until;
  for (const client of state.dhcp.values()) {
    if (client.lease && now < client.lease.renewAtMs) until = Math.min(until, client.lease.renewAtMs);
    else if (now < client.nextAttemptMs) until = Math.min(until, client.nextAttemptMs, client.lease && now < client.lease.expiresAtMs ? client.lease.expiresAtMs : Infinity);
    else return now;
  }
  return until;
}

export function networkController(node: ControllerContext, state: NetworkControllerState): void {
  const settings = node.networkSettings();
  const interfaces = settings.interfaces;
  const booted = node.lifecycleState() !== 'firmware';
  const keepLinks = new Set<string>(['lo']);
  const keepAddresses = new Set<string>();
  const addressesBefore = node.addresses().join(' ');
  node.resources.put('network', RT.linkStatus, 'lo', linkSpec('loopback', '00:00:00:00:00:00', 1, true));
  for (const nic of node.nics) {
    keepLinks.add(nic.name);
    const previous = node.resources.get<{ linkState: boolean }>('network', RT.linkStatus, nic.name)?.spec.linkState;
    if (previous !== undefined && previous !== nic.carrier) {
      node.controllerLog('network.LinkStatusController', 'link state changed', { link: nic.name, up: nic.carrier });
    }
    node.resources.put('network', RT.linkStatus, nic.name, { ...linkSpec('ether', nic.mac, nic.index, nic.carrier), alias: settings.aliases.get(nic.name) ?? '' });
    const wanted = interfaces.find((i) => i.interface === nic.name);
    if (!nic.carrier) state.dhcp?.delete(nic.name);
    const enslaved = settings.virtualLinks.some((link) => link.kind === 'bond' && link.lower.includes(nic.name));
    const cidrs = booted && nic.carrier && !enslaved ? addressesFor(node, nic, wanted, nic === node.nics[0], state) : [];
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
  virtualLinks(node, settings, interfaces, booted, keepLinks, keepAddresses, state);
  for (const wanted of interfaces) {
    if (settings.virtualLinks.some((link) => link.name === wanted.interface)) continue;
    if (wanted.interface && !node.nics.some((n) => n.name === wanted.interface) && !state.missingLinksLogged.has(wanted.interface)) {
      state.missingLinksLogged.add(wanted.interface);
      node.controllerLog('network.LinkSpecController', 'link not found', { link: wanted.interface }, 'WARN');
    }
  }
  node.resources.prune('network', RT.linkStatus, keepLinks);
  logRemovedAddresses(node, keepAddresses);
  node.resources.prune('network', RT.addressStatus, keepAddresses);
  // etcd's quorum is computed over the LAN: a node gaining or losing its addresses can move it.
  if (node.addresses().join(' ') !== addressesBefore) node.world.etcd.reevaluate();
  routes(node, interfaces, state);
  const hostname = node.hostname();
  if (node.resources.get<{ hostname: string }>('network', RT.hostnameStatus, 'hostname')?.spec.hostname !== hostname) {
    node.controllerLog('network.HostnameSpecController', 'setting hostname', { hostname, domainname: '' });
  }
  node.resources.put('network', RT.hostnameStatus, 'hostname', { hostname, domainname: '' });
  node.resources.put('network', RT.resolverStatus, 'resolvers', {
    dnsServers: settings.nameservers.length > 0 ? settings.nameservers : [node.world.network.gateway],
    searchDomains: settings.searchDomains,
  });
}

/**
 * Bonds, VLANs and dummy links from documents: links of their own (up while a member or the
 * parent has carrier; a dummy is always up), with their static addresses. A bond's addresses
 * reach the LAN through it; a VLAN's are tagged traffic the simulated LAN does not carry.
 */
function virtualLinks(
  node: ControllerContext, settings: NetworkSettings, interfaces: InterfaceConfig[], booted: boolean, keepLinks: Set<string>, keepAddresses: Set<string>, state: NetworkControllerState,
): void {
  settings.virtualLinks.forEach((link, offset) => {
    const lower = link.lower.map((name) => node.nics.find((nic) => nic.name === name)).filter((nic): nic is Nic => nic !== undefined);
    const up = link.kind === 'dummy' || lower.some((nic) => nic.carrier);
    const index = node.nics.length + 2 + offset;
    keepLinks.add(link.name);
    const mac = lower[0]?.mac ?? '00:00:00:00:00:00';
    node.resources.put('network', RT.linkStatus, link.name, {
      ...linkSpec('ether', mac, index, up), kind: link.kind, mtu: link.mtu ?? 1500, alias: '',
      ...(link.kind === 'vlan' ? { linkIndex: lower[0]?.index ?? 0, vlan: { vlanID: link.vlanId ?? 0, protocol: '802.1q' } } : {}),
    });
    const wanted = interfaces.find((entry) => entry.interface === link.name);
    const cidrs = booted && up ? [...(wanted?.addresses ?? [])] : [];
    const carrier = lower.find((nic) => nic.carrier);
    if (booted && wanted?.dhcp && link.kind === 'bond' && carrier !== undefined) {
      const lease = dhcpAddress(node, carrier, state);
      if (lease) cidrs.push(`${lease}/${node.world.network.prefixLength}`);
    }
    if (booted && up && wanted?.vip && node.isControlPlane() && node.world.etcd.leader === node.name) cidrs.push(`${wanted.vip}/32`);
    if (link.kind === 'bond') node.world.network.setAddresses(node.name, link.name, cidrs);
    for (const cidr of cidrs) {
      const id = `${link.name}/${cidr}`;
      keepAddresses.add(id);
      if (!node.resources.get('network', RT.addressStatus, id)) node.controllerLog('network.AddressSpecController', 'assigned address', { address: cidr, link: link.name });
      node.resources.put('network', RT.addressStatus, id, { address: cidr, local: cidr.split('/')[0], linkIndex: index, linkName: link.name, family: 'inet4', scope: 'global', flags: 'permanent' });
    }
  });
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

function logRemovedAddresses(node: ControllerContext, keep: Set<string>): void {
  for (const resource of node.resources.list('network', RT.addressStatus)) {
    const spec = resource.spec as { address: string; linkName: string };
    if (!keep.has(`${spec.linkName}/${spec.address}`)) {
      node.controllerLog('network.AddressSpecController', 'removed address', { address: spec.address, link: spec.linkName });
    }
  }
}

/** Addresses a NIC gets: the config's static ones, or DHCP (explicit, or by default on the first NIC). */
function addressesFor(node: ControllerContext, nic: Nic, wanted: InterfaceConfig | undefined, isFirst: boolean, state: NetworkControllerState): string[] {
  if (wanted?.ignore) return [];
  const statics = wanted?.addresses ?? [];
  const useDhcp = wanted && !wanted.vipOnly ? wanted.dhcp : isFirst || (wanted?.dhcp ?? false);
  const out = [...statics];
  if (useDhcp) {
    const lease = dhcpAddress(node, nic, state);
    if (lease) out.push(`${lease}/${node.world.network.prefixLength}`);
  }
  if (wanted?.vip && node.isControlPlane() && node.world.etcd.leader === node.name) out.push(`${wanted.vip}/32`);
  return [...new Set(out)];
}

/**
 * network.OperatorSpecController's dhcp4 operator in miniature: the leased address while the
 * lease holds; a new request at renewal time or after a failure's retry wait.
 */
function dhcpAddress(node: ControllerContext, nic: Nic, state: NetworkControllerState): string | undefined {
  const clients = (state.dhcp ??= new Map());
  let client = clients.get(nic.name);
  if (!client) clients.set(nic.name, (client = { nextAttemptMs: 0 }));
  const now = node.world.kernel.now;
  const kernel = node.world.kernel;
  if (client.lease && now < client.lease.renewAtMs) return client.lease.address;
  if (now < client.nextAttemptMs) return client.lease && now < client.lease.expiresAtMs ? client.lease.address : undefined;
  const offered = node.world.network.dhcpLease(nic.mac);
  if (offered) {
    client.lease = { address: offered, renewAtMs: now + DHCP_LEASE_MS / 2, expiresAtMs: now + DHCP_LEASE_MS };
    const renewal = (client.renewal ??= kernel.periodicTimer(`dhcp renew ${node.name}/${nic.name}`, () => node.requestReconcile(WAKE.network)));
    // A renewal still due at this very millisecond keeps its own wake, as separate events did.
    if (renewal.armed) kernel.scheduleAt(client.lease.renewAtMs, renewal.label, renewal.action);
    else kernel.armAt(renewal, client.lease.renewAtMs);
    return offered;
  }
  node.controllerLog('network.OperatorSpecController', 'DHCP request/renew failed', {
    operator: 'dhcp4',
    error: 'got an error while processing the request: no matching response packet received',
    link: nic.name,
  }, 'WARN');
  client.nextAttemptMs = now + DHCP_RETRY_MS;
  kernel.scheduleAt(client.nextAttemptMs, `dhcp retry ${node.name}/${nic.name}`, () => node.requestReconcile(WAKE.network));
  if (client.lease && now >= client.lease.expiresAtMs) client.lease = undefined;
  if (client.lease) kernel.scheduleAt(client.lease.expiresAtMs, `dhcp expiry ${node.name}/${nic.name}`, () => node.requestReconcile(WAKE.network));
  return client.lease?.address;
}

function routes(node: ControllerContext, interfaces: InterfaceConfig[], state: NetworkControllerState): void {
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
