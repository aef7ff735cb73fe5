// The COSI `cosi.resource.State` service of a node's machined, as talosctl uses it (`talosctl get`,
// `talosctl get -w`, the resource lookups of other commands): Get, List and Watch read the node's
// resources through Talos's access filter; every write is refused as Talos refuses it.
//
// Leaves out: everything a write would do (Create, Update, Destroy, Teardown, TeardownAndDestroy
// always answer PermissionDenied `write access is not allowed`).

import { TalosApiError } from '../api-error.ts';
import type { CallContext, ServiceImplementation } from './api-contract.ts';
import type { GetRequest__Output } from '../../proto/gen/cosi/resource/GetRequest.ts';
import type { GetResponse } from '../../proto/gen/cosi/resource/GetResponse.ts';
import type { ListRequest__Output } from '../../proto/gen/cosi/resource/ListRequest.ts';
import type { ListResponse } from '../../proto/gen/cosi/resource/ListResponse.ts';
import { authorizeRead, COSI_ERRORS, refuseWrite } from './cosi-state-access.ts';
import { getNodeResource, listNodeResources } from './cosi-resource-source.ts';
import { resourceFilter } from './cosi-queries.ts';
import { wireResource } from './cosi-resource-wire.ts';
import { watchResources } from './cosi-watch.ts';

function get(request: GetRequest__Output, context: CallContext): GetResponse {
  authorizeRead(context, request.namespace, request.type);
  const resource = getNodeResource(context.node, request.namespace, request.type, request.id);
  if (resource === undefined) {
    throw new TalosApiError('NotFound', COSI_ERRORS.notFound(request.type, request.namespace, request.id));
  }
  return { resource: wireResource(context.node, resource) };
}

/** One ListResponse per resource, sorted by id. */
async function list(request: ListRequest__Output, context: CallContext, send: (message: ListResponse) => void): Promise<void> {
  authorizeRead(context, request.namespace, request.type);
  const filter = resourceFilter(request.options?.label_query, request.options?.id_query);
  for (const resource of listNodeResources(context.node, request.namespace, request.type)) {
    if (context.signal.aborted) return;
    if (!filter.id(resource.metadata.id) || !filter.labels(resource.metadata.labels)) continue;
    send({ resource: wireResource(context.node, resource) });
  }
}

export const cosiStateService: ServiceImplementation = {
  service: 'cosi.resource.State',
  unary: {
    Get: get,
    Create: refuseWrite,
    Update: refuseWrite,
    Destroy: refuseWrite,
    Teardown: refuseWrite,
    TeardownAndDestroy: refuseWrite,
  },
  streams: {
    List: list,
    Watch: watchResources,
  },
};
