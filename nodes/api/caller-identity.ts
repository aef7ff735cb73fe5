// Who is calling, read from a grpc-js call for the admission decision (admission.ts): the peer
// certificate's Talos roles (Subject O values) and apid's check that its extended key usage is
// exactly clientAuth, and the `talos-role` metadata an os:impersonator forwards.
//
// Reading the peer certificate is the costliest step of a call, and it cannot change within a TLS
// connection, so what it says is kept per connection when the socket can be found under the call.
import { TLSSocket } from 'node:tls';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { checkClientAuthEku, rolesFromCertificate } from '../pki/index.ts';
import type { Role } from '../vocabulary.ts';
import { callerRoles as admittedRoles, type PresentedCertificate } from './admission.ts';

type AuthContext = ReturnType<ServerUnaryCall<unknown, unknown>['getAuthContext']>;

/** What a call exposes about its caller. */
export interface CallerSource {
  getAuthContext(): AuthContext;
  readonly metadata: Metadata;
}

/** The certificate a connection presented (none: undefined). */
interface CertificateIdentity {
  certificate: PresentedCertificate | undefined;
  /** The roles it grants, once read (not for an os:impersonator: its roles come with each call). */
  roles?: ReadonlySet<Role>;
}

const identityByConnection = new WeakMap<TLSSocket, CertificateIdentity>();

/**
 * The TLS socket under a grpc-js call, reached through grpc-js 1.14's call wrappers (`call`,
 * `nextCall`, `stream.session.socket`); undefined when their shape differs, and the identity is
 * then read for every call.
 */
function connectionOf(call: CallerSource): TLSSocket | undefined {
  let layer = (call as { call?: unknown }).call;
  for (let depth = 0; layer !== undefined && layer !== null && depth < 4; depth++) {
    const stream = (layer as { stream?: { session?: { socket?: unknown } } }).stream;
    if (stream) return stream.session?.socket instanceof TLSSocket ? stream.session.socket : undefined;
    layer = (layer as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}

function readIdentity(authContext: AuthContext): CertificateIdentity {
  const certificate = authContext.sslPeerCertificate;
  if (!certificate) return { certificate: undefined };
  return { certificate: { roles: rolesFromCertificate(certificate.subject?.O), problem: checkClientAuthEku(certificate.raw) } };
}

function certificateIdentity(call: CallerSource): CertificateIdentity {
  const connection = connectionOf(call);
  const known = connection && identityByConnection.get(connection);
  if (known) return known;
  const identity = readIdentity(call.getAuthContext());
  if (connection) identityByConnection.set(connection, identity);
  return identity;
}

/** The caller's roles for one call (admission.ts); throws Unauthenticated when the certificate is not acceptable. */
export function callerRoles(call: CallerSource, maintenance: boolean): ReadonlySet<Role> {
  const forwarded = () => rolesFromCertificate(call.metadata.get('talos-role').map(String));
  if (maintenance) return admittedRoles(true, undefined, forwarded);
  const identity = certificateIdentity(call);
  if (identity.roles) return identity.roles;
  const roles = admittedRoles(false, identity.certificate, forwarded);
  if (!identity.certificate!.roles.includes('os:impersonator')) identity.roles = roles;
  return roles;
}
