// Who is calling: the roles of a verified client certificate (Subject O values), after apid's
// check that the certificate's extended key usage is exactly clientAuth; os:reader for everyone
// while the node is in maintenance mode; and the roles an apid forwarding with its
// os:impersonator certificate vouches for in `talos-role` metadata. Leaves out SideroLink peers
// (os:admin in maintenance mode).
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { TalosApiError } from '../api-error.ts';
import { checkClientAuthEku, rolesFromCertificate } from '../pki/index.ts';
import type { Role } from '../vocabulary.ts';
import { MAINTENANCE_CALLER_ROLES } from './role-table.ts';

/** Distinct client certificates whose EKU verdict is remembered (the check parses DER). */
const MAX_REMEMBERED_CERTIFICATES = 1_024;
type AuthContext = ReturnType<ServerUnaryCall<unknown, unknown>['getAuthContext']>;

const ekuVerdicts = new Map<string, string | null>();

function ekuProblem(fingerprint: string, raw: Buffer): string | null {
  let verdict = ekuVerdicts.get(fingerprint);
  if (verdict === undefined) {
    verdict = checkClientAuthEku(raw);
    if (ekuVerdicts.size >= MAX_REMEMBERED_CERTIFICATES) ekuVerdicts.clear();
    ekuVerdicts.set(fingerprint, verdict);
  }
  return verdict;
}

/** Roles in `talos-role` metadata, honoured only from an apid's impersonator certificate. */
function impersonatedRoles(metadata: Metadata): Set<Role> {
  const values = metadata.get('talos-role').map(String);
  return new Set(rolesFromCertificate(values));
}

/** The caller's roles for one call; throws Unauthenticated when the certificate is not acceptable. */
export function callerRoles(authContext: AuthContext, metadata: Metadata, maintenance: boolean): ReadonlySet<Role> {
  if (maintenance) return MAINTENANCE_CALLER_ROLES;
  const certificate = authContext.sslPeerCertificate;
  if (!certificate) throw new TalosApiError('Unauthenticated', 'no client certificate presented');
  const problem = ekuProblem(certificate.fingerprint256, certificate.raw);
  if (problem !== null) throw new TalosApiError('Unauthenticated', problem);
  const roles = new Set<Role>(rolesFromCertificate(certificate.subject?.O));
  if (roles.has('os:impersonator')) return impersonatedRoles(metadata);
  return roles;
}
