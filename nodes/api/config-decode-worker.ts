// The worker thread that decodes a large applied config off the event loop: parses and decodes
// the stream (loadConfigForApply) and, against the node's current config, classifies the change
// (diff, reboot need). Pure functions of the bytes and the current config; the node itself stays
// on the main thread, which validates against its hardware and commits. A refusal comes back as
// the TalosApiError's code and text; anything else as a failure, which the main thread answers by
// decoding on its own (so a bug here never changes what a client sees).
import { parentPort } from 'node:worker_threads';
import { classifyConfigChange, loadConfigForApply } from '../config-bridge.ts';
import { TalosApiError } from '../api-error.ts';
import type { DecodeJob, DecodeAnswer } from './config-decode-messages.ts';

parentPort!.on('message', (job: DecodeJob) => {
  let answer: DecodeAnswer;
  try {
    const loaded = loadConfigForApply(job.data, job.talosVersion, job.maintenance);
    const change = job.current ? classifyConfigChange(job.current, loaded, job.talosVersion) : undefined;
    answer = { id: job.id, loaded, change };
  } catch (error) {
    answer = error instanceof TalosApiError ? { id: job.id, refusal: { code: error.code, message: error.message } } : { id: job.id, failure: String((error as Error)?.message ?? error) };
  }
  parentPort!.postMessage(answer);
});
