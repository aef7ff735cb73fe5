// Decoding a large applied config off the event loop. Parsing and decoding 1.5 MB of YAML takes
// seconds of CPU; done on the main thread it would stop every node's API and the control service
// meanwhile. A config of OFF_THREAD_MIN_BYTES or more is therefore decoded (and its change
// classified against the node's config of that moment, and validated against the node as it was)
// by one worker thread, queued in order; the main thread then only commits. Smaller configs are decoded in
// place (microseconds to milliseconds; no thread hop). The answer comes back in bounded pieces
// taken in one per macrotask (chunked-transfer.ts), not as one clone. If the worker fails or dies, the apply is
// decoded in place as before: same answer, only slower. From the compiled CLI the worker runs
// dist/api/config-decode-worker.js; from the TypeScript sources it registers tsx first.
// Node's worker_threads loads with the first large apply, not with the API edge (`talsim up`
// compiled its 6 built-in modules at every start for a worker most sessions never start).
import type { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../../proto/package-root.ts';
import { TalosApiError } from '../api-error.ts';
import type { VirtualNode } from '../node.ts';
import type { PreDecoded } from '../node-commands.ts';
import { nodeValidationFacts } from '../config-bridge.ts';
import type { DecodeAnswer, DecodeJob, DecodedParts } from './config-decode-messages.ts';
import { unpackChunked } from './chunked-transfer.ts';

/** Configs this large or larger are decoded by the worker thread. */
export const OFF_THREAD_MIN_BYTES = 128 * 1024;

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_FILE = FROM_SOURCE ? new URL('./config-decode-worker.ts', import.meta.url) : pathToFileURL(packagePath('dist', 'api', 'config-decode-worker.js'));

interface Waiting {
  resolve(answer: DecodeAnswer | undefined): void;
}

let worker: Worker | undefined;
/** node:worker_threads, imported once by the first large apply (one promise: concurrent applies resume in their order). */
let workerThreads: Promise<typeof import('node:worker_threads')> | undefined;
const waiting = new Map<number, Waiting>();
let nextId = 0;

function startWorker({ Worker }: typeof import('node:worker_threads')): Worker {
  let started: Worker;
  if (FROM_SOURCE) {
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
    started = new Worker(bootstrap, { eval: true });
  } else {
    started = new Worker(WORKER_FILE);
  }
  started.unref();
  started.on('message', (answer: DecodeAnswer) => {
    const entry = waiting.get(answer.id);
    waiting.delete(answer.id);
    entry?.resolve(answer);
  });
  const gone = () => {
    if (worker === started) worker = undefined;
    for (const entry of waiting.values()) entry.resolve(undefined);
    waiting.clear();
  };
  started.on('error', gone);
  started.on('exit', gone);
  return started;
}

/**
 * Decodes `data` for an apply on `node` off the event loop when it is large; undefined when it is
 * small or the worker failed (the apply then decodes in place).
 */
export async function decodeOffThread(node: VirtualNode, data: Uint8Array): Promise<PreDecoded | undefined> {
  if (data.length < OFF_THREAD_MIN_BYTES) return undefined;
  const threads = await (workerThreads ??= import('node:worker_threads'));
  const against = node.config;
  const maintenance = against === undefined;
  const job: DecodeJob = {
    id: nextId++,
    data,
    talosVersion: node.talosVersion,
    maintenance,
    current: against && { text: against.text, object: against.object, documents: against.documents },
    facts: nodeValidationFacts(node),
  };
  worker ??= startWorker(threads);
  worker.ref();
  const answer = await new Promise<DecodeAnswer | undefined>((resolve) => {
    waiting.set(job.id, { resolve });
    worker!.postMessage(job);
  });
  if (waiting.size === 0) worker?.unref();
  if (!answer || 'failure' in answer) return undefined;
  if ('refusal' in answer) return { against, talosVersion: job.talosVersion, refusal: new TalosApiError(answer.refusal.code, answer.refusal.message) };
  let parts: DecodedParts;
  try {
    parts = (await unpackChunked(answer.decoded)) as DecodedParts;
  } catch {
    return undefined; // a bug in the transfer never changes an answer: the apply decodes in place
  }
  const { loaded, change, validation } = parts;
  return { against, talosVersion: job.talosVersion, loaded, change, validation, validatedFor: JSON.stringify(job.facts) };
}
