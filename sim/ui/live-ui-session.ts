// The UiSession of a live cluster (`talsim up`, `talsim learn`): its cluster and pacer, the state
// directory and talosconfig it wrote, each node's Talos API listener, the cluster's fault
// registry, and optionally a lesson. Callers that open the UI on a live session use this.
import type { LiveSession } from '../live/live-session.ts';
import { talosctlNode } from '../live/state-dir.ts';
import { faultRegistryOf } from '../faults/active-faults.ts';
import type { LessonTracker } from './lesson-tracker.ts';
import type { UiSession } from './ui-session.ts';

export function liveUiSession(live: LiveSession, extras: { title?: string; lesson?: LessonTracker } = {}): UiSession {
  return {
    cluster: live.cluster,
    pacer: live.pacer,
    stateDir: live.files.dir,
    talosconfigPath: live.files.talosconfig,
    nodeApis: live.nodes.map((node) => ({ node: node.name, address: talosctlNode(node, live.nodes), apiEndpoint: `${node.apiAddress}:${node.apiPort}` })),
    faults: faultRegistryOf(live.cluster),
    connect: live.banner.trimEnd().split('\n'),
    lesson: extras.lesson,
    title: extras.title,
  };
}
