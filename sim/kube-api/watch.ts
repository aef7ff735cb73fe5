// Watches: a JSON stream of `{"type","object"}` lines, headers flushed at once (client-go blocks on
// them). Without a resourceVersion (or "0") the stream starts with an ADDED event per matching
// object; `sendInitialEvents=true` (kubectl >= 1.35's watch-list) adds the BOOKMARK annotated
// `k8s.io/initial-events-end` after them; with a resourceVersion only newer changes follow. The
// stream follows the model by re-listing on every change and diffing against what it sent, so an
// object that stops matching the selectors is sent as DELETED, as upstream does. Closes after
// `timeoutSeconds`. Leaves out: history (a resourceVersion older than the kept window is 410
// Expired), periodic bookmarks.
import type { ServerResponse } from 'node:http';
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import type { Collection } from './catalog.ts';
import { apiVersionOf } from './catalog.ts';
import type { KubeObject } from './objects.ts';
import { expired } from './status.ts';

/** How far back a resourceVersion may reach before a watch answers 410 Expired. */
const HISTORY_WINDOW = 100_000;

export interface WatchRequest {
  collection: Collection;
  matches: (object: KubeObject) => boolean;
  query: URLSearchParams;
}

export function startWatch(kube: KubernetesCluster, request: WatchRequest, response: ServerResponse): void {
  const { collection, matches, query } = request;
  const requested = query.get('resourceVersion') ?? '';
  const initialEvents = query.get('sendInitialEvents') === 'true';
  const current = kube.resourceVersion;
  if (requested !== '' && requested !== '0' && !initialEvents) {
    const asked = Number(requested);
    if (!Number.isInteger(asked) || asked < current - HISTORY_WINDOW) throw expired(requested, current - HISTORY_WINDOW);
  }
  response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  response.flushHeaders();
  const key = (object: KubeObject) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  const sent = new Map<string, KubeObject>();
  const write = (type: string, object: unknown) => response.write(`${JSON.stringify({ type, object })}\n`);
  const list = () => collection.objects().filter(matches);
  const fromScratch = requested === '' || requested === '0' || initialEvents;
  const since = fromScratch ? 0 : Number(requested);
  for (const object of list()) {
    if (fromScratch) write('ADDED', object);
    else if (Number(object.metadata.resourceVersion) > since) write('MODIFIED', object);
    sent.set(key(object), object);
  }
  if (initialEvents) {
    write('BOOKMARK', {
      kind: collection.info.kind,
      apiVersion: apiVersionOf(collection.info),
      metadata: { resourceVersion: String(kube.resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  }
  let pending = false;
  const flush = () => {
    pending = false;
    const seen = new Set<string>();
    for (const object of list()) {
      const id = key(object);
      seen.add(id);
      const before = sent.get(id);
      if (!before) write('ADDED', object);
      else if (before.metadata.resourceVersion !== object.metadata.resourceVersion) write('MODIFIED', object);
      else continue;
      sent.set(id, object);
    }
    for (const [id, object] of sent) {
      if (seen.has(id)) continue;
      sent.delete(id);
      write('DELETED', { ...object, metadata: { ...object.metadata, resourceVersion: String(kube.resourceVersion) } });
    }
  };
  const stop = kube.onChange(() => {
    if (pending) return;
    pending = true;
    setImmediate(flush);
  });
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
  const timer = timeoutSeconds > 0 ? setTimeout(() => response.end(), timeoutSeconds * 1000) : undefined;
  response.on('close', () => {
    stop();
    if (timer) clearTimeout(timer);
  });
}
