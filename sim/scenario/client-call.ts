// What a scenario step's API call meets before a node command runs, judged from the real
// certificate material the way a talosctl client would meet it: is apid reachable, then the
// admission decision of nodes/api/admission.ts (the TLS stage as a Go client sees it: maintenance
// mode vs mTLS, whose CA, the node's clock against the certificate's validity; then the caller's
// roles against the method). The real listener makes the same decision over sockets.
import type { SimCluster } from '../cluster/cluster.ts';
import type { CallerPlan } from './plan.ts';
import type { VirtualNode } from '../../nodes/node.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { authorizeCall, callerRoles, handshakeRefusal, listenerModeOf } from '../../nodes/api/admission.ts';
import { machineCaCertificateOf } from '../../nodes/api/machine-authority.ts';
import { CERTIFICATE_BACKDATE_MS } from '../../nodes/api/certificate-clock.ts';
import { defaultCertificateValidityMs } from '../../nodes/pki/index.ts';
import type { Role } from '../../nodes/vocabulary.ts';
import { CLIENT_ENDPOINT } from '../cluster/network.ts';

/** Throws the error the client would see; returns when the call reaches the node's handler. */
export function checkCall(cluster: SimCluster, node: VirtualNode, method: string, caller: CallerPlan = {}): void {
  const mode = listenerModeOf(node);
  if (mode === 'closed') {
    throw new TalosApiError(
      'Unavailable',
      `connection error: desc = "transport: Error while dialing: dial tcp ${node.reservedIp}:50000: connect: ${node.isPoweredOn() ? 'connection refused' : 'no route to host'}"`,
    );
  }
  const client = { insecure: caller.insecure === true, sameMachineCa: mode === 'configured' && caller.talosconfig !== 'other-cluster' && talosconfigAccepted(cluster, node) };
  // The server certificate is dated on the node's clock (skew included); the client checks it on the true clock.
  const serverCertificate = { notBeforeMs: node.wallTimeMs() - CERTIFICATE_BACKDATE_MS, notAfterMs: node.wallTimeMs() + defaultCertificateValidityMs };
  const refusal = handshakeRefusal(mode, client, serverCertificate, node.world.epochWallMs + node.world.kernel.now);
  if (refusal) throw refusal;
  const certificate = { roles: (caller.roles ?? ['os:admin']) as Role[], problem: null };
  const roles = callerRoles(mode === 'maintenance', certificate, () => []);
  authorizeCall(`/machine.MachineService/${method}`, roles, node.config === undefined);
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
