// One config must not stall the cluster (issue 11, item 1): a 1.5 MB worker config (87,381
// machine.nodeLabels, the input that showed it) is decoded off the event loop, so another node
// keeps answering Version over real mTLS while it is processed. Judged against the time the same
// config takes to decode and classify in place, measured in this run (no absolute timing): before
// the fix the event loop was held at least that long (that, plus validation); now the longest hold
// while the apply is processed (receiving the decoded config, validating it against the node, the
// controllers taking in 87,381 labels) is well under it; and while the worker's controllers take
// the labels in bounded passes afterwards, cp-1 keeps answering. The apply still answers as
// before, and a malformed large config is refused with the same text.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, unary, type TestCluster } from './harness.ts';
import { classifyConfigChange, loadConfigForApply } from '../../nodes/config-bridge.ts';
import { OFF_THREAD_MIN_BYTES } from '../../nodes/api/config-decode-pool.ts';
import { RT } from '../../nodes/resources/resource-types.ts';

const LABELS = 87_381;

function hugeLabelConfig(baseText: string, count = LABELS): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) lines.push(`        l${index}: v`);
  return baseText.replace(/^machine:\n/m, `machine:\n    nodeLabels:\n${lines.join('\n')}\n`);
}

describe('a 1.5 MB apply while the rest of the cluster is called', () => {
  let env: TestCluster;
  beforeAll(async () => {
    env = await startTestCluster({ controlPlanes: 1, workers: 1, seed: 'large-apply' });
  }, 120_000);
  afterAll(async () => env?.close());

  it('another node answers Version while the config is decoded; the event loop is never held as long as decoding takes', async () => {
    const worker = env.node('worker-1');
    const text = hugeLabelConfig(worker.config!.text);
    expect(text.length).toBeGreaterThan(1_500_000);
    const decodeStarted = performance.now();
    classifyConfigChange(worker.config, loadConfigForApply(text, worker.talosVersion, false), worker.talosVersion);
    const decodeInPlaceMs = performance.now() - decodeStarted;

    const other = env.client('machine.MachineService', 'cp-1');
    await unary(other, 'Version');
    let applying = true;
    let answeredDuringApply = 0;
    const poller = (async () => {
      while (applying) {
        await unary(other, 'Version', {}, { deadlineMs: 60_000 });
        if (applying) answeredDuringApply++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const apply = unary(env.client('machine.MachineService', 'worker-1'), 'ApplyConfiguration', { data: Buffer.from(text), mode: 'NO_REBOOT' }, { deadlineMs: 120_000 });
    env.drive.startPacer(1);
    const reply = await apply;
    delay.disable();
    applying = false;
    await poller;
    const longestHoldMs = delay.max / 1e6;
    console.info(`large apply: longest event-loop hold ${longestHoldMs.toFixed(0)} ms, decode+classify in place ${decodeInPlaceMs.toFixed(0)} ms, ${answeredDuringApply} Version replies from cp-1 meanwhile`);

    expect(reply.messages[0]).toMatchObject({ mode: 'NO_REBOOT', mode_details: 'Applied configuration without a reboot' });
    expect(worker.config!.text).toBe(text);
    expect(longestHoldMs, `longest hold ${longestHoldMs.toFixed(0)} ms vs decode+classify in place ${decodeInPlaceMs.toFixed(0)} ms`).toBeLessThan(decodeInPlaceMs * 0.8);
    expect(answeredDuringApply).toBeGreaterThanOrEqual(5);

    // After the reply the worker's controllers take the labels in bounded passes, one a virtual
    // millisecond; with virtual time following the wall clock (talsim up's pacer), cp-1 keeps
    // answering while they run. At speed 1 the ~43 passes last ~43 ms, as short as a few round
    // trips on an idle machine: at speed 0.2 they last long enough to count replies in between.
    env.drive.stopPacer();
    env.drive.startPacer(0.2);
    const labelSpecs = () => worker.resources.count('k8s', RT.nodeLabelSpec);
    let answeredDuringLabels = 0;
    try {
      while (labelSpecs() < LABELS) {
        const before = labelSpecs();
        await unary(other, 'Version', {}, { deadlineMs: 60_000 });
        if (before > 0 && labelSpecs() < LABELS) answeredDuringLabels++;
      }
    } finally {
      env.drive.stopPacer();
    }
    console.info(`large apply: ${answeredDuringLabels} Version replies from cp-1 while worker-1 wrote its NodeLabelSpecs`);
    expect(answeredDuringLabels).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('a large malformed config is refused with the decoder text, and the node keeps its config', async () => {
    const worker = env.node('worker-1');
    const before = worker.config!.text;
    const broken = `${hugeLabelConfig(before, 20_000)}machine: {\n`;
    expect(broken.length).toBeGreaterThan(OFF_THREAD_MIN_BYTES);
    let inPlace = '';
    try {
      loadConfigForApply(broken, worker.talosVersion, false);
    } catch (error) {
      inPlace = (error as Error).message;
    }
    expect(inPlace).not.toBe('');
    const error = await unary(env.client('machine.MachineService', 'worker-1'), 'ApplyConfiguration', { data: Buffer.from(broken), mode: 'NO_REBOOT' }).catch((caught) => caught);
    expect(error.details).toBe(inPlace);
    expect(worker.config!.text).toBe(before);
  }, 60_000);
});
