// GET of a resource: one object, or a list filtered by namespace, field and label selectors, cut
// into chunks by `limit` with an opaque `continue` token (an offset into the sorted list), as a
// Table when the client asks for server-side printing; `watch=true` hands over to watch.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import { apiVersionOf, listKind } from './catalog.ts';
import type { KubeClock, KubeObject } from './objects.ts';
import type { ResourceRoute } from './routes.ts';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import { badRequest, KubeStatusError, notFound } from './status.ts';
import { toTable, wantsTable } from './tables.ts';
import { startWatch } from './watch.ts';

type Answer = { status: number; body: unknown } | 'streaming';

function decodeContinue(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through
  }
  throw badRequest('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
}

export function serveRead(kube: KubernetesCluster, clock: KubeClock, route: ResourceRoute, request: IncomingMessage, response: ServerResponse, url: URL): Answer {
  const { collection, namespace, name } = route;
  const info = collection.info;
  const query = url.searchParams;
  const table = wantsTable(request.headers.accept);
  const nowWallMs = clock.epochWallMs() + clock.nowMs();
  if (name !== undefined) {
    const object = collection.objects().find((candidate) => candidate.metadata.name === name && (namespace === undefined || candidate.metadata.namespace === namespace));
    if (!object || (info.namespaced && namespace === undefined)) throw notFound(info.resource, info.group, name);
    if (table) return { status: 200, body: toTable(info.kind, [object], { resourceVersion: object.metadata.resourceVersion }, nowWallMs, query.get('includeObject') ?? undefined) };
    return { status: 200, body: object };
  }
  let matchesField: (object: KubeObject) => boolean;
  let matchesLabel: (object: KubeObject) => boolean;
  try {
    matchesField = parseFieldSelector(info.kind, query.get('fieldSelector'));
    matchesLabel = parseLabelSelector(query.get('labelSelector'));
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
  const matches = (object: KubeObject) => (namespace === undefined || object.metadata.namespace === namespace) && matchesField(object) && matchesLabel(object);
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    startWatch(kube, { collection, matches, query }, response);
    return 'streaming';
  }
  if (query.get('sendInitialEvents') !== null) {
    throw new KubeStatusError(422, 'Invalid', 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list', { group: 'meta.k8s.io', kind: 'ListOptions', causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: sendInitialEvents is forbidden for list', field: 'sendInitialEvents' }] });
  }
  const offset = query.get('continue') ? decodeContinue(query.get('continue')!) : 0;
  const limit = Number(query.get('limit') ?? '0');
  // Without selectors a chunk renders only its own objects (a 1,000-node list in chunks of 500).
  const unfiltered = collection.page !== undefined && namespace === undefined && !query.get('fieldSelector') && !query.get('labelSelector');
  const all = unfiltered ? undefined : collection.objects().filter(matches);
  const total = all ? all.length : collection.page!.count();
  const end = limit > 0 ? Math.min(total, offset + limit) : total;
  const items = all ? all.slice(offset, end) : collection.page!.slice(offset, end);
  const listMeta: Record<string, unknown> = { resourceVersion: String(kube.resourceVersion) };
  if (end < total) {
    listMeta.continue = Buffer.from(JSON.stringify({ offset: end })).toString('base64url');
    listMeta.remainingItemCount = total - end;
  }
  if (table) return { status: 200, body: toTable(info.kind, items, listMeta, nowWallMs, query.get('includeObject') ?? undefined) };
  return { status: 200, body: { apiVersion: apiVersionOf(info), kind: listKind(info.kind), metadata: listMeta, items } };
}
