// Talos's system services as data: what each one runs, what it waits for, how long its stages
// take (shared/talos-timings-and-logs.md §0, §1.3) and which API operations it allows. The node
// decides the answers at run time (node-services.ts); this file only describes.
import type { ServiceOperation } from '../vocabulary.ts';

export type ServiceId = 'machined' | 'udevd' | 'containerd' | 'apid' | 'trustd' | 'cri' | 'etcd' | 'kubelet';

export interface ServiceDefinition {
  id: ServiceId;
  controlPlaneOnly: boolean;
  /** How the runner is described in events (`Process(["/bin/containerd" ...])`, `Containerd(etcd)`, `Goroutine(machined)`). */
  runner: { kind: 'goroutine' } | { kind: 'process'; argv: string[] } | { kind: 'container' };
  /** Services that must be "up" first. */
  dependsOn: ServiceId[];
  /** Other conditions, Talos's words: `time sync`, `network`, `etcd spec`, `api certificates`, `volumes ...`. */
  conditions: string[];
  preStateMeanMs: number;
  runnerMeanMs: number;
  health?: { initialDelayMs: number; periodMs: number };
  stopMeanMs: number;
  apiOperations: ServiceOperation[];
}

export const CRI_VOLUMES =
  'volumes /var/lib, /var/lib/cni, /var/lib/containerd, /var/run, /var/run/lock, /etc/cni, /etc/kubernetes, /usr/libexec/kubernetes, /opt to be mounted';

export const SERVICE_DEFINITIONS: ServiceDefinition[] = [
  {
    id: 'machined',
    controlPlaneOnly: false,
    runner: { kind: 'goroutine' },
    dependsOn: [],
    conditions: [],
    preStateMeanMs: 1,
    runnerMeanMs: 1,
    health: { initialDelayMs: 1000, periodMs: 5000 },
    stopMeanMs: 10,
    apiOperations: [],
  },
  {
    id: 'udevd',
    controlPlaneOnly: false,
    runner: { kind: 'process', argv: ['/sbin/udevd', '--resolve-names=never'] },
    dependsOn: [],
    conditions: [],
    preStateMeanMs: 20,
    runnerMeanMs: 30,
    health: { initialDelayMs: 100, periodMs: 60_000 },
    stopMeanMs: 100,
    apiOperations: [],
  },
  {
    id: 'containerd',
    controlPlaneOnly: false,
    runner: {
      kind: 'process',
      argv: ['/bin/containerd', '--address', '/system/run/containerd/containerd.sock', '--state', '/system/run/containerd', '--root', '/system/var/lib/containerd'],
    },
    dependsOn: [],
    conditions: [],
    preStateMeanMs: 50,
    runnerMeanMs: 100,
    health: { initialDelayMs: 1000, periodMs: 5000 },
    stopMeanMs: 200,
    apiOperations: [],
  },
  {
    id: 'apid',
    controlPlaneOnly: false,
    runner: { kind: 'container' },
    dependsOn: ['containerd'],
    conditions: ['api certificates'],
    preStateMeanMs: 100,
    runnerMeanMs: 600,
    health: { initialDelayMs: 1000, periodMs: 5000 },
    stopMeanMs: 200,
    apiOperations: [],
  },
  {
    id: 'trustd',
    controlPlaneOnly: true,
    runner: { kind: 'container' },
    dependsOn: ['containerd'],
    conditions: ['time sync'],
    preStateMeanMs: 100,
    runnerMeanMs: 600,
    health: { initialDelayMs: 1000, periodMs: 5000 },
    stopMeanMs: 200,
    apiOperations: [],
  },
  {
    id: 'cri',
    controlPlaneOnly: false,
    runner: { kind: 'process', argv: ['/bin/containerd', '--address', '/run/containerd/containerd.sock', '--config', '/etc/cri/containerd.toml'] },
    dependsOn: [],
    conditions: [CRI_VOLUMES, 'network'],
    preStateMeanMs: 50,
    runnerMeanMs: 200,
    health: { initialDelayMs: 1000, periodMs: 5000 },
    stopMeanMs: 300,
    apiOperations: [],
  },
  {
    id: 'etcd',
    controlPlaneOnly: true,
    runner: { kind: 'container' },
    dependsOn: ['cri'],
    conditions: ['time sync', 'network', 'etcd spec'],
    preStateMeanMs: 300,
    runnerMeanMs: 1500,
    health: { initialDelayMs: 5000, periodMs: 20_000 },
    stopMeanMs: 180,
    apiOperations: [],
  },
  {
    id: 'kubelet',
    controlPlaneOnly: false,
    runner: { kind: 'container' },
    dependsOn: ['cri'],
    conditions: ['time sync', 'network'],
    preStateMeanMs: 400,
    runnerMeanMs: 1000,
    health: { initialDelayMs: 2000, periodMs: 5000 },
    stopMeanMs: 1500,
    apiOperations: ['start', 'restart'],
  },
];

const DEFINITION_BY_ID = new Map<string, ServiceDefinition>(SERVICE_DEFINITIONS.map((definition) => [definition.id, definition]));

/** A service's definition by id (read on every health tick and service step: a map, not a scan). */
export function serviceDefinition(id: string): ServiceDefinition | undefined {
  return DEFINITION_BY_ID.get(id);
}

/** How the runner is named in `Error running <runner>` and stop messages. */
export function runnerName(definition: ServiceDefinition): string {
  const runner = definition.runner;
  if (runner.kind === 'goroutine') return `Goroutine(${definition.id})`;
  if (runner.kind === 'process') return `Process(${JSON.stringify(runner.argv).replace(/","/g, '" "')})`;
  return `Containerd(${definition.id})`;
}
