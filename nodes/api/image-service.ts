// machine.ImageService (Talos v1.13+) as `talosctl image pull` and `talosctl upgrade` use it:
// Pull resolves the reference against the simulated registries (a tag that was never released
// fails at once with NotFound, as containerd's resolver does with no retries), streams layer
// progress over virtual time, then answers the pulled name pinned to its digest; an image already
// in the node's store answers its name at once. List streams the node's images. The digest and
// layer ids are sha256 of the reference (stable, not a real manifest). Leaves out Import, Remove,
// Verify (Unimplemented), registry mirrors and authentication.
import { createHash } from 'node:crypto';
import { TalosApiError } from '../api-error.ts';
import type { ServiceImplementation, StreamHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { shouldFailImagePull } from '../node-faults.ts';
import { virtualDelay } from './virtual-wait.ts';
import { nodeTimestamp } from './handler-support.ts';

/** A reference containerd can parse: `[registry/]path[:tag][@digest]`. */
export const IMAGE_REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

const LAYERS = 3;
const LAYER_BYTES = 28 * 1024 * 1024;
/** Virtual time to download one layer from the registry and to extract it. */
const LAYER_DOWNLOAD_MS = 2_500;
const LAYER_EXTRACT_MS = 600;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The reference pinned to its digest, as ImageService/Pull answers it (`repo@sha256:...`). */
export function pinnedReference(reference: string): string {
  if (reference.includes('@sha256:')) return reference;
  const at = reference.lastIndexOf(':');
  const repository = at > 0 && !reference.slice(at).includes('/') ? reference.slice(0, at) : reference;
  return `${repository}@sha256:${sha256(reference)}`;
}

/** Why containerd cannot pull `reference` from this node now, in its words (or undefined). */
export function pullFailure(node: VirtualNode, reference: string): TalosApiError | undefined {
  if (!IMAGE_REFERENCE.test(reference)) return new TalosApiError('Unknown', `failed to parse image reference "${reference}": invalid reference format`);
  if (shouldFailImagePull(node.faults, reference)) {
    return new TalosApiError('NotFound', `error pulling image: failed to resolve reference "${reference}": ${reference}: not found`);
  }
  return undefined;
}

/** Pulls into the node's store, sending progress as it goes; resolves with the pinned name. */
export async function pullImage(node: VirtualNode, reference: string, signal: AbortSignal, progress?: (message: unknown) => void): Promise<string> {
  const failure = pullFailure(node, reference);
  if (failure) throw failure;
  const pinned = pinnedReference(reference);
  if (node.status.pulledImages.has(reference)) return pinned;
  const kernel = node.world.kernel;
  if (!node.world.network.upstreamReachable(node.name)) {
    await virtualDelay(kernel, 30_000, `image pull ${node.name}`, signal);
    const host = reference.split('/')[0];
    throw new TalosApiError('Unknown', `failed to resolve reference "${reference}": failed to do request: Head "https://${host}/v2/": dial tcp: lookup ${host}: i/o timeout`);
  }
  const started = kernel.now;
  const elapsed = () => ({ seconds: String(Math.floor((kernel.now - started) / 1000)), nanos: ((kernel.now - started) % 1000) * 1_000_000 });
  for (let layer = 0; layer < LAYERS; layer++) {
    const layerId = `sha256:${sha256(`${reference}#${layer}`).slice(0, 12)}`;
    const send = (status: string, offset: number) =>
      progress?.({ pull_progress: { layer_id: layerId, progress: { status, elapsed: elapsed(), offset: String(offset), total: String(LAYER_BYTES) } } });
    send('DOWNLOADING', 0);
    await virtualDelay(kernel, LAYER_DOWNLOAD_MS / 2, `image pull ${node.name}`, signal);
    send('DOWNLOADING', LAYER_BYTES / 2);
    await virtualDelay(kernel, LAYER_DOWNLOAD_MS / 2, `image pull ${node.name}`, signal);
    send('DOWNLOAD_COMPLETE', LAYER_BYTES);
    send('EXTRACTING', 0);
    await virtualDelay(kernel, LAYER_EXTRACT_MS, `image extract ${node.name}`, signal);
    send('EXTRACT_COMPLETE', LAYER_BYTES);
  }
  node.status.imagePulled(reference);
  return pinned;
}

interface PullRequest {
  image_ref: string;
}

const pull: StreamHandler = async (request: PullRequest, { node, signal }, send) => {
  const name = await pullImage(node, request.image_ref, signal, send);
  send({ name });
};

/** The node's image store: what was pulled through the API or by services (references only). */
const list: StreamHandler = async (_request, { node }, send) => {
  for (const reference of [...node.status.pulledImages].filter((image) => IMAGE_REFERENCE.test(image) && image.includes('/')).sort()) {
    send({ name: reference, digest: `sha256:${sha256(reference)}`, size: String(LAYERS * LAYER_BYTES), created_at: nodeTimestamp(node, node.bootStartedMs), labels: {} });
  }
};

export const imageService: ServiceImplementation = {
  service: 'machine.ImageService',
  unary: {},
  streams: { Pull: pull, List: list },
};

/** MachineService/ImagePull (deprecated in v1.14; talosctl v1.13 falls back to it): the same pull, unary. */
export const legacyImagePull = async (request: { reference: string }, { node, signal }: Parameters<StreamHandler>[1]) => {
  await pullImage(node, request.reference, signal);
  return { messages: [{}] };
};
