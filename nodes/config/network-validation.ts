// Talos' validation of machine.network (v1alpha1 Validate: links claimed twice, bond/bridge
// exclusivity, then per interface CheckDeviceInterface, CheckDeviceAddressing and
// CheckDeviceRoutes, then the KubeSpan MTU floor), with Talos' texts and order.
import type { MachineNetworkConfig, NetworkInterfaceConfig } from './machine-config-types.ts';
import type { IssueList } from './validation-result.ts';
import { bondErrors, wireguardErrors } from './bond-validation.ts';
import { ipOrCIDRError, parseCIDRError, parseIP } from './net-parse.ts';

const KUBESPAN_LINK_MTU = 1420;
const KUBESPAN_LINK_MINIMUM_MTU = 1280;
const INTERFACE_OR_SELECTOR = '[networking.os.device.interface], [networking.os.device.deviceSelector]';

/** Secondary link name => the bond/bridge that claims it. */
type SecondaryLinks = Map<string, string>;

function claimSecondaryLinks(interfaces: NetworkInterfaceConfig[], base: string, issues: IssueList): SecondaryLinks {
  const claimed: SecondaryLinks = new Map();
  interfaces.forEach((device, index) => {
    if (device === null) return;
    const path = `${base}[${index}]`;
    const name = device.interface ?? '';
    if (device.bond !== undefined && device.bridge !== undefined) {
      issues.error(path, `interface has both bridge and bond sections set ${JSON.stringify(name)}: config sections are mutually exclusive`);
    }
    let members: string[] = [];
    if (device.bond !== undefined) {
      members = device.bond.interfaces ?? [];
      if (members.length > 0 && (device.bond.deviceSelectors ?? []).length > 0) {
        issues.error(`${path}.bond`, `interface ${JSON.stringify(name)} has both interfaces and selectors set: config sections are mutually exclusive`);
      }
    }
    if (device.bridge !== undefined) members = device.bridge.interfaces ?? [];
    for (const member of members) {
      const owner = claimed.get(member);
      if (owner !== undefined && owner !== name) {
        issues.error(path, `interface ${JSON.stringify(member)} is declared as part of two separate links: ${JSON.stringify(owner)} and ${JSON.stringify(name)}`);
      }
      claimed.set(member, name);
    }
  });
  return claimed;
}

function checkDeviceInterface(device: NetworkInterfaceConfig, path: string, issues: IssueList): void {
  const hasSelector = device.deviceSelector !== undefined;
  if ((device.interface ?? '') === '' && !hasSelector) issues.error(path, `${INTERFACE_OR_SELECTOR}: required either config section to be set`);
  else if ((device.interface ?? '') !== '' && hasSelector) issues.error(path, `${INTERFACE_OR_SELECTOR}: config sections are mutually exclusive`);
  if (hasSelector && Object.keys(device.deviceSelector ?? {}).length === 0) {
    issues.error(`${path}.deviceSelector`, '[networking.os.device.deviceSelector]: config section should contain at least one field');
  }
  if (device.bond !== undefined) for (const message of bondErrors(device.bond)) issues.error(`${path}.bond`, message);
  if (device.wireguard !== undefined) for (const message of wireguardErrors(device.wireguard)) issues.error(`${path}.wireguard`, message);
  (device.vlans ?? []).forEach((vlan, index) => {
    if (vlan === null) return;
    const vlanPath = `${path}.vlans[${index}]`;
    const label = `${device.interface ?? ''}.${vlan.vlanId ?? 0}`;
    if ((vlan.addresses ?? []).length > 0 && (vlan.cidr ?? '') !== '') {
      issues.error(vlanPath, `[networking.os.device.vlan] ${label}: vlan can't have both .cidr and .addresses set`);
    }
    const cidrError = (vlan.cidr ?? '') === '' ? '' : ipOrCIDRError(vlan.cidr ?? '');
    if (cidrError !== '') issues.error(`${vlanPath}.cidr`, `[networking.os.device.vlan.CIDR] ${label}: ${cidrError}`);
    for (const address of vlan.addresses ?? []) {
      const addressError = ipOrCIDRError(address);
      if (addressError !== '') issues.error(`${vlanPath}.addresses`, `[networking.os.device.vlan.addresses] ${label}: ${addressError}`);
    }
  });
}

function checkDeviceAddressing(device: NetworkInterfaceConfig, path: string, secondary: SecondaryLinks, issues: IssueList): void {
  const name = JSON.stringify(device.interface ?? '');
  const addresses = device.addresses ?? [];
  const cidr = device.cidr ?? '';
  if (secondary.has(device.interface ?? '') && (device.dhcp === true || cidr !== '' || addresses.length > 0 || device.vip !== undefined)) {
    issues.error(path, `[networking.os.device] ${name}: bonded/bridged interface shouldn't have any addressing methods configured`);
  }
  if (addresses.length > 0 && cidr !== '') issues.error(path, `[networking.os.device] ${name}: interface can't have both .cidr and .addresses set`);
  if (cidr !== '') {
    const cidrError = ipOrCIDRError(cidr);
    if (cidrError !== '') issues.error(`${path}.cidr`, `[networking.os.device.CIDR] ${name}: ${cidrError}`);
    issues.warning(`${path}.cidr`, `${name}: machine.network.interface.cidr is deprecated, please use machine.network.interface.addresses`);
  }
  addresses.forEach((address, index) => {
    const addressError = ipOrCIDRError(address);
    if (addressError !== '') issues.error(`${path}.addresses[${index}]`, `[networking.os.device.addresses] ${name}: ${addressError}`);
  });
  if (device.vip !== undefined && parseIP(device.vip.ip ?? '') === null) {
    issues.error(`${path}.vip`, `[networking.os.device.vip] failed to parse ${JSON.stringify(device.vip.ip ?? '')} as IP address`);
  }
}

function checkDeviceRoutes(device: NetworkInterfaceConfig, path: string, issues: IssueList): void {
  (device.routes ?? []).forEach((route, index) => {
    if (route === null) return;
    const label = `networking.os.device.route[${index}]`;
    const routePath = `${path}.routes[${index}]`;
    const network = route.network ?? '';
    const gateway = route.gateway ?? '';
    if (network !== '' && parseCIDRError(network) !== '') issues.error(`${routePath}.network`, `[${label}.network] ${JSON.stringify(network)}: invalid network address`);
    if (gateway !== '' && parseIP(gateway) === null) issues.error(`${routePath}.gateway`, `[${label}.gateway] ${JSON.stringify(gateway)}: invalid network address`);
    if (gateway === '' && network === '') issues.error(routePath, `[${label}]: either network or gateway should be set`);
    const source = route.source ?? '';
    if (source !== '' && parseIP(source) === null) issues.error(`${routePath}.source`, `[${label}.source] ${JSON.stringify(source)}: invalid network address`);
  });
}

/** Validates machine.network the way Talos' v1alpha1 Validate does. */
export function validateMachineNetwork(network: MachineNetworkConfig, issues: IssueList): void {
  const base = 'machine.network.interfaces';
  const interfaces = network.interfaces ?? [];
  const secondary = claimSecondaryLinks(interfaces, base, issues);
  interfaces.forEach((device, index) => {
    const path = `${base}[${index}]`;
    if (device === null) {
      issues.error(path, 'empty device');
      return;
    }
    if (device.ignore === true) return;
    checkDeviceInterface(device, path, issues);
    checkDeviceAddressing(device, path, secondary, issues);
    checkDeviceRoutes(device, path, issues);
  });
  const kubespan = network.kubespan;
  if (kubespan?.enabled === true && (kubespan.mtu || KUBESPAN_LINK_MTU) < KUBESPAN_LINK_MINIMUM_MTU) {
    issues.error('machine.network.kubespan.mtu', `kubespan link MTU must be at least ${KUBESPAN_LINK_MINIMUM_MTU}`);
  }
}
