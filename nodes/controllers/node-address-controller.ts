// network.NodeAddressController in miniature: NodeAddresses "current" (the node's global-scope
// addresses, sorted), "default" (the first of them), "routed" (the same: no KubeSpan or VIP
// addresses are filtered here) and "accumulative" (every address seen since it was first
// written), each with the config's `machine.features.nodeAddressSortAlgorithm` (v1 unless set).
// v1 and v2 sort the same way here (by address, then prefix length): IPv4 only. Leaves out the
// filtered variants (`k8s`, `etcd`, KubeSpan) and link-local or loopback exclusion rules beyond
// scope.
import type { ControllerContext } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';

interface AddressSpec {
  address: string;
  scope: string;
}

function compareCidr(a: string, b: string): number {
  const key = (cidr: string) => {
    const [address = '', length = '32'] = cidr.split('/');
    return [...address.split('.').map(Number), Number(length)];
  };
  const [left, right] = [key(a), key(b)];
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return (left[index] ?? 0) - (right[index] ?? 0);
  return 0;
}

/** What it reads: the AddressStatus resources (by their kind's version) and the config (sort algorithm). */
export function nodeAddressInputs(node: ControllerContext): unknown[] {
  return [node.resources.kindVersion('network', RT.addressStatus), node.config];
}

export function nodeAddressController(node: ControllerContext): void {
  const features = ((node.config?.object as { machine?: { features?: { nodeAddressSortAlgorithm?: string } } } | undefined)?.machine?.features) ?? {};
  const sortAlgorithm = features.nodeAddressSortAlgorithm === 'v2' ? 'v2' : 'v1';
  const current = node.resources
    .list('network', RT.addressStatus)
    .map((resource) => resource.spec as AddressSpec)
    .filter((spec) => spec.scope === 'global' && !spec.address.startsWith('127.'))
    .map((spec) => spec.address)
    .sort(compareCidr);
  const previous = node.resources.get<{ addresses: string[] }>('network', RT.nodeAddress, 'accumulative')?.spec.addresses ?? [];
  const accumulative = [...new Set([...previous, ...current])].sort(compareCidr);
  node.resources.put('network', RT.nodeAddress, 'current', { addresses: current, sortAlgorithm });
  node.resources.put('network', RT.nodeAddress, 'default', { addresses: current.slice(0, 1), sortAlgorithm });
  node.resources.put('network', RT.nodeAddress, 'routed', { addresses: current, sortAlgorithm });
  node.resources.put('network', RT.nodeAddress, 'accumulative', { addresses: accumulative, sortAlgorithm });
}
