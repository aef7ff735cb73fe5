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
import type { DecodeJob, DecodeAnswer } from './config-decode-messages.ts';

parentPort!.on('message', (job: DecodeJob) => {
  let answer: DecodeAnswer;
  try {
    const loaded = loadConfigForApply(job.data, job.talosVersion, job.maintenance);
    const change = job.current ? classifyConfigChange(job.current, loaded, job.talosVersion) : undefined;
    const validation = validateForFacts(loaded, job.facts);
    // Source positions (one per key: as many as a config has labels) are only read by validation;
    // copying them back would hold the main thread for longer than all else the answer carries.
    loaded.parsed.positions = new Map();
    answer = { id: job.id, loaded, change, validation };
  } catch (error) {
    answer = error instanceof TalosApiError ? { id: job.id, refusal: { code: error.code, message: error.message } } : { id: job.id, failure: String((error as Error)?.message ?? error) };
  }
  parentPort!.postMessage(answer);
});
