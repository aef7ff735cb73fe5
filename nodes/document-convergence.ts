// The convergence predicate over the v1.13 documents: what of an applied config's documents has
// not taken effect on this node yet, in the words `talosctl get` would show it. A LinkConfig,
// BondConfig or VLANConfig address not assigned (its link, alias or parent missing or down), a
// route not installed, a HostnameConfig hostname not set, a volume document whose VolumeStatus is
// not ready (its phase and Talos's error). The apply machine reads it with the v1alpha1 checks in
// node-apply.ts: an apply stays Reconciling, and turns stuck after 30 s, while one is pending.
// Leaves out: resolvers, time servers and static hosts (their statuses follow the config in the
// same pass), a VIP (held by one control plane only), and DHCP leases.
import type { ControllerContext } from './controllers/controller-context.ts';
import { RT } from './resources/resource-types.ts';
import { volumeSpecs } from './controllers/volume-specs.ts';

const VOLUME_KINDS = ['UserVolumeConfig', 'RawVolumeConfig', 'SwapVolumeConfig', 'ExistingVolumeConfig'];

/** The first document setting not in effect, or null when all are. */
export function documentsPending(node: ControllerContext): string | null {
  const documents = node.config?.documents ?? [];
  if (documents.length === 0) return null;
  const settings = node.networkSettings();
  const virtual = new Set(settings.virtualLinks.map((link) => link.name));
  for (const wanted of settings.interfaces) {
    if (!wanted.interface) continue;
    const nic = node.nics.find((candidate) => candidate.name === wanted.interface);
    for (const address of wanted.addresses) {
      if (node.resources.get('network', RT.addressStatus, `${wanted.interface}/${address}`)) continue;
      if (!nic && !virtual.has(wanted.interface)) return `address ${address} on link "${wanted.interface}": link "${wanted.interface}" not found`;
      if (nic && !nic.carrier) return `address ${address} on link "${wanted.interface}": link is down`;
      return `address ${address} on link "${wanted.interface}" not assigned yet`;
    }
    for (const route of wanted.routes) {
      if (!node.resources.get('network', RT.routeStatus, `${wanted.interface}/${route.network}`)) {
        return `route ${route.network} via ${route.gateway}: error adding route: netlink receive: network is unreachable`;
      }
    }
  }
  const hostname = node.spec()?.documentHostname;
  if (hostname !== undefined && node.resources.get<{ hostname: string }>('network', RT.hostnameStatus, 'hostname')?.spec.hostname !== hostname) {
    return `hostname "${hostname}" (HostnameConfig) not set yet`;
  }
  const ephemeralConfigured = documents.some((document) => document.kind === 'VolumeConfig' && document.name === 'EPHEMERAL');
  const volumeKinds = new Set(documents.filter((document) => VOLUME_KINDS.includes(document.kind)).map((document) => document.kind));
  if (volumeKinds.size === 0 && !ephemeralConfigured) return null;
  for (const spec of volumeSpecs(documents, node.config?.object.machine?.systemDiskEncryption)) {
    if (spec.id === 'EPHEMERAL' && !ephemeralConfigured) continue;
    const status = node.resources.get<{ phase: string; errorMessage?: string }>('runtime', RT.volumeStatus, spec.id)?.spec;
    if (status?.phase === 'ready') continue;
    const phase = status?.phase ?? 'waiting';
    return `volume ${spec.id} is ${phase}${status?.errorMessage ? `: ${status.errorMessage}` : ''}`;
  }
  return null;
}
