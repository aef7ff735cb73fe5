// State/Watch on a booting node, at the handler level: the empty first response, the bootstrap
// contents and BOOTSTRAPPED marker of a kind watch, live changes as the node boots in virtual
// time, the initial event of a single-resource watch, the refusals COSI makes, tail events from
// the node's history, and the end of the stream when the client cancels.

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { attachResourceHistory } from '../../nodes/api/cosi-resource-history.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import type { SimCluster } from '../../sim/cluster/cluster.ts';
import type { WatchResponse__Output } from '../../proto/gen/cosi/resource/WatchResponse.ts';
import type { Event__Output } from '../../proto/gen/cosi/resource/Event.ts';
import { bootToRunning, callContext, overTheWire, poweredOnCluster, received } from './cosi-test-support.ts';

interface RunningWatch {
  responses: WatchResponse__Output[];
  cancel: () => void;
  done: Promise<void>;
}

/** Starts a Watch on a node; every response goes through the wire as talosctl would receive it. */
function startWatch(cluster: SimCluster, nodeName: string, request: object): RunningWatch {
  const controller = new AbortController();
  const responses: WatchResponse__Output[] = [];
  const done = cosiStateService.streams.Watch(received('cosi.resource.WatchRequest', request), callContext(cluster, nodeName, ['os:reader'], controller.signal), (message) =>
    responses.push(overTheWire<WatchResponse__Output>('cosi.resource.WatchResponse', message)),
  );
  return { responses, cancel: () => controller.abort(), done };
}

const events = (watch: RunningWatch): Event__Output[] => watch.responses.slice(1).flatMap((response) => response.event);
const stageOf = (event: Event__Output): string => parseYaml(event.resource!.spec!.yaml_spec).stage;

async function refusal(cluster: SimCluster, request: object): Promise<[string, string]> {
  const watch = startWatch(cluster, 'cp-1', request);
  const error = await watch.done.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TalosApiError)) throw new Error(`expected a TalosApiError, got ${String(error)}`);
  expect(watch.responses).toEqual([]);
  return [error.code, error.message];
}

describe('State/Watch', () => {
  it('kind watch: empty response, bootstrap contents, BOOTSTRAPPED, then live changes until cancelled', async () => {
    const cluster = poweredOnCluster();
    cluster.world.kernel.runUntil(5_000);
    const watch = startWatch(cluster, 'cp-1', {
      namespace: 'runtime',
      type: RT.machineStatus,
      options: { bootstrap_contents: true },
      api_version: 1,
    });
    expect(watch.responses[0]).toEqual({ event: [] });
    const [created, bootstrapped] = events(watch);
    expect(created.event_type).toBe('CREATED');
    expect(created.resource!.metadata!.id).toBe('machine');
    expect(stageOf(created)).toBe('booting');
    expect(bootstrapped).toEqual({ event_type: 'BOOTSTRAPPED', resource: null, old: null });

    bootToRunning(cluster);
    const live = events(watch).slice(2);
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((event) => event.event_type === 'UPDATED')).toBe(true);
    const last = live[live.length - 1];
    expect(parseYaml(last.resource!.spec!.yaml_spec)).toEqual({ stage: 'running', status: { ready: true, unmetConditions: [] } });
    expect(Number(last.old!.metadata!.version)).toBe(Number(last.resource!.metadata!.version) - 1);

    watch.cancel();
    await watch.done;
    const sentBefore = watch.responses.length;
    cluster.node('cp-1').resources.put('runtime', RT.machineStatus, 'machine', { stage: 'rebooting', status: { ready: false, unmetConditions: [] } });
    expect(watch.responses.length).toBe(sentBefore);
  });

  it('kind watch for an api_version 0 client leaves out BOOTSTRAPPED; aggregated sends the contents at once', async () => {
    const cluster = poweredOnCluster();
    cluster.world.kernel.runUntil(30_000);
    const services = cluster.node('cp-1').resources.list('runtime', RT.service).map((resource) => resource.metadata.id);
    const legacy = startWatch(cluster, 'cp-1', { namespace: 'runtime', type: RT.service, options: { bootstrap_contents: true } });
    expect(events(legacy).map((event) => [event.event_type, event.resource!.metadata!.id])).toEqual(services.map((id) => ['CREATED', id]));
    const aggregated = startWatch(cluster, 'cp-1', { namespace: 'runtime', type: RT.service, options: { bootstrap_contents: true, aggregated: true }, api_version: 1 });
    expect(aggregated.responses.length).toBe(2);
    expect(aggregated.responses[1].event.map((event) => event.event_type)).toEqual([...services.map(() => 'CREATED'), 'BOOTSTRAPPED']);
    legacy.cancel();
    aggregated.cancel();
    await Promise.all([legacy.done, aggregated.done]);
  });

  it('kind watch with an id query sees only matching resources', async () => {
    const cluster = poweredOnCluster();
    cluster.world.kernel.runUntil(2_000);
    const watch = startWatch(cluster, 'cp-1', { namespace: 'runtime', type: RT.service, options: { id_query: { regexp: '^etcd$' } }, api_version: 1 });
    bootToRunning(cluster);
    const ids = new Set(events(watch).map((event) => event.resource!.metadata!.id));
    expect([...ids]).toEqual(['etcd']);
    watch.cancel();
    await watch.done;
  });

  it('single-resource watch: the resource as CREATED, or a tombstone as DESTROYED, then its changes', async () => {
    const cluster = poweredOnCluster();
    cluster.world.kernel.runUntil(5_000);
    const existing = startWatch(cluster, 'cp-1', { namespace: 'runtime', type: RT.machineStatus, id: 'machine', api_version: 1 });
    expect(events(existing).map((event) => event.event_type)).toEqual(['CREATED']);
    const missing = startWatch(cluster, 'cp-1', { namespace: 'etcd', type: RT.etcdMember, id: 'local', api_version: 1 });
    const [tombstone] = events(missing);
    expect(tombstone.event_type).toBe('DESTROYED');
    expect(tombstone.resource!.metadata).toMatchObject({ namespace: 'etcd', type: RT.etcdMember, id: 'local', version: 'undefined' });

    bootToRunning(cluster);
    expect(events(missing).slice(1).map((event) => event.event_type)).toEqual(['CREATED']);
    expect(parseYaml(events(missing)[1].resource!.spec!.yaml_spec).memberID).toMatch(/^[0-9a-f]{16}$/);
    expect(stageOf(events(existing).at(-1)!)).toBe('running');
    for (const watch of [existing, missing]) watch.cancel();
    await Promise.all([existing.done, missing.done]);
  });

  it('single-resource watch refuses bootstrap contents and label queries; bad requests are refused before any response', async () => {
    const cluster = poweredOnCluster();
    expect(await refusal(cluster, { namespace: 'runtime', type: RT.machineStatus, id: 'machine', options: { bootstrap_contents: true } })).toEqual([
      'Unimplemented',
      'bootstrap contents is not implemented for resource watch',
    ]);
    expect(
      await refusal(cluster, { namespace: 'runtime', type: RT.machineStatus, id: 'machine', options: { label_query: [{ terms: [{ key: 'a', op: 'EXISTS' }] }] } }),
    ).toEqual(['Unimplemented', 'label query is not implemented for resource watch']);
    expect(await refusal(cluster, { namespace: 'runtime', type: 'Nothing.talos.dev' })).toEqual(['PermissionDenied', 'resource type "Nothing.talos.dev" is not supported']);
    expect(await refusal(cluster, { namespace: 'config', type: RT.machineConfig })).toEqual(['PermissionDenied', 'not authorized']);
  });

  it('tail_events replays the last changes from the node history', async () => {
    const cluster = poweredOnCluster();
    attachResourceHistory(cluster.node('cp-1').resources);
    bootToRunning(cluster);
    const watch = startWatch(cluster, 'cp-1', { namespace: 'runtime', type: RT.machineStatus, options: { tail_events: 3 }, api_version: 1 });
    const replayed = events(watch);
    expect(replayed.length).toBe(3);
    expect(stageOf(replayed[2])).toBe('running');
    const versions = replayed.map((event) => Number(event.resource!.metadata!.version));
    expect(versions).toEqual([versions[0], versions[0] + 1, versions[0] + 2]);
    watch.cancel();
    await watch.done;
  });

  it('a watch on the meta namespace bootstraps the definitions and ends on cancel', async () => {
    const cluster = poweredOnCluster();
    const watch = startWatch(cluster, 'cp-1', { namespace: 'meta', type: 'Namespaces.meta.cosi.dev', options: { bootstrap_contents: true }, api_version: 1 });
    expect(events(watch).filter((event) => event.event_type === 'CREATED').map((event) => event.resource!.metadata!.id)).toContain('runtime');
    watch.cancel();
    await expect(watch.done).resolves.toBeUndefined();
  });
});
