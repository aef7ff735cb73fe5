// The worker thread that decodes a large applied config off the event loop: parses and decodes
// the stream (loadConfigForApply), classifies the change against the node's current config (diff,
// reboot need) and validates it against what the node was when the job was sent (its version,
// install state, NICs and disks). Pure functions of the bytes and that snapshot; the node itself
// stays on the main thread, which commits (or decodes in place if the node changed meanwhile). A refusal comes back as
// the TalosApiError's code and text; anything else as a failure, which the main thread answers by
// decoding on its own (so a bug here never changes what a client sees).
import { parentPort } from 'node:worker_threads';
import { classifyConfigChange, loadConfigForApply, validateForFacts } from '../config-bridge.ts';
import { TalosApiError } from '../api-error.ts';
import type { DecodeJob, DecodeAnswer, DecodedParts } from './config-decode-messages.ts';
import { packChunked } from './chunked-transfer.ts';

parentPort!.on('message', (job: DecodeJob) => {
  let answer: DecodeAnswer;
  let transfer: ArrayBuffer[] = [];
  try {
    const loaded = loadConfigForApply(job.data, job.talosVersion, job.maintenance);
    const change = job.current ? classifyConfigChange(job.current, loaded, job.talosVersion) : undefined;
    const validation = validateForFacts(loaded, job.facts);
    // Source positions (one per key: as many as a config has labels) are only read by validation;
    // copying them back would hold the main thread for longer than all else the answer carries.
    loaded.parsed.positions = new Map();
    // In bounded pieces the main thread takes in one per macrotask (chunked-transfer.ts).
    const decoded = packChunked({ loaded, change, validation } satisfies DecodedParts);
    transfer = [decoded.root, ...decoded.pieces];
    answer = { id: job.id, decoded };
  } catch (error) {
    answer = error instanceof TalosApiError ? { id: job.id, refusal: { code: error.code, message: error.message } } : { id: job.id, failure: String((error as Error)?.message ?? error) };
  }
  parentPort!.postMessage(answer, transfer);
});
