// Resource paths of the core group and coordination.k8s.io: `/api/v1/<resource>[/<name>[/status]]`,
// `/api/v1/namespaces/<ns>/<resource>[/<name>[/status]]` (and Namespaces themselves at
// `/api/v1/namespaces[/<name>]`), `/apis/<group>/v1/...` alike.
import type { KubernetesCluster } from '../cluster/kubernetes.ts';
import { collectionFor, type Collection } from './catalog.ts';
import type { KubeClock } from './objects.ts';

export interface ResourceRoute {
  collection: Collection;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function routeResource(path: string, kube: KubernetesCluster, clock: KubeClock): ResourceRoute | undefined {
  let group = '';
  let rest: string[];
  const segments = path.split('/').slice(1).map(decodeURIComponent);
  if (segments[0] === 'api' && segments[1] === 'v1') rest = segments.slice(2);
  else if (segments[0] === 'apis' && segments[2] === 'v1' && segments[1]) {
    group = segments[1];
    rest = segments.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return undefined;
  const collection = collectionFor(resource, group, kube, clock);
  if (!collection) return undefined;
  if (namespace !== undefined && !collection.info.namespaced) return undefined;
  if (subresource !== undefined && !(collection.info.subresources ?? []).includes(subresource)) return undefined;
  return { collection, namespace, name, subresource };
}
