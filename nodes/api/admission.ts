// Whether a call is let into a node's apid, decided once for the real listeners and for scenario
// steps: the TLS stage (a node without config serves TLS without client certificates, a
// configured one mutual TLS against its machine CA with a server certificate from its own wall
// clock) and the role stage (the caller's roles from its certificate, or os:reader for everyone in
// maintenance mode, or the roles an os:impersonator forwards; then the role table for the method
// on the answering node). The real listener runs the TLS stage through a real handshake;
// `handshakeRefusal` is the same stage as a Go client meets it (talosctl's error texts), for
// callers that have no socket. Leaves out SideroLink peers and the Kubernetes Talos API access
// path (os:operator via a service account).
import { TalosApiError } from '../api-error.ts';
import { API_ERRORS, type Role } from '../vocabulary.ts';
import { x509TimeError } from '../go-format/time.ts';
import { isAuthorized, MAINTENANCE_REFUSALS } from './role-table.ts';

/** What a node's apid listener serves: nothing, server-only TLS (maintenance mode), or mutual TLS. */
export type ListenerMode = 'closed' | 'maintenance' | 'configured';

/**
 * The listener a node should have: closed while apid is not up, maintenance while it has no
 * config, mutual TLS once it has one. Without a config nothing answers before the node is in the
 * maintenance stage: machined's config acquirer announces maintenance (the runningMaintenance task
 * event MachineStatus follows) before it starts the maintenance service, so a client that reaches
 * the maintenance API (`reset --reboot --wait`'s post check) knows the node is in maintenance.
 */
export function listenerModeOf(node: { apiReachable(): boolean; readonly config?: unknown; stage(): string }): ListenerMode {
  if (!node.apiReachable()) return 'closed';
  if (node.config !== undefined) return 'configured';
  return node.stage() === 'maintenance' ? 'maintenance' : 'closed';
}

/** The roles every caller of a node in maintenance mode has (TLS without client certificates). */
export const MAINTENANCE_CALLER_ROLES: ReadonlySet<Role> = new Set<Role>(['os:reader']);

/** What a caller presented in the TLS handshake, as apid reads it. */
export interface PresentedCertificate {
  /** The known Talos roles among the certificate's Subject O values. */
  roles: readonly Role[];
  /** Why apid refuses the certificate (its extended key usage), or null. */
  problem: string | null;
}

/**
 * The caller's roles on a listener: everyone is os:reader in maintenance mode; otherwise the
 * certificate's roles (Unauthenticated without an acceptable one), or, for an os:impersonator
 * (another node's apid forwarding a call), the roles it vouches for in `talos-role` metadata.
 */
export function callerRoles(maintenance: boolean, certificate: PresentedCertificate | undefined, forwardedRoles: () => readonly Role[]): ReadonlySet<Role> {
  if (maintenance) return MAINTENANCE_CALLER_ROLES;
  if (!certificate) throw new TalosApiError('Unauthenticated', 'no client certificate presented');
  if (certificate.problem !== null) throw new TalosApiError('Unauthenticated', certificate.problem);
  if (!certificate.roles.includes('os:impersonator')) return new Set(certificate.roles);
  return new Set(forwardedRoles());
}

/** Throws what the answering node says when `roles` may not call `fullMethod` (with or without config). */
export function authorizeCall(fullMethod: string, roles: ReadonlySet<Role>, maintenance: boolean): void {
  const refusal = maintenance ? MAINTENANCE_REFUSALS[fullMethod] : undefined;
  if (refusal !== undefined) throw new TalosApiError('Unimplemented', refusal);
  if (!isAuthorized(fullMethod, roles, maintenance)) throw new TalosApiError('PermissionDenied', API_ERRORS.notAuthorized);
}

/** How a modelled client calls (talosctl's flags and talosconfig), for `handshakeRefusal`. */
export interface ModelledClient {
  /** `--insecure`: TLS without verifying the server and without a client certificate. */
  insecure: boolean;
  /** The talosconfig's CA is the node's machine CA (it verifies the server, the server accepts its certificate). */
  sameMachineCa: boolean;
}

const handshakeFailed = (reason: string) =>
  new TalosApiError('Unavailable', `connection error: desc = "transport: authentication handshake failed: ${reason}"`);

/**
 * What a Go client (talosctl) meets in the TLS handshake with an open listener, or null when the
 * call gets through: an insecure client on a configured node is refused for its missing
 * certificate, a verifying client cannot verify a maintenance certificate or one from another CA,
 * and a server certificate outside its validity window at the client's (true) time is refused.
 */
export function handshakeRefusal(mode: Exclude<ListenerMode, 'closed'>, client: ModelledClient, serverCertificate: { notBeforeMs: number; notAfterMs: number }, clientNowMs: number): TalosApiError | null {
  if (mode === 'maintenance') {
    return client.insecure ? null : handshakeFailed('tls: failed to verify certificate: x509: certificate signed by unknown authority');
  }
  if (client.insecure) return new TalosApiError('Unavailable', 'connection error: desc = "error reading server preface: remote error: tls: certificate required"');
  if (!client.sameMachineCa) {
    return handshakeFailed(
      'tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of "x509: Ed25519 verification failure" while trying to verify candidate authority certificate "talos")',
    );
  }
  const expired = x509TimeError(clientNowMs, serverCertificate.notBeforeMs, serverCertificate.notAfterMs);
  return expired === null ? null : handshakeFailed(`tls: failed to verify certificate: ${expired}`);
}
