// Client-side faults: credentials talosctl might hold that apid must refuse. They act on the
// client, not on the cluster, so they are functions returning PEMs (to put in a talosconfig or a
// gRPC client), not injectable kinds. `client-cert-no-client-auth`: signed by the right CA but its
// extended key usage is [serverAuth, clientAuth], not exactly [clientAuth] (apid: `certificate
// "O=os:admin" is missing the client auth extended key usage`). `client-wrong-role`: valid, but
// its roles (Subject O) do not allow what the caller tries (`PermissionDenied not authorized`).
import { z } from 'zod';
import type { SimCluster } from '../cluster/cluster.ts';
import { issueClientCertificate, machineCaOf, TalosRole } from '../../nodes/pki/index.ts';

export interface ClientCredentials {
  /** PEM of the cluster's machine CA (what talosconfig's `ca` holds). */
  caPem: string;
  crtPem: string;
  keyPem: string;
}

export interface ClientCredentialFault<Schema extends z.ZodObject = z.ZodObject> {
  kind: string;
  description: string;
  options: Schema;
  issue(cluster: SimCluster, options: z.output<Schema>): ClientCredentials;
}

function issue(cluster: SimCluster, kind: string, roles: string[], extendedKeyUsage: Array<'serverAuth' | 'clientAuth'>): ClientCredentials {
  const certificate = issueClientCertificate({
    ca: machineCaOf(cluster.secrets),
    stream: cluster.world.random.stream(`faults/${kind}`),
    notBefore: new Date(cluster.world.epochWallMs),
    roles,
    extendedKeyUsage,
  });
  return { caPem: cluster.secrets.certs.os.crt, crtPem: certificate.crt, keyPem: certificate.key };
}

export const clientCertNoClientAuth: ClientCredentialFault = {
  kind: 'client-cert-no-client-auth',
  description: 'Client side: a client certificate from the right CA whose extended key usage is [serverAuth, clientAuth]; apid refuses it.',
  options: z.strictObject({}),
  issue: (cluster) => issue(cluster, 'client-cert-no-client-auth', [TalosRole.admin], ['serverAuth', 'clientAuth']),
};

const clientWrongRoleOptions = z.strictObject({
  roles: z
    .array(z.string())
    .default([TalosRole.reader])
    .meta({ description: 'Subject O values of the certificate. Default [os:reader] (no apply, reboot, reset...).' }),
});

export const clientWrongRole: ClientCredentialFault<typeof clientWrongRoleOptions> = {
  kind: 'client-wrong-role',
  description: 'Client side: a valid client certificate with roles that do not allow the call (PermissionDenied `not authorized`).',
  options: clientWrongRoleOptions,
  issue: (cluster, options) => issue(cluster, 'client-wrong-role', options.roles, ['clientAuth']),
};
