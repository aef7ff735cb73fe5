// `talsim up --record FILE`: the live session written down as a scenario while it runs. The header
// (name, seed, the cluster as built, with copies of your secrets, configs and hardware files next
// to it) is written whole first; then every command that reached a node (Talos API calls from any
// client, the UI's actions, the automatic bootstrap) and every fault injected or healed (through
// `talsim fault` or the UI) is appended as a step at its virtual time, one whole entry per write;
// time control (pause, speed, advance) is noted as a comment, its effect being the steps' times.
// On a clean stop the final state of every node (stage, readiness, unmet conditions, apply state)
// is appended as expectations. Files that hold keys are 0600 and written atomically; the record
// itself is 0600 too (patches may carry secrets). etcd member operations (leave, forfeit-leadership,
// remove-member by hostname) are `etcd` steps; a LifecycleService/Upgrade that completed is a staged
// `upgrade` step at the time its installer finished (the replay's upgrade reboots there, where the
// live node waited for talosctl's reboot). kubectl's writes through the Kubernetes API (cordon,
// uncordon, label, a drain's evictions, deleting a mirror pod) are `kubectl` steps. Leaves out: a
// LifecycleService/Upgrade that failed.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { SimCluster } from '../cluster/cluster.ts';
import type { NodePlan } from '../cluster/cluster-plan.ts';
import type { CommandJournal, HeardCommand } from '../../nodes/node-world.ts';
import type { ApplyReply } from '../../nodes/node-commands.ts';
import { faultRegistryOf, type FaultChange } from '../faults/active-faults.ts';
import { faultKind } from '../faults/fault-catalogue.ts';
import { SECRET_FILE_MODE, writeFileAtomic, writeSecretFile } from '../files/atomic-file.ts';
import { formatDurationMs } from '../scenario/load-duration.ts';
import { HEADER_END, RECORD_END, RECORD_MARK, entryEnd } from '../scenario/record-format.ts';
import { CONTROL_TRACE_KIND } from './control-log.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import type { MachineStatusSpec } from '../../nodes/controllers/machine-status-controller.ts';
import { LiveOptionError } from './live-errors.ts';
import { secretsBundleToYaml } from '../../nodes/pki/index.ts';

export interface SessionRecording {
  readonly file: string;
  /** Appends the final state as expectations and closes the file. */
  finish(): void;
  /** Stops listening and closes the file without expectations (the session failed to start). */
  abandon(): void;
}

/** A step waiting for its outcome; steps are written in the order they happened. */
interface PendingEntry {
  ready: boolean;
  text: string;
}

export function startRecording(file: string, cluster: SimCluster, seed: string): SessionRecording {
  const sideDir = sideDirectory(file);
  const sideRel = relative(dirname(file), sideDir) || '.';
  try {
    mkdirSync(sideDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(file, header(file, cluster, seed, sideDir, sideRel), SECRET_FILE_MODE);
  } catch (error) {
    throw new LiveOptionError('--record', 'a file talsim can write (and a directory beside it for the configs)', `${file}: ${(error as Error).message}`);
  }
  const fd = openSync(file, 'a', SECRET_FILE_MODE);
  const queue: PendingEntry[] = [];
  let entries = 0;
  let stepsOpened = false;
  let applies = 0;
  let open = true;
  const write = (text: string) => {
    writeSync(fd, text);
    fsyncSync(fd);
  };
  const flush = () => {
    while (open && queue[0]?.ready) {
      const entry = queue.shift()!;
      entries += 1;
      const opener = stepsOpened || !entry.text.startsWith('  - ') ? '' : 'steps:\n';
      if (opener) stepsOpened = true;
      write(`${opener}${entry.text}${entryEnd(entries)}\n`);
    }
  };
  const enqueue = (text: string, settle?: (entry: PendingEntry) => void) => {
    const entry: PendingEntry = { ready: settle === undefined, text };
    queue.push(entry);
    if (settle) settle(entry);
    flush();
  };
  const kernel = cluster.world.kernel;
  const kubeWritten: KubeWritten = new Map();
  const journal: CommandJournal = {
    heard(command) {
      if (command.command === 'kubectl') noteKubeWrite(kubeWritten, command);
      if (command.command === 'apply-config') {
        const index = ++applies;
        const path = join(sideDir, `apply-${String(index).padStart(3, '0')}-${command.node}.yaml`);
        const data = command.args.data;
        writeSecretFile(path, typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
        const configFile = join(sideRel, basename(path));
        enqueue('', (entry) =>
          command.outcome.then(
            (reply: ApplyReply) => settle(entry, applyStep(command, configFile, { mode: reply.mode })),
            (error) => settle(entry, applyStep(command, configFile, { errorContains: firstLine(error.message) })),
          ),
        );
        return;
      }
      const expect = command.outcome.error ? { errorContains: firstLine(command.outcome.error.message) } : { ok: true };
      enqueue(stepText(command.atMs, { [command.command]: { node: command.node, ...command.args } }, expect));
    },
  };
  const settle = (entry: PendingEntry, text: string) => {
    entry.text = text;
    entry.ready = true;
    flush();
  };
  cluster.world.commandJournal = journal;
  const stopFaults = faultRegistryOf(cluster).onChange((change) => {
    const text = faultStep(change, kernel.now);
    if (text !== undefined) enqueue(text);
  });
  const stopTrace = cluster.world.trace.subscribe((entry) => {
    if (entry.kind !== CONTROL_TRACE_KIND) return;
    const what = Object.entries(entry.details).map(([key, value]) => `${key}=${String(value)}`).join(' ');
    enqueue(`  # ${formatDurationMs(entry.timeMs)}: time control ${what} (its effect is in the times of the steps)\n`);
  });
  const stop = () => {
    if (cluster.world.commandJournal === journal) cluster.world.commandJournal = undefined;
    stopFaults();
    stopTrace();
  };
  return {
    file,
    finish() {
      if (!open) return;
      stop();
      for (const entry of queue) if (!entry.ready) settle(entry, `  # an apply-config on its way when talsim up stopped was left out\n`);
      flush();
      write(finalState(cluster, kubeWritten));
      write(`${RECORD_END}\n`);
      open = false;
      closeSync(fd);
    },
    abandon() {
      if (!open) return;
      stop();
      open = false;
      closeSync(fd);
    },
  };
}

/** `session.yaml` -> `session.files/` beside it. */
function sideDirectory(file: string): string {
  return join(dirname(file), `${basename(file).replace(/\.ya?ml$/, '')}.files`);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 200 ? line.slice(0, 200) : line;
}

function header(file: string, cluster: SimCluster, seed: string, sideDir: string, sideRel: string): string {
  const plan = cluster.plan;
  // Always the cluster's own bundle: a drawn one is dated on the session's calendar, so a replay
  // drawing it again would mint other certificates and the recorded configs would not match them.
  const secrets = copySecret(sideDir, sideRel, 'secrets.yaml', plan.secrets?.text ?? secretsBundleToYaml(cluster.secrets));
  const document = {
    name: scenarioName(file),
    description: `A live session recorded by talsim up --record: what reached the cluster, at its virtual time. Replay: npx talsim run ${basename(file)}`,
    seed,
    cluster: {
      name: plan.name,
      endpoint: cluster.endpoint,
      subnet: plan.subnet,
      talosVersion: plan.talosVersion,
      secrets,
      nodes: plan.nodes.map((node) => nodeEntry(node, sideDir, sideRel)),
    },
  };
  const lines = [
    RECORD_MARK,
    '# A live session saved as a scenario. Each entry below was appended as it happened; a session',
    '# that was killed leaves the entries written so far (replayable), without the final expectations.',
    stringify(document, { lineWidth: 0 }).trimEnd(),
    HEADER_END,
  ];
  return `${lines.join('\n')}\n`;
}

function scenarioName(file: string): string {
  const stem = basename(file).replace(/\.ya?ml$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem === '' ? 'recorded-session' : stem;
}

function copySecret(sideDir: string, sideRel: string, name: string, text: string): string {
  writeSecretFile(join(sideDir, name), text);
  return join(sideRel, name);
}

function nodeEntry(node: NodePlan, sideDir: string, sideRel: string): Record<string, unknown> {
  const hardwareProfile = node.hardware.text !== undefined ? copySecret(sideDir, sideRel, `hardware-${node.name}.yaml`, node.hardware.text) : node.hardware.profile;
  const hardware = node.hardware.overrides ? { profile: hardwareProfile, ...node.hardware.overrides } : hardwareProfile;
  const config = node.config.source === 'file' ? copySecret(sideDir, sideRel, `config-${node.name}.yaml`, node.config.text ?? '') : undefined;
  return {
    name: node.name,
    role: node.role,
    ...(hardware === 'default' ? {} : { hardware }),
    ...(config ? { config } : {}),
    ...(node.config.patches.length > 0 ? { patches: node.config.patches } : {}),
    ...(node.configured ? {} : { configured: false }),
  };
}

/** One step as a YAML list item, indented under `steps:`. */
function stepText(atMs: number, action: Record<string, unknown>, expect?: Record<string, unknown>): string {
  const step = { at: formatDurationMs(atMs), ...action, ...(expect ? { expect } : {}) };
  const yaml = stringify([step], { lineWidth: 0 });
  return yaml
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
    .concat('\n');
}

function applyStep(command: HeardCommand, configFile: string, expect: Record<string, unknown>): string {
  const args = command.args as { mode: string; tryTimeoutMs?: number; insecure: boolean };
  const action = {
    node: command.node,
    mode: args.mode,
    file: configFile,
    ...(args.mode === 'try' && args.tryTimeoutMs !== undefined ? { tryTimeout: formatDurationMs(args.tryTimeoutMs) } : {}),
    ...(args.insecure ? { insecure: true } : {}),
  };
  return stepText(command.atMs, { 'apply-config': action }, expect);
}

/** An inject step for a fault injected by hand; a heal step unless the fault healed by its own duration. */
function faultStep(change: FaultChange, nowMs: number): string | undefined {
  const fault = change.fault;
  if (change.action === 'heal') {
    if (fault.healsAtMs !== undefined && fault.healsAtMs === nowMs) return undefined;
    return stepText(nowMs, { heal: { fault: fault.id } });
  }
  const kind = faultKind(fault.kind);
  const targets = Array.isArray(fault.targets) ? (kind.targets === 'cluster' ? undefined : { nodes: fault.targets }) : { from: fault.targets.from, to: fault.targets.to };
  const inject = {
    name: fault.id,
    kind: fault.kind,
    ...(targets ? { targets } : {}),
    ...(Object.keys(fault.options).length > 0 ? { options: fault.options } : {}),
    ...(fault.healsAtMs !== undefined ? { duration: formatDurationMs(fault.healsAtMs - fault.injectedAtMs) } : {}),
  };
  return stepText(nowMs, { inject });
}

/**
 * The final state of every node as `at` expectations. The state is the one after every event up
 * to the last that fired (at virtual now); an `at` check of a run is scheduled before the events of
 * its millisecond, so the check is written 1 ms later, where it sees that same state.
 */
function finalState(cluster: SimCluster, kubeWritten: KubeWritten): string {
  const atMs = cluster.world.kernel.now + 1;
  const at = formatDurationMs(atMs);
  const expectations: Record<string, unknown>[] = [];
  for (const plan of cluster.plan.nodes) {
    const node = cluster.node(plan.name);
    const status = node.resources.get<MachineStatusSpec>('runtime', RT.machineStatus, 'machine')?.spec;
    const stage = node.isPoweredOn() ? (status?.stage ?? node.stage()) : 'unknown';
    const applyState = node.apply.state();
    const reason = applyState === 'stuck' ? node.apply.reason() : '';
    expectations.push({
      at,
      name: `${node.name} as the session left it`,
      node: node.name,
      stage,
      ready: Boolean(status?.status.ready),
      applyState: reason ? { state: applyState, reason } : { state: applyState },
    });
    for (const unmet of status?.status.unmetConditions ?? []) {
      expectations.push({ at, name: `${node.name} unmet ${unmet.name}`, node: node.name, unmetCondition: { name: unmet.name, reason: unmet.reason } });
    }
  }
  expectations.push(...kubernetesState(cluster, kubeWritten, at));
  const body = stringify({ duration: at, expect: expectations }, { lineWidth: 0 });
  return `# the state every node was in when talsim up stopped\n${body}`;
}

/** What kubectl wrote during the session, per node: whether it cordoned, which labels it touched. */
type KubeWritten = Map<string, { cordon: boolean; labels: Set<string> }>;

function noteKubeWrite(written: KubeWritten, command: HeardCommand): void {
  const entry = written.get(command.node) ?? { cordon: false, labels: new Set<string>() };
  if ('cordon' in command.args) entry.cordon = true;
  for (const key of Object.keys((command.args.label as Record<string, unknown> | undefined) ?? {})) entry.labels.add(key);
  written.set(command.node, entry);
}

/**
 * The Kubernetes side of what kubectl wrote, as the session left it: each node it cordoned or
 * uncordoned (schedulable or not) and each label it set or removed, as `kubernetes` checks.
 */
function kubernetesState(cluster: SimCluster, written: KubeWritten, at: string): Record<string, unknown>[] {
  const expectations: Record<string, unknown>[] = [];
  for (const [name, touched] of written) {
    const registered = cluster.world.kubernetes.nodes.get(cluster.node(name).hostname());
    if (!registered) continue;
    if (touched.cordon) {
      expectations.push({ at, name: `${name} ${registered.unschedulable ? 'cordoned' : 'schedulable'} as kubectl left it`, node: name, kubernetes: { unschedulable: registered.unschedulable } });
    }
    for (const key of [...touched.labels].sort()) {
      const value = registered.labels[key];
      const label = value === undefined ? { key, absent: true } : { key, equals: value };
      expectations.push({ at, name: `${name} label ${key} as kubectl left it`, node: name, kubernetes: { label } });
    }
  }
  return expectations;
}
