// A cluster that survives its process: `talsim up` on a state directory a previous `talsim up`
// wrote resumes that cluster instead of making a new one, as real nodes come back after a power
// cut. What is kept: `cluster.json` (seed and shape, and for a cluster built from your files the
// options that named them, written at start), `secrets.yaml` (so the talosconfig the user exported
// keeps working), each node's machine config as it stands on its STATE partition,
// `nodes/<node>.yaml` (the staged config, which a node boots with, wins over the active one; gone
// once a reset wiped the node), and what kept-state.ts keeps: virtual time, etcd's membership and
// data, the Kubernetes objects, what each boot partition holds, the faults that outlive a power
// cut. Every file is written atomically and owner-only the moment it changes (inside the kernel
// event, before a reply leaves), so a SIGKILL at any moment loses nothing acknowledged. On resume
// every node powers on again as after a power cut, with its kept config, booting from disk; the
// etcd members start with their data (no second bootstrap). A cluster built from your files
// resumes from what it kept: your files are read only when the cluster is made. `--fresh` starts a
// new cluster in the directory. A scenario's cluster (--scenario) does not resume: it starts from
// its own beginning. Nor does a recorded session (--record): its state directory says so, and a
// `talsim up` there is refused (exit 2, naming the record to replay) unless --fresh.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SimCluster } from '../cluster/cluster.ts';
import type { ClusterPlan, NodePlan } from '../scenario/plan.ts';
import type { ActiveConfig } from '../../nodes/node.ts';
import { SECRET_FILE_MODE, writeFilesAtomic, writeSecretFile, type AtomicFileWrite } from '../files/atomic-file.ts';
import { LiveOptionError } from './live-errors.ts';
import { forgetKeptState } from './kept-state.ts';

export const SAVED_CLUSTER_FILE = 'cluster.json';
export const NODE_CONFIG_DIR = 'nodes';

/** What `talsim up` records about the cluster it runs, to resume it later. */
export interface SavedCluster {
  seed: string;
  controlPlanes: number;
  workers: number;
  unconfigured: boolean;
  /** A cluster built from your files: the options that named them (`--config-dir DIR`, ...), as given. */
  yourFlags?: string[];
  /** A recorded session (`--record FILE`): kept only to say it does not resume. */
  recording?: string;
}

/** The shape the invocation asks for; `seed` undefined when --seed was not given. */
export interface RequestedCluster {
  seed: string | undefined;
  controlPlanes: number;
  workers: number;
  unconfigured: boolean;
  /** Options that make a cluster that does not resume (--scenario, --record), by flag name. */
  ownClusterFlags: string[];
  /** Options naming your files (`--config-dir DIR`, ...); none, or the ones the kept cluster was made with, resume it. */
  yourFlags: string[];
}

function savedClusterPath(stateDir: string): string {
  return join(resolve(stateDir), SAVED_CLUSTER_FILE);
}

/** The cluster a previous `talsim up` left in `stateDir`, if any. */
export function readSavedCluster(stateDir: string): SavedCluster | undefined {
  const path = savedClusterPath(stateDir);
  if (!existsSync(path)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as SavedCluster;
    if (typeof saved.seed !== 'string' || !Number.isInteger(saved.controlPlanes) || !Number.isInteger(saved.workers)) throw new Error('fields missing');
    const yourFlags = Array.isArray(saved.yourFlags) ? saved.yourFlags.filter((flag) => typeof flag === 'string') : [];
    const recording = typeof saved.recording === 'string' ? { recording: saved.recording } : {};
    return { seed: saved.seed, controlPlanes: saved.controlPlanes, workers: saved.workers, unconfigured: Boolean(saved.unconfigured), ...(yourFlags.length > 0 ? { yourFlags } : {}), ...recording };
  } catch (error) {
    throw new LiveOptionError('--state-dir', `a state directory talsim up wrote (${SAVED_CLUSTER_FILE} readable), or --fresh to start over there`, `${path}: ${(error as Error).message}`);
  }
}

function describeSaved(saved: SavedCluster): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const yours = saved.yourFlags?.length ? `, from ${saved.yourFlags.join(' ')}` : '';
  return `${plural(saved.controlPlanes, 'control plane')}, ${plural(saved.workers, 'worker')}${saved.unconfigured ? ', unconfigured' : ''}${yours}, seed ${saved.seed}`;
}

/** Checks the invocation can resume `saved` (same shape, no cluster of its own, not a recorded session); throws naming the difference. */
export function checkResumable(stateDir: string, saved: SavedCluster, requested: RequestedCluster): void {
  // A recording is a scenario from the cluster's first boot: a replay could not reproduce the power
  // cut, so the recorded cluster does not resume (and is not silently replaced by a new one).
  if (saved.recording !== undefined) {
    throw new LiveOptionError(
      '--state-dir',
      'a cluster to resume, or --fresh to start a new one there',
      `${resolve(stateDir)}, whose cluster was recorded to ${saved.recording}: a recorded session does not resume (its replay starts from the first boot and cannot reproduce the stop); the entries written so far replay with talsim run ${saved.recording}`,
    );
  }
  const differences = [
    ...requested.ownClusterFlags,
    ...(requested.yourFlags.length > 0 && requested.yourFlags.join('\0') !== (saved.yourFlags ?? []).join('\0') ? [requested.yourFlags.join(' ')] : []),
    ...(requested.seed !== undefined && requested.seed !== saved.seed ? [`--seed ${requested.seed}`] : []),
    ...(requested.controlPlanes !== saved.controlPlanes ? [`--control-planes ${requested.controlPlanes}`] : []),
    ...(requested.workers !== saved.workers ? [`--workers ${requested.workers}`] : []),
    ...(requested.unconfigured !== saved.unconfigured ? [requested.unconfigured ? '--unconfigured' : 'no --unconfigured'] : []),
  ];
  if (differences.length === 0) return;
  throw new LiveOptionError(
    '--state-dir',
    `the same cluster to resume (${describeSaved(saved)}), or --fresh to start a new one there`,
    `${resolve(stateDir)} with ${differences.join(', ')}`,
  );
}

export function writeSavedCluster(stateDir: string, saved: SavedCluster): void {
  writeSecretFile(savedClusterPath(stateDir), `${JSON.stringify(saved, null, 2)}\n`);
}

/** `--fresh`: forgets the kept cluster (its record, node configs and kept state; the other files are rewritten anyway). */
export function forgetSavedCluster(stateDir: string): void {
  rmSync(savedClusterPath(stateDir), { force: true });
  rmSync(join(resolve(stateDir), NODE_CONFIG_DIR), { recursive: true, force: true });
  forgetKeptState(stateDir);
}

function nodeConfigPath(stateDir: string, node: string): string {
  return join(resolve(stateDir), NODE_CONFIG_DIR, `${node}.yaml`);
}

/**
 * The plan of the resumed cluster: the kept secrets, and every node with a kept config boots with
 * it from disk; a node whose config is gone though its disk was kept (a reset wiped it) boots
 * unconfigured.
 */
export function resumedPlan(plan: ClusterPlan, stateDir: string): ClusterPlan {
  const secretsPath = join(resolve(stateDir), 'secrets.yaml');
  const result = structuredClone(plan);
  if (existsSync(secretsPath)) result.secrets = { path: secretsPath, text: readFileSync(secretsPath, 'utf8') };
  result.nodes = result.nodes.map((node): NodePlan => {
    const path = nodeConfigPath(stateDir, node.name);
    if (!existsSync(path)) return existsSync(join(resolve(stateDir), NODE_CONFIG_DIR, `${node.name}.json`)) ? { ...node, configured: false } : node;
    return { ...node, configured: true, config: { source: 'file', path, text: readFileSync(path, 'utf8'), patches: [] } };
  });
  return result;
}

/** Names of nodes with a kept config (for the resume line). */
export function keptNodeConfigs(stateDir: string): string[] {
  const directory = join(resolve(stateDir), NODE_CONFIG_DIR);
  return existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)).sort() : [];
}

/**
 * Keeps each node's config file in step with the node: written whenever the trace shows something
 * happened on a node whose persisted config (staged, else active; during a try the one before it)
 * is no longer the one on file. The trace entry of an acknowledged apply is recorded before the
 * reply is sent, so the file is on disk before the client hears "applied"; a fault traced on
 * several nodes at once checks every node.
 */
export async function keepNodeConfigs(cluster: SimCluster, stateDir: string): Promise<() => void> {
  mkdirSync(join(resolve(stateDir), NODE_CONFIG_DIR), { recursive: true, mode: 0o700 });
  const onFile = new Map<string, ActiveConfig | undefined>();
  // The first writes (every node's config) are one batch with their flushes in parallel; a change meanwhile joins it.
  let batch: AtomicFileWrite[] | undefined = [];
  const sync = (name: string) => {
    const node = cluster.nodes.get(name);
    if (!node) return;
    const current = node.status.persistedConfig;
    if (onFile.get(name) === current) return;
    if (current === undefined) {
      if (onFile.has(name)) rmSync(nodeConfigPath(stateDir, name), { force: true });
    } else if (batch) {
      batch.push({ path: nodeConfigPath(stateDir, name), content: current.text, mode: SECRET_FILE_MODE });
    } else {
      writeSecretFile(nodeConfigPath(stateDir, name), current.text);
    }
    onFile.set(name, current);
  };
  for (const name of cluster.nodes.keys()) sync(name);
  // A fault on several nodes (ca-mismatch on a control plane and a worker rewrites both configs)
  // is traced once, on no single node: each of its nodes is checked then.
  const stop = cluster.world.trace.subscribe((entry) => {
    if (cluster.nodes.has(entry.node)) sync(entry.node);
    else if (entry.kind === 'fault') for (const name of cluster.nodes.keys()) sync(name);
  });
  try {
    await writeFilesAtomic(batch);
  } catch (error) {
    stop();
    throw error;
  } finally {
    batch = undefined;
  }
  return stop;
}
