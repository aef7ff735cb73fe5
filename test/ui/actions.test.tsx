// The UI's actions, played through keys on a real cluster at fixed virtual times: time controls
// on the pacer and the kernel, apply (result, refusal with its diff), inject and heal a fault,
// bootstrap (asks first), export, quit; and a lesson passed through the UI. The kernel is advanced
// by the test between key presses, so every frame is exact.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lessonSession, renderUi } from './ui-harness.tsx';

const APPLY_DONE = [
  "talsim lesson 02 │ ▶ 1x │ 00:03:31 │ ready 0/2 · Reconciling 2 · faults 0",
  "talosconfig /state/talosconfig",
  "goals 0/3 · hints 0/3 · 1s/15m00s · score 100 · l: lesson Fix the node stuck in…",
  "┌─ Apply config to worker-1 ───────────────────────────────────────────────────┐",
  "│ File   lessons/files/node-labels-patch.yaml                                  │",
  "│ As     patch over the node's config                                          │",
  "│ Mode   [auto] no-reboot reboot staged try dry-run                            │",
  "│ ↑↓ field · type the path · Space/←→ change · Enter apply · Esc close         │",
  "│                                                                              │",
  "│ mode no-reboot                                                               │",
  "│ Applied configuration without a reboot                                       │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "└──────────────────────────────────────────────────────────────────────────────┘",
  "esc closes the dialog",
];

const APPLY_REFUSED = [
  "talsim lesson 02 │ ▶ 1x │ 00:02:13 │ ready 2/2 · faults 0",
  "talosconfig /state/talosconfig",
  "goals 1/2 · hints 0/3 · 0s/10m00s · score 100 · l: lesson Apply a reboot-only c…",
  "┌─ Apply config to worker-1 ───────────────────────────────────────────────────┐",
  "│ File   lessons/files/motd-patch.yaml                                         │",
  "│ As     patch over the node's config                                          │",
  "│ Mode   auto [no-reboot] reboot staged try dry-run                            │",
  "│ ↑↓ field · type the path · Space/←→ change · Enter apply · Esc close         │",
  "│                                                                              │",
  "│ rpc error: code = InvalidArgument desc = this config change can't be applied │",
  "│ in immediate mode                                                            │",
  "│ diff:                                                                        │",
  "│ --- a                                                                        │",
  "│ +++ b                                                                        │",
  "│ @@ -17,6 +17,11 @@                                                           │",
  "│          image: ghcr.io/siderolabs/installer:v1.13.0                         │",
  "│          wipe: false                                                         │",
  "│          grubUseUKICmdline: true                                             │",
  "│ +    files:                                                                  │",
  "│ +        - content: hello                                                    │",
  "│                                                                              │",
  "└──────────────────────────────────────────────────────────────────────────────┘",
  "esc closes the dialog",
];

const LINK_DOWN_AFTER_5S = [
  "talsim lesson 02 │ ▶ 1x │ 00:03:35 │ ready 0/2 · Reconciling 1 · faults 1",
  "talosconfig /state/talosconfig",
  "goals 0/3 · hints 0/3 · 5s/15m00s · score 100 · l: lesson Fix the node stuck in…",
  "┌─ Nodes(all)[2] ──────────────────────────────────────────────────────────────┐",
  "│ NODE     ROLE   ADDRESS  STAGE       READY UNMET            UPTIME FAULTS    │",
  "│ cp-1     cp     10.5.0.2 Reconciling false services,static… 3m32s            │",
  "│>worker-1 worker -        running     false network,nodeRea… 3m33s  link-down │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "└──────────────────────────────────────────────────────────────────────────────┘",
  "enter open  a apply  b bootstrap  i fault  t timeline  F faults  K kube  ? help",
];

const LESSON_PASSED = [
  "talsim lesson 02 │ ▶ 1x │ 00:07:30 │ ready 2/2 · faults 0",
  "talosconfig /state/talosconfig",
  "PASSED · hints 0/3 · 1m05s/15m00s · score 100 · l: lesson Fix the node stuck in…",
  "┌─ Lesson: Fix the node stuck in Reconciling ──────────────────────────────────┐",
  "│ PASSED · goals 3/3 · hints 0/3 · 1m05s of 15m00s · score 100                 │",
  "│ A colleague changed an API server flag on cp-1 with `talosctl apply-config`. │",
  "│ The apply was accepted (\"Applied configuration without a reboot\"), but       │",
  "│ minutes later cp-1 still shows Reconciling and the change never took effect. │",
  "│ Nothing looks broken on worker-1 either, yet no node is ready. Find what the │",
  "│ change is waiting for and fix it without undoing the change.                 │",
  "│                                                                              │",
  "│ Goals                                                                        │",
  "│ [x] etcd is running on cp-1                                                  │",
  "│ [x] the change on cp-1 converges (apply state applied)                       │",
  "│ [x] every node is running and ready                                          │",
  "│                                                                              │",
  "│ Hints (h reveals the next; each costs score): 0/3                            │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "│                                                                              │",
  "└──────────────────────────────────────────────────────────────────────────────┘",
  "h next hint (costs score)  esc back",
];

describe('time controls', () => {
  it('Space pauses and resumes the pacer; + and - step the speed 1x/10x/100x; . steps one kernel event', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    expect(ui.lines()[0]).toBe('talsim lesson 02 │ ▶ 1x │ 00:03:30 │ ready 0/2 · Reconciling 1 · faults 0');
    await ui.press('<space>');
    expect(session.pacer.isPaused).toBe(true);
    expect(ui.lines()[0]).toBe('talsim lesson 02 │ ‖ paused │ 00:03:30 │ ready 0/2 · Reconciling 1 · faults 0');
    expect(ui.lines()[22]).toBe('time paused (Space resumes, . steps)');
    await ui.press('+');
    expect(session.pacer.speed).toBe(10);
    await ui.press('+', '+');
    expect(session.pacer.speed).toBe(100);
    expect(ui.lines()[22]).toBe('speed 100x');
    await ui.press('-');
    expect(session.pacer.speed).toBe(10);
    const before = session.cluster.world.kernel.eventsFired;
    await ui.press('.');
    expect(session.cluster.world.kernel.eventsFired).toBe(before + 1);
    expect(session.cluster.world.kernel.now).toBe(210_041);
    expect(ui.lines()[22]).toBe('stepped 1 event: now 00:03:30.041');
    await ui.press('<space>');
    expect(session.pacer.isPaused).toBe(false);
    expect(ui.lines()[0]).toBe('talsim lesson 02 │ ▶ 10x │ 00:03:30 │ ready 0/2 · Reconciling 1 · faults 0');
    ui.unmount();
  });

  it(':speed, :step 5, :pause and :resume do the same from the command line', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press(':', 'speed 100', '<enter>');
    expect(session.pacer.speed).toBe(100);
    await ui.press(':', 'step 5', '<enter>');
    expect(session.pacer.isPaused).toBe(true);
    expect(ui.lines()[22]).toMatch(/^stepped 5 events: now 00:03:3\d\.\d{3}$/);
    await ui.press(':', 'resume', '<enter>');
    expect(session.pacer.isPaused).toBe(false);
    await ui.press(':', 'speed fast', '<enter>');
    expect(ui.lines()[22]).toBe('usage: :speed N (a positive number; 1 = wall-clock pace)');
    ui.unmount();
  });
});

describe('apply a config file', () => {
  it('a patch on worker-1 in mode auto: the reply arrives once the node has persisted it (virtual time)', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press('j', 'a', 'lessons/files/node-labels-patch.yaml', '<down>', '<space>', '<enter>');
    expect(ui.lines()[9]).toBe('│ waiting for worker-1 to write the config to its STATE partition              │');
    session.cluster.world.kernel.advance(1_000);
    expect((await ui.refresh()).split('\n')).toEqual(APPLY_DONE);
    expect(session.cluster.node('worker-1').config!.text).toContain('talsim.dev/pool: blue');
    ui.unmount();
  });

  it('mode no-reboot for a machine.files change: refused with Talos\'s error and the diff, nothing applied', async () => {
    const { session } = lessonSession('05-reboot-only-change.yaml');
    const ui = await renderUi(session);
    const before = session.cluster.node('worker-1').config!.text;
    await ui.press('j', 'a', 'lessons/files/motd-patch.yaml', '<down>', '<space>', '<down>', '<right>', '<enter>');
    expect(ui.lines()).toEqual(APPLY_REFUSED);
    expect(session.cluster.node('worker-1').config!.text).toBe(before);
    ui.unmount();
  });

  it('a file that does not exist, and the lint diagnostics of a setting that has no effect', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press('j', 'a', 'no/such/file.yaml', '<enter>');
    expect(ui.lines()[9]).toMatch(/^│ ENOENT: no such file or directory, open/);
    await ui.press('<ctrl-u>', 'lessons/files/kubelet-node-labels-patch.yaml', '<down>', '<space>', '<enter>');
    session.cluster.world.kernel.advance(1_000);
    const lines = (await ui.refresh()).split('\n');
    expect(lines[9]).toBe('│ mode no-reboot                                                               │');
    expect(lines[11]).toBe('│ warning: machine.kubelet.extraArgs.node-labels: the kubelet applies          │');
    ui.unmount();
  });
});

describe('faults', () => {
  it('i on worker-1 opens the panel aimed at it; the injected link-down shows as a badge and takes the address away', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press('j', 'i', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', '<enter>');
    expect(ui.lines()[3]).toBe('┌─ Inject link-down ───────────────────────────────────────────────────────────┐');
    expect(ui.lines()[6]).toBe('│ targets                worker-1▏                node names (comma-separated)…│');
    await ui.press('<enter>');
    expect(ui.lines()[22]).toBe('injected link-down on worker-1 (f1)');
    expect(ui.lines()).toContain('│ f1         link-down              worker-1       3m30.029s                   │');
    await ui.press('<esc>');
    session.cluster.world.kernel.advance(5_000);
    expect((await ui.refresh()).split('\n')).toEqual(LINK_DOWN_AFTER_5S);
    await ui.press('F', '<tab>', 'x');
    expect(ui.lines()[22]).toBe('healed f1');
    expect(ui.lines()[3]).toBe('┌─ Faults[0 active] ───────────────────────────────────────────────────────────┐');
    ui.unmount();
  });

  it(':inject with options and a bad option value; the lesson scene\'s own faults are not listed', async () => {
    const { session } = lessonSession('04-ca-mismatch.yaml');
    const ui = await renderUi(session);
    await ui.press('F');
    expect(ui.lines()[3]).toBe('┌─ Faults[0 active] ───────────────────────────────────────────────────────────┐');
    await ui.press(':', 'inject disk-slow cp-1 extraFsyncLatencyMs=500', '<enter>');
    expect(ui.lines()[22]).toBe('injected disk-slow on cp-1 (f2)');
    expect(session.cluster.node('cp-1').systemDisk()!.faults.extraFsyncLatencyMs).toBe(500);
    await ui.press(':', 'inject disk-slow cp-1 extraFsyncLatencyMs=-1', '<enter>');
    expect(ui.lines()[22]).toMatch(/^fault disk-slow: options.extraFsyncLatencyMs: /);
    ui.unmount();
  });

  it(':inject partition takes a link as from->to, the form of `talsim fault inject --target`; :help shows the same form', async () => {
    const { session } = lessonSession('04-ca-mismatch.yaml');
    const ui = await renderUi(session);
    await ui.press(':', 'inject partition cp-1->worker-1 symmetric=false', '<enter>');
    expect(ui.lines()[22]).toBe('injected partition on cp-1->worker-1 (f2)');
    await ui.press(':', 'inject partition cp-1>worker-1', '<enter>');
    expect(ui.lines()[22]).toMatch(/^fault partition: targets: expected one link from->to/);
    await ui.press(':', 'help', '<enter>');
    expect(ui.lines()[4]).toMatch(/^│ Commands +│$/);
    expect(ui.frame()).toContain(':inject KIND [NODE,..|FROM->TO]');
    await ui.press('<esc>', '?');
    expect(ui.lines()[4]).toMatch(/^│ Everywhere +│$/);
    ui.unmount();
  });
});

describe('node actions', () => {
  it('b asks first; y bootstraps cp-1 and the lesson passes once the change converges', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press('b');
    expect(ui.lines()[22]).toBe('Bootstrap etcd on cp-1? (y/N)');
    await ui.press('n');
    expect(session.cluster.world.etcd.bootstrapped).toBe(false);
    await ui.press('b', 'y');
    expect(ui.lines()[22]).toBe('bootstrap requested on cp-1');
    session.cluster.world.kernel.advance(4 * 60_000);
    await ui.refresh();
    expect((await ui.press('l')).split('\n')).toEqual(LESSON_PASSED);
    ui.unmount();
  });

  it('the CA mismatch shows on API actions (x509), not on the console wipe, which returns the node to maintenance', async () => {
    const { session } = lessonSession('04-ca-mismatch.yaml');
    const ui = await renderUi(session);
    await ui.press('j', 'R', 'y');
    expect(ui.lines()[22]).toBe('rpc error: code = Unavailable desc = connection error: desc = "transport: authe…');
    await ui.press('W');
    expect(ui.lines()[22]).toBe('Wipe worker-1 from its console (reset: STATE and EPHEMERAL wiped, back to maint…');
    await ui.press('y');
    session.cluster.world.kernel.advance(60_000);
    expect((await ui.refresh()).split('\n')[6]).toBe('│>worker-1 worker 10.5.0.3 maintenance true                   45s              │');
    ui.unmount();
  });

  it('e exports the node config into the state directory', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    session.stateDir = mkdtempSync(join(tmpdir(), 'talsim-ui-'));
    const ui = await renderUi(session);
    await ui.press('e');
    expect(ui.lines()[22]).toBe(`wrote cp-1's config to ${join(session.stateDir, 'cp-1.yaml')}`.slice(0, 80));
    expect(readFileSync(join(session.stateDir, 'cp-1.yaml'), 'utf8')).toBe(session.cluster.node('cp-1').config!.text);
    ui.unmount();
  });

  it('q on the overview quits, Esc and q elsewhere go back, Ctrl-C quits from anywhere', async () => {
    const { session } = lessonSession('02-fix-stuck-reconciling.yaml');
    const ui = await renderUi(session);
    await ui.press('<enter>', '2', 'q');
    expect(ui.lines()[3]).toBe('┌─ Nodes(all)[2] ──────────────────────────────────────────────────────────────┐');
    expect(ui.quitCalls()).toBe(0);
    await ui.press('t', '<ctrl-c>');
    expect(ui.quitCalls()).toBe(1);
    await ui.press('<esc>', 'q');
    expect(ui.quitCalls()).toBe(2);
    ui.unmount();
  });
});
