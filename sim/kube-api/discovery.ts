// API discovery: aggregated v2 documents for /api and /apis (served with the exact content type
// kubectl needs to parse them as aggregated) and the legacy APIVersions / APIGroupList /
// APIResourceList documents for clients that do not ask for aggregated discovery. Only the
// resources the edge serves are advertised, with the verbs that work. Leaves out: OpenAPI.

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export interface ResourceInfo {
  group: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];
}

const READ = ['get', 'list', 'watch'];

export const RESOURCES: ResourceInfo[] = [
  { group: '', resource: 'namespaces', kind: 'Namespace', singular: 'namespace', namespaced: false, verbs: READ, shortNames: ['ns'] },
  { group: '', resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false, verbs: [...READ, 'patch', 'update'], shortNames: ['no'], subresources: ['status'] },
  { group: '', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, verbs: [...READ, 'delete'], shortNames: ['po'], categories: ['all'], subresources: ['status', 'eviction'] },
  { group: '', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, verbs: READ, shortNames: ['ev'] },
  { group: 'apps', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', namespaced: true, verbs: READ, shortNames: ['ds'], categories: ['all'], subresources: ['status'] },
  { group: 'apps', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true, verbs: READ, shortNames: ['deploy'], categories: ['all'], subresources: ['status'] },
  { group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease', singular: 'lease', namespaced: true, verbs: READ },
];

export const GROUPS = ['apps', 'coordination.k8s.io'];

/** A subresource's kind and verbs: `pods/eviction` takes a policy/v1 Eviction (create); the others read their parent. */
function subresourceOf(resource: ResourceInfo, subresource: string): { group: string; version: string; kind: string; verbs: string[] } {
  if (subresource === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
  return { group: resource.group, version: 'v1', kind: resource.kind, verbs: ['get'] };
}

function aggregatedGroup(group: string): unknown {
  const resources = RESOURCES.filter((resource) => resource.group === group).map((resource) => {
    const entry: Record<string, unknown> = {
      resource: resource.resource,
      responseKind: { group: resource.group, version: 'v1', kind: resource.kind },
      scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: resource.singular,
      verbs: resource.verbs,
    };
    if (resource.shortNames) entry.shortNames = resource.shortNames;
    if (resource.categories) entry.categories = resource.categories;
    if (resource.subresources) {
      entry.subresources = resource.subresources.map((subresource) => {
        const { group: kindGroup, version, kind, verbs } = subresourceOf(resource, subresource);
        return { subresource, responseKind: { group: kindGroup, version, kind }, verbs };
      });
    }
    return entry;
  });
  const metadata = group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null };
  return { metadata, versions: [{ version: 'v1', resources, freshness: 'Current' }] };
}

export function aggregatedDiscovery(path: '/api' | '/apis'): unknown {
  const items = path === '/api' ? [aggregatedGroup('')] : GROUPS.map(aggregatedGroup);
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** Whether the Accept header lists aggregated discovery v2 (kubectl always does). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => /g=apidiscovery\.k8s\.io/.test(type) && /(^|;)\s*v=v2(;|$)/.test(type) && /as=APIGroupDiscoveryList/.test(type));
}

export function legacyApiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function legacyGroupList(): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(legacyGroup) };
}

export function legacyGroup(group: string): unknown {
  const version = { groupVersion: `${group}/v1`, version: 'v1' };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [version], preferredVersion: version };
}

export function legacyResourceList(group: string): unknown {
  const resources = RESOURCES.filter((resource) => resource.group === group).flatMap((resource) => {
    const main: Record<string, unknown> = { name: resource.resource, singularName: resource.singular, namespaced: resource.namespaced, kind: resource.kind, verbs: resource.verbs };
    if (resource.shortNames) main.shortNames = resource.shortNames;
    if (resource.categories) main.categories = resource.categories;
    const subs = (resource.subresources ?? []).map((sub) => {
      const { group: kindGroup, version, kind, verbs } = subresourceOf(resource, sub);
      const entry: Record<string, unknown> = { name: `${resource.resource}/${sub}`, singularName: '', namespaced: resource.namespaced, kind, verbs };
      if (kindGroup !== resource.group) Object.assign(entry, { group: kindGroup, version });
      return entry;
    });
    return [main, ...subs];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/v1` : 'v1', resources };
}
