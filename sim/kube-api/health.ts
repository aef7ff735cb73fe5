// kube-apiserver's /readyz, /livez and /healthz and /version. The checks that depend on etcd fail
// while the model says etcd has no quorum or its requests time out (`[-]etcd failed: reason
// withheld`, 500, as upstream hides the reason from the response); `?verbose` lists every check,
// `?exclude=<check>` skips one. Leaves out: the individual check paths (/readyz/etcd).

const POST_START_HOOKS = [
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/priority-and-fairness-config-consumer',
  'poststarthook/priority-and-fairness-filter',
  'poststarthook/storage-object-count-tracker-hook',
  'poststarthook/start-system-namespaces-controller',
  'poststarthook/bootstrap-controller',
  'poststarthook/rbac/bootstrap-roles',
  'poststarthook/scheduling/bootstrap-system-priority-classes',
  'poststarthook/start-cluster-authentication-info-controller',
  'poststarthook/aggregator-reload-proxy-client-cert',
  'poststarthook/apiservice-registration-controller',
];

function checksFor(endpoint: string): string[] {
  if (endpoint === 'readyz') return ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...POST_START_HOOKS, 'shutdown'];
  return ['ping', 'log', 'etcd', ...POST_START_HOOKS];
}

const ETCD_CHECKS = new Set(['etcd', 'etcd-readiness']);

export interface HealthAnswer {
  status: number;
  body: string;
}

/** The answer of /readyz, /livez or /healthz given whether etcd answers. */
export function healthAnswer(endpoint: 'readyz' | 'livez' | 'healthz', query: URLSearchParams, etcdHealthy: boolean): HealthAnswer {
  const excluded = new Set(query.getAll('exclude'));
  const checks = checksFor(endpoint).filter((check) => !excluded.has(check));
  const failing = checks.filter((check) => ETCD_CHECKS.has(check) && !etcdHealthy);
  const verbose = query.has('verbose');
  const lines = checks.map((check) => (failing.includes(check) ? `[-]${check} failed: reason withheld` : `[+]${check} ok`));
  for (const check of excluded) lines.push(`[+]${check} excluded: ok`);
  if (failing.length === 0) return { status: 200, body: verbose ? `${lines.join('\n')}\n${endpoint} check passed\n` : 'ok' };
  return { status: 500, body: `${lines.join('\n')}\n${endpoint} check failed\n` };
}

/** /version for the simulated Kubernetes version (`v1.35.0`). */
export function versionInfo(gitVersion: string): unknown {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return {
    major: major ?? '1',
    minor: minor ?? '0',
    emulationMajor: major ?? '1',
    emulationMinor: minor ?? '0',
    minCompatibilityMajor: major ?? '1',
    minCompatibilityMinor: String(Math.max(0, Number(minor ?? 1) - 1)),
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
