// Every bundled lesson, played twice: its solution through the node commands (the lesson's
// success condition is met) and a wrong move (it is not). The scene each lesson sets is checked
// first, so a lesson that no longer starts in its broken state fails here.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { startLesson, apply, patched, runFor, runUntilPassed, LESSONS_DIR } from './lesson-harness.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, reboot, reset } from '../../nodes/node-commands.ts';
import { TalosApiError } from '../../nodes/api-error.ts';
import { RealTimePacer } from '../../sim/kernel/pacer.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { faultControlFor } from '../../sim/ui/fault-control.ts';
import { performCommand } from '../../sim/ui/ui-commands.ts';

const MINUTE_MS = 60_000;

describe('bundled lessons', () => {
  it('there are at least six, each with goals, hints and a clean setup', () => {
    const files = readdirSync(LESSONS_DIR).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const name of files) {
      const lesson = startLesson(name);
      expect(lesson.setupProblems, name).toEqual([]);
      expect(lesson.file.lesson.goals.length, name).toBeGreaterThan(0);
      expect(lesson.file.lesson.hints.length, name).toBeGreaterThan(0);
      expect(lesson.tracker.status().passed, `${name} must not start passed`).toBe(false);
    }
  });
});

describe('01 bring up from maintenance', () => {
  const name = '01-bring-up-from-maintenance.yaml';

  it('solution: configs to both nodes, then one bootstrap -> passed', () => {
    const lesson = startLesson(name);
    const { cluster } = lesson;
    apply(lesson, 'cp-1', cluster.generated.controlplane, 'auto');
    apply(lesson, 'worker-1', cluster.generated.worker, 'auto');
    const kernel = cluster.world.kernel;
    kernel.runUntilCondition(() => cluster.node('cp-1').services.state('etcd') === 'Preparing' && cluster.node('cp-1').timeSynced, { maxTimeMs: kernel.now + 10 * MINUTE_MS });
    bootstrap(cluster.node('cp-1'));
    expect(runUntilPassed(lesson, 15 * MINUTE_MS)).toBe(true);
    expect(lesson.tracker.status().score).toBe(100);
  });

  it('wrong move: bootstrap before the config is refused, and without a bootstrap the cluster never gets ready', () => {
    const lesson = startLesson(name);
    const { cluster } = lesson;
    expect(() => bootstrap(cluster.node('cp-1'))).toThrow(/machine type is not set/);
    apply(lesson, 'cp-1', cluster.generated.controlplane, 'auto');
    apply(lesson, 'worker-1', cluster.generated.worker, 'auto');
    expect(runUntilPassed(lesson, 20 * MINUTE_MS)).toBe(false);
    const status = lesson.tracker.status();
    expect(status.goals.map((goal) => goal.met)).toEqual([true, true, false, false]);
  });
});

describe('02 fix stuck Reconciling', () => {
  const name = '02-fix-stuck-reconciling.yaml';

  it('solution: bootstrap etcd on cp-1 -> the pending change converges, passed', () => {
    const lesson = startLesson(name);
    bootstrap(lesson.cluster.node('cp-1'));
    expect(runUntilPassed(lesson, 10 * MINUTE_MS)).toBe(true);
  });

  it('wrong move: rebooting cp-1 does not bootstrap etcd', () => {
    const lesson = startLesson(name);
    reboot(lesson.cluster.node('cp-1'));
    expect(runUntilPassed(lesson, 12 * MINUTE_MS)).toBe(false);
    expect(lesson.tracker.status().goals[0]).toMatchObject({ met: false });
  });
});

describe('03 worker label', () => {
  const name = '03-worker-label.yaml';

  it('solution: machine.nodeLabels -> the label appears', () => {
    const lesson = startLesson(name);
    runFor(lesson, MINUTE_MS);
    expect(lesson.tracker.status().goals[0]!.met).toBe(false);
    apply(lesson, 'worker-1', patched(lesson, 'worker-1', 'node-labels-patch.yaml'), 'auto');
    expect(runUntilPassed(lesson, 5 * MINUTE_MS)).toBe(true);
  });

  it('wrong move: kubelet extraArgs node-labels again -> no label', () => {
    const lesson = startLesson(name);
    const text = patched(lesson, 'worker-1', 'kubelet-node-labels-patch.yaml').replace('pool=blue', 'pool=blue,talsim.dev/tier=1');
    apply(lesson, 'worker-1', text, 'auto');
    expect(runUntilPassed(lesson, 8 * MINUTE_MS)).toBe(false);
    expect(lesson.tracker.status().goals[0]!.detail).toContain('no label talsim.dev/pool');
  });
});

describe('05 reboot-only change', () => {
  const name = '05-reboot-only-change.yaml';

  it('solution: mode auto reboots worker-1 and the file is there afterwards', () => {
    const lesson = startLesson(name);
    const reply = apply(lesson, 'worker-1', patched(lesson, 'worker-1', 'motd-patch.yaml'), 'auto');
    expect(reply.mode).toBe('reboot');
    expect(runUntilPassed(lesson, 8 * MINUTE_MS)).toBe(true);
  });

  it('wrong moves: no-reboot is refused; staged without a reboot never writes the file', () => {
    const lesson = startLesson(name);
    const text = patched(lesson, 'worker-1', 'motd-patch.yaml');
    expect(() => apply(lesson, 'worker-1', text, 'no-reboot')).toThrow(TalosApiError);
    expect(() => apply(lesson, 'worker-1', text, 'no-reboot')).toThrow(/can't be applied in immediate mode/);
    expect(apply(lesson, 'worker-1', text, 'staged').mode).toBe('staged');
    expect(runUntilPassed(lesson, 8 * MINUTE_MS)).toBe(false);
  });
});

describe('06 mistyped interface', () => {
  const name = '06-mistyped-interface.yaml';

  it('solution: the address on eth0 -> assigned, apply converges', () => {
    const lesson = startLesson(name);
    apply(lesson, 'worker-1', patched(lesson, 'worker-1', 'interface-eth0-patch.yaml'), 'auto');
    expect(runUntilPassed(lesson, 2 * MINUTE_MS)).toBe(true);
  });

  it('wrong move: another guessed name (ens18) -> still absent', () => {
    const lesson = startLesson(name);
    const text = patched(lesson, 'worker-1', 'interface-eth0-patch.yaml').replace('interface: eth0', 'interface: ens18');
    apply(lesson, 'worker-1', text, 'auto');
    expect(runUntilPassed(lesson, 3 * MINUTE_MS)).toBe(false);
    expect(lesson.tracker.status().goals[0]!.detail).toContain('absent');
  });
});

describe('07 user volume selector', () => {
  const name = '07-user-volume-selector.yaml';

  it('solution: a selector for the data disk -> provisioned, formatted and mounted under /var/mnt', () => {
    const lesson = startLesson(name);
    apply(lesson, 'worker-1', patched(lesson, 'worker-1', 'user-volume-data-disk-patch.yaml'), 'auto');
    expect(runUntilPassed(lesson, 2 * MINUTE_MS)).toBe(true);
    const status = lesson.cluster.node('worker-1').resources.get<{ location: string }>('runtime', 'VolumeStatuses.block.talos.dev', 'u-data');
    expect(status?.spec.location).toBe('/dev/sdb1');
  });

  it('wrong move: another guessed transport (usb) -> still failed with Talos\'s error', () => {
    const lesson = startLesson(name);
    const text = patched(lesson, 'worker-1', 'user-volume-data-disk-patch.yaml').replace("'!system_disk && disk.rotational'", "disk.transport == \"usb\"");
    apply(lesson, 'worker-1', text, 'auto');
    expect(runUntilPassed(lesson, 3 * MINUTE_MS)).toBe(false);
    const status = lesson.cluster.node('worker-1').resources.get<{ phase: string; errorMessage: string }>('runtime', 'VolumeStatuses.block.talos.dev', 'u-data');
    expect(status?.spec).toMatchObject({ phase: 'failed', errorMessage: 'no disks matched selector for volume' });
  });
});

describe('04 CA mismatch', () => {
  const name = '04-ca-mismatch.yaml';

  it('solution: wipe worker-1 from its console, apply the cluster worker.yaml in maintenance -> passed', () => {
    const lesson = startLesson(name);
    const { cluster } = lesson;
    const kernel = cluster.world.kernel;
    reset(cluster.node('worker-1'), { graceful: false, reboot: true });
    kernel.runUntilCondition(() => cluster.node('worker-1').stage() === 'maintenance', { maxTimeMs: kernel.now + 5 * MINUTE_MS });
    apply(lesson, 'worker-1', cluster.generated.worker, 'auto');
    expect(runUntilPassed(lesson, 10 * MINUTE_MS)).toBe(true);
  });

  it('wrong moves: a reboot keeps the foreign CA; an apply over the API is refused at the handshake', () => {
    const lesson = startLesson(name);
    const { cluster } = lesson;
    const messages: string[] = [];
    const effects = { message: (m: { text: string }) => messages.push(m.text), applyResult: (_n: string, lines: string[]) => messages.push(...lines), quit: () => {} };
    const session = { cluster, pacer: new RealTimePacer(cluster.world.kernel), nodeApis: [] };
    const targets = { faults: faultControlFor(faultRegistryOf(cluster)), lesson: lesson.tracker };
    const workerYaml = join(mkdtempSync(join(tmpdir(), 'talsim-lesson-')), 'worker.yaml');
    writeFileSync(workerYaml, cluster.generated.worker);
    performCommand(session, { type: 'apply', node: 'worker-1', path: workerYaml, asPatch: false, mode: 'auto' }, effects, targets);
    expect(messages.join('\n')).toContain('x509: certificate signed by unknown authority');
    reboot(cluster.node('worker-1'));
    expect(runUntilPassed(lesson, 8 * MINUTE_MS)).toBe(false);
    expect(lesson.tracker.status().goals[0]).toMatchObject({ met: false, detail: 'worker-1: x509: certificate signed by unknown authority' });
  });
});
