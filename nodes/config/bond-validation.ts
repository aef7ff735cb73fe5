// Talos' checks of bond and WireGuard sections in machine.network.interfaces[] (checkBond,
// checkWireguard), with Talos' texts. An unknown bond mode counts as balance-rr for the
// mode-dependent checks that follow, as in Talos.
import type { BondConfig } from './machine-config-types.ts';
import type { ConfigObject } from './machine-config-types.ts';
import { base64Error } from './leaf-decoders.ts';
import { parseCIDRError, parseIP } from './net-parse.ts';

const BOND_MODES = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'];

/** Option name => [accepted values ('' = default), Talos' error prefix]. */
const BOND_ENUMS: Array<[keyof BondConfig, string[], string]> = [
  ['xmitHashPolicy', ['', 'layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4'], 'invalid xmit hash policy'],
  ['lacpRate', ['', 'slow', 'fast'], 'invalid lacp rate'],
  ['arpValidate', ['', 'none', 'active', 'backup', 'all', 'filter', 'filter-active', 'filter-backup'], 'invalid arp_validate mode'],
  ['arpAllTargets', ['', 'any', 'all'], 'invalid arp_all_targets mode'],
  ['primaryReselect', ['', 'always', 'better', 'failure'], 'invalid primary_reselect mode'],
  ['failOverMac', ['', 'none', 'active', 'follow'], 'invalid fail_over_mac value'],
  ['adSelect', ['', 'stable', 'bandwidth', 'count'], 'invalid ad_select mode'],
];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

function delayErrors(bond: BondConfig): string[] {
  const miimon = count(bond.miimon);
  const upDelay = count(bond.updelay);
  const downDelay = count(bond.downdelay);
  if (miimon === 0) {
    return [
      ...(upDelay !== 0 ? ["bond.upDelay can't be set if miiMon is zero"] : []),
      ...(downDelay !== 0 ? ["bond.downDelay can't be set if miiMon is zero"] : []),
    ];
  }
  return [
    ...(upDelay % miimon !== 0 ? ['bond.upDelay should be a multiple of miiMon'] : []),
    ...(downDelay % miimon !== 0 ? ['bond.downDelay should be a multiple of miiMon'] : []),
  ];
}

function modeDependentErrors(bond: BondConfig, mode: string): string[] {
  const errors: string[] = [];
  const adaptive = mode === '802.3ad' || mode === 'balance-alb' || mode === 'balance-tlb';
  if ((bond.arpIPTarget ?? []).length > 0) errors.push('bond.arpIPTarget is not supported');
  if (text(bond.lacpRate) !== '' && mode !== '802.3ad') errors.push('bond.lacpRate is only available in 802.3ad mode');
  if (text(bond.adActorSystem) !== '') errors.push('bond.adActorSystem is not supported');
  if (adaptive && text(bond.arpValidate) !== '') errors.push(`bond.arpValidate is not available in ${mode} mode`);
  if (!['active-backup', 'balance-alb', 'balance-tlb'].includes(mode) && text(bond.primary) !== '') {
    errors.push(`bond.primary is not available in ${mode} mode`);
  }
  if (adaptive && count(bond.arpInterval) > 0) errors.push(`bond.arpInterval is not available in ${mode} mode`);
  if (mode !== 'balance-rr' && count(bond.packetsPerSlave) > 1) errors.push(`bond.packetsPerSlave is not available in ${mode} mode`);
  if (!['balance-alb', 'balance-tlb'].includes(mode) && count(bond.tlbDynamicLb) > 0) {
    errors.push(`bond.tlbDynamicTLB is not available in ${mode} mode`);
  }
  if (mode !== '802.3ad' && count(bond.adActorSysPrio) > 0) errors.push('bond.adActorSysPrio is only available in 802.3ad mode');
  if (mode !== '802.3ad' && count(bond.adUserPortKey) > 0) errors.push('bond.adUserPortKey is only available in 802.3ad mode');
  return errors;
}

/** Talos' checkBond. */
export function bondErrors(bond: BondConfig): string[] {
  const errors: string[] = [];
  const modeText = text(bond.mode);
  const known = modeText === '' || BOND_MODES.includes(modeText);
  if (!known) errors.push(`invalid bond type ${modeText}`);
  for (const [option, accepted, prefix] of BOND_ENUMS) {
    const value = text(bond[option]);
    if (!accepted.includes(value)) errors.push(`${prefix} ${value}`);
  }
  errors.push(...delayErrors(bond));
  errors.push(...modeDependentErrors(bond, known && modeText !== '' ? modeText : 'balance-rr'));
  return errors;
}

function wireguardKeyError(key: string): string {
  const problem = base64Error(key);
  if (problem !== '') return problem;
  const length = Buffer.from(key, 'base64').length;
  return length === 32 ? '' : `wrong key ${JSON.stringify(key)} length: ${length}`;
}

/** Go's net.SplitHostPort + siderolabs/net AddressContainsPort. */
function addressContainsPort(address: string): boolean {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d*)$/.exec(address);
  if (match === null) return false;
  const host = match[1] ?? match[2];
  return !host.includes(':') || parseIP(host) !== null;
}

/** Talos' checkWireguard. */
export function wireguardErrors(wireguard: ConfigObject): string[] {
  const errors: string[] = [];
  const privateKeyError = wireguardKeyError(text(wireguard.privateKey));
  if (privateKeyError !== '') errors.push(`private key is invalid: ${privateKeyError}`);
  const peers = Array.isArray(wireguard.peers) ? (wireguard.peers as ConfigObject[]) : [];
  for (const peer of peers) {
    if (peer === null) continue;
    const publicKeyError = wireguardKeyError(text(peer.publicKey));
    if (publicKeyError !== '') errors.push(`public key invalid: ${publicKeyError}`);
    const endpoint = text(peer.endpoint);
    if (endpoint !== '' && !addressContainsPort(endpoint)) errors.push(`peer endpoint ${JSON.stringify(endpoint)} is invalid`);
    for (const allowed of Array.isArray(peer.allowedIPs) ? (peer.allowedIPs as string[]) : []) {
      const cidrError = parseCIDRError(allowed);
      if (cidrError !== '') errors.push(`peer allowed IP ${JSON.stringify(allowed)} is invalid: ${cidrError}`);
    }
  }
  return errors;
}
