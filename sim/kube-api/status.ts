// The apiserver's `Status` error bodies (always JSON): the code, reason and message kubectl turns
// into `Error from server (NotFound): nodes "x" not found` and its siblings.

export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): unknown {
    const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) body.details = this.details;
    if (!this.reason) delete body.reason;
    return body;
  }
}

export function notFound(resource: string, group: string, name: string): KubeStatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  const details: Record<string, unknown> = { name, kind: resource };
  if (group) details.group = group;
  return new KubeStatusError(404, 'NotFound', `${qualified} "${name}" not found`, details);
}

export const pathNotFound = (): KubeStatusError => new KubeStatusError(404, 'NotFound', 'the server could not find the requested resource', {});
export const unauthorized = (): KubeStatusError => new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
export const badRequest = (message: string): KubeStatusError => new KubeStatusError(400, 'BadRequest', message);

export function methodNotAllowed(method: string, what: string): KubeStatusError {
  return new KubeStatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method.toLowerCase()} ${what}): talsim serves only reads, cordon/uncordon, node labels and deleting mirror pods`, {});
}

/** What a read meets while etcd cannot serve it (the etcd client's error, passed through as a 500). */
export const etcdTimeout = (): KubeStatusError => new KubeStatusError(500, '', 'etcdserver: request timed out');

export function expired(requested: string, oldest: number): KubeStatusError {
  return new KubeStatusError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}
