// Who is calling: the roles of a verified client certificate (Subject O values), after apid's
// check that the certificate's extended key usage is exactly clientAuth; os:reader for everyone
// while the node is in maintenance mode; and the roles an apid forwarding with its
// os:impersonator certificate vouches for in `talos-role` metadata. Leaves out SideroLink peers
// (os:admin in maintenance mode).
//
// Reading the peer certificate is the costliest step of a call, and it cannot change within a TLS
// connection, so the verdict is kept per connection when the socket can be found under the call.
import { TLSSocket } from 'node:tls';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { TalosApiError } from '../api-error.ts';
import { checkClientAuthEku, rolesFromCertificate } from '../pki/index.ts';
import type { Role } from '../vocabulary.ts';
import { MAINTENANCE_CALLER_ROLES } from './role-table.ts';

type AuthContext = ReturnType<ServerUnaryCall<unknown, unknown>['getAuthContext']>;

/** What a call exposes about its caller. */
export interface CallerSource {
  getAuthContext(): AuthContext;
  readonly metadata: Metadata;
}

interface CertificateIdentity {
  roles: ReadonlySet<Role>;
  /** Why apid refuses the certificate, or null. */
  problem: string | null;
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
  if (!certificate) return { roles: new Set(), problem: 'no client certificate presented' };
  return { roles: new Set<Role>(rolesFromCertificate(certificate.subject?.O)), problem: checkClientAuthEku(certificate.raw) };
}

function certificateIdentity(call: CallerSource): CertificateIdentity {
  const connection = connectionOf(call);
  const known = connection && identityByConnection.get(connection);
  if (known) return known;
  const identity = readIdentity(call.getAuthContext());
  if (connection) identityByConnection.set(connection, identity);
  return identity;
}

/** The caller's roles for one call; throws Unauthenticated when the certificate is not acceptable. */
export function callerRoles(call: CallerSource, maintenance: boolean): ReadonlySet<Role> {
  if (maintenance) return MAINTENANCE_CALLER_ROLES;
  const identity = certificateIdentity(call);
  if (identity.problem !== null) throw new TalosApiError('Unauthenticated', identity.problem);
  if (!identity.roles.has('os:impersonator')) return identity.roles;
  return new Set<Role>(rolesFromCertificate(call.metadata.get('talos-role').map(String)));
}
