// Talos API roles: carried as the Organization values of a client certificate. Parsing keeps what
// Talos's role.Parse keeps (unknown roles included, blanks dropped, sorted); authorization only
// ever matches the known ones (nodes/vocabulary.ts ROLES), which `rolesFromCertificate` returns.
import { ROLES, type Role } from '../vocabulary.ts';

/** The built-in roles by name for code that issues them; each must be one of ROLES (nodes/vocabulary.ts). */
export const TalosRole = {
  admin: 'os:admin',
  operator: 'os:operator',
  reader: 'os:reader',
  etcdBackup: 'os:etcd:backup',
  imageVerifier: 'os:image:verifier',
  metaWriter: 'os:meta:writer',
  impersonator: 'os:impersonator',
} as const satisfies Record<string, Role>;

export type KnownTalosRole = Role;

export const knownTalosRoles: readonly KnownTalosRole[] = ROLES;

/** Prefix of every built-in role; GenerateClientConfiguration strips it to name a context. */
export const talosRolePrefix = 'os:';

/** A role set as Talos's role.Parse + Set.Strings() produce it: trimmed, blanks dropped, unique, sorted. */
export function parseRoleSet(values: readonly string[]): string[] {
  const roles = new Set(values.map((value) => value.trim()).filter((value) => value !== ''));
  return [...roles].sort();
}

/** The known roles among a certificate's Subject O values (grpc-js gives one string or a list). */
export function rolesFromCertificate(subjectOrganizations: string | readonly string[] | undefined): KnownTalosRole[] {
  if (subjectOrganizations === undefined) return [];
  const values = typeof subjectOrganizations === 'string' ? [subjectOrganizations] : subjectOrganizations;
  const known = new Set<string>(knownTalosRoles);
  return parseRoleSet(values).filter((role): role is KnownTalosRole => known.has(role));
}
