// What a scenario step's API call meets before a node command runs, judged from the real
// certificate material the way a talosctl client would meet it: is apid reachable, does the TLS
// handshake succeed (maintenance mode vs mTLS, whose CA, the node's clock against the
// certificate's validity), and is the caller's role allowed the method (the API's role table).
// The real handshake over sockets is what nodes/api does; this is the same decision without them.
import type { SimCluster } from '../cluster/cluster.ts';
import type { CallerPlan } from './plan.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { authorize, MAINTENANCE_CALLER_ROLES } from '../../nodes/api/role-table.ts';
import { machineCaCertificateOf } from '../../nodes/api/machine-authority.ts';
import type { Role } from '../../nodes/vocabulary.ts';
import { CLIENT_ENDPOINT } from '../cluster/network.ts';
import { x509TimeError } from '../../nodes/go-format/time.ts';

/** Server certificates of apid are valid for 24 h from when the node's own clock issued them. */
const APID_CERTIFICATE_VALIDITY_MS = 24 * 3_600_000;
/** Backdating of a fresh certificate's NotBefore, tolerating small clock differences. */
const NOT_BEFORE_BACKDATE_MS = 60_000;

const handshakeFailed = (reason: string) =>
  new TalosApiError('Unavailable', `connection error: desc = "transport: authentication handshake failed: ${reason}"`);

/** Throws the error the client would see; returns when the call reaches the node's handler. */
export function checkCall(cluster: SimCluster, node: VirtualNode, method: string, caller: CallerPlan = {}): void {
  if (!node.apiReachable()) {
    throw new TalosApiError(
      'Unavailable',
      `connection error: desc = "transport: Error while dialing: dial tcp ${node.reservedIp}:50000: connect: ${node.isPoweredOn() ? 'connection refused' : 'no route to host'}"`,
    );
  }
  const maintenance = node.config === undefined;
  if (maintenance) {
    if (!caller.insecure) throw handshakeFailed('tls: failed to verify certificate: x509: certificate signed by unknown authority');
    authorize(`/machine.MachineService/${method}`, MAINTENANCE_CALLER_ROLES, true);
    return;
  }
  if (caller.insecure) throw new TalosApiError('Unavailable', 'connection error: desc = "error reading server preface: remote error: tls: certificate required"');
  if (caller.talosconfig === 'other-cluster' || !talosconfigAccepted(cluster, node)) {
    throw handshakeFailed(
      'tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of "x509: Ed25519 verification failure" while trying to verify candidate authority certificate "talos")',
    );
  }
  const trueNowMs = node.world.epochWallMs + node.world.kernel.now;
  const notBeforeMs = node.wallTimeMs() - NOT_BEFORE_BACKDATE_MS;
  const notAfterMs = node.wallTimeMs() + APID_CERTIFICATE_VALIDITY_MS;
  const expired = x509TimeError(trueNowMs, notBeforeMs, notAfterMs);
  if (expired !== null) throw handshakeFailed(`tls: failed to verify certificate: ${expired}`);
  const roles = new Set<Role>((caller.roles ?? ['os:admin']) as Role[]);
  authorize(`/machine.MachineService/${method}`, roles, false);
}

/**
 * What `ping <node>` and a TCP connect to port 50000 show from the client: tells a node that is up
 * but whose apid does not serve (stuck early in boot: refused) from one the network cannot reach.
 */
export function probeNode(cluster: SimCluster, node: VirtualNode): { summary: string; error?: string; errorCode?: string } {
  const address = node.primaryAddress() ?? node.reservedIp;
  if (!node.isPoweredOn() || node.addresses().length === 0 || !cluster.world.network.canTalk(CLIENT_ENDPOINT, node.name)) {
    return { summary: '', error: `ping: From ${cluster.world.network.gateway} icmp_seq=1 Destination Host Unreachable (${address})`, errorCode: 'Unavailable' };
  }
  if (!node.apiReachable()) {
    return { summary: '', error: `ping: reply from ${address}; dial tcp ${address}:50000: connect: connection refused`, errorCode: 'Unavailable' };
  }
  return { summary: `ping: reply from ${address}; port 50000: open` };
}

/** The cluster's talosconfig verifies the node: the node serves under the cluster's machine CA. */
export function talosconfigAccepted(cluster: SimCluster, node: VirtualNode): boolean {
  return machineCaCertificateOf(node) === cluster.secrets.certs.os.crt;
}
