// When certificates that real clients check are dated: on the real wall clock of this machine plus
// the node's clock-skew fault, never on virtual time. Virtual time runs at `talsim time speed`,
// jumps on `time advance` and `--warp`, and is placed on the calendar only for what the node shows
// (logs, events, resources); a client's TLS stack checks a certificate against its own wall clock,
// so a certificate stamped in virtual time would be "not yet valid" after a speed-up and "expired"
// during a long warp. Only a clock-skew fault may move a certificate off the client's clock, as a
// real node with a wrong clock does. These dates never reach a trace: they live in the bytes of
// certificates served over sockets (the API and the Kubernetes API edges), nowhere else.
import type { VirtualNode } from '../node.ts';

/** apid's and client certificates start a minute early, so a client a few seconds behind accepts them. */
export const CERTIFICATE_BACKDATE_MS = 60_000;
/** pkg/kubeconfig's allowedTimeSkew: the admin kubeconfig certificate starts ten seconds early. */
export const KUBECONFIG_BACKDATE_MS = 10_000;

/** This machine's wall clock (the edge that reads it). */
export function machineWallMs(): number {
  return Date.now();
}

/** The node's own wall clock as certificates see it: this machine's clock plus the node's skew. */
export function nodeCertificateNowMs(node: VirtualNode): number {
  return machineWallMs() + node.faults.clockSkewMs;
}

/** NotBefore of a certificate the node issues now. */
export function certificateNotBefore(node: VirtualNode, backdateMs = CERTIFICATE_BACKDATE_MS): Date {
  return new Date(nodeCertificateNowMs(node) - backdateMs);
}
