// The files `talsim up` leaves for the user and for other programs in `--state-dir`: what
// `talosctl gen config` writes (secrets.yaml, controlplane.yaml, worker.yaml, talosconfig with
// the context named after the cluster, endpoints = the control planes' Talos API listeners and
// node = the first control plane, by the address talosctlNode picks, as `talosctl cluster create`
// leaves it), nodes.json (every node's name, role, address and Talos API address/port,
// written once every node's API is listening), the token of the live control service and
// control.json (where that service listens, written once it does).
// Every file is written atomically (temp file + rename: a SIGKILL never leaves half a file) and
// owner-only: the configs embed the CAs' keys and the tokens, nodes.json is the cluster's map.
import { mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { SimCluster } from '../cluster/cluster.ts';
import type { NodeRole } from '../scenario/plan.ts';
import { writeSecretFile } from '../files/atomic-file.ts';
import { readTalosconfig, secretsBundleToYaml, writeTalosconfig } from '../../nodes/pki/index.ts';

/** Where `talsim up` and the live control verbs look when `--state-dir` is not given. */
export const DEFAULT_STATE_DIR = './.talsim';

/** The port a Talos node's apid listens on. */
export const TALOS_API_PORT = 50000;

export interface StateFiles {
  dir: string;
  secrets: string;
  controlplane: string;
  worker: string;
  talosconfig: string;
  nodesJson: string;
  controlToken: string;
  controlJson: string;
}

/** Absolute paths of everything `talsim up` writes into `dir`. */
export function stateFiles(dir: string): StateFiles {
  const absolute = resolve(dir);
  const at = (name: string) => join(absolute, name);
  return {
    dir: absolute,
    secrets: at('secrets.yaml'),
    controlplane: at('controlplane.yaml'),
    worker: at('worker.yaml'),
    talosconfig: at('talosconfig'),
    nodesJson: at('nodes.json'),
    controlToken: at('control-token'),
    controlJson: at('control.json'),
  };
}

/** One node as nodes.json lists it. */
export interface LiveNodeEntry {
  name: string;
  role: NodeRole;
  /** The node's address on the simulated LAN (apid routes it to the node through an endpoint). */
  address: string;
  /** Where the node's Talos API listens on this machine. */
  apiAddress: string;
  apiPort: number;
}

export interface NodesJson {
  cluster: string;
  talosconfig: string;
  nodes: LiveNodeEntry[];
}

/** How a talosconfig endpoint names a listener: the bare address on Talos's port, else `address:port`. */
export function endpointText(entry: Pick<LiveNodeEntry, 'apiAddress' | 'apiPort'>): string {
  return entry.apiPort === TALOS_API_PORT ? entry.apiAddress : `${entry.apiAddress}:${entry.apiPort}`;
}

/**
 * What `talosctl -n` names a node by: its own listener address when it listens on Talos's port,
 * else its LAN address. apid routes either to the node, but talosctl also dials `-n` itself
 * (`reset --reboot --wait`'s post check reaches the node's maintenance API there, as
 * `--insecure` does), and on this machine a node answers only at its listener: a LAN address
 * (10.5.0.x) is not an address of this host. A listener on another port, or one sharing
 * 127.0.0.1 with other nodes, cannot be named by `-n` (apid refuses a target with a port), so
 * such a node is named by its LAN address.
 */
export function talosctlNode(entry: LiveNodeEntry, all: readonly LiveNodeEntry[]): string {
  const ownAddress = all.filter((other) => other.apiAddress === entry.apiAddress).length === 1;
  return entry.apiPort === TALOS_API_PORT && ownAddress ? entry.apiAddress : entry.address;
}

/**
 * secrets.yaml, controlplane.yaml, worker.yaml and talosconfig (endpoints and nodes filled in); a
 * nodes.json or control.json left by an earlier run goes, so nobody mistakes it for this cluster's.
 */
export function writeClusterFiles(files: StateFiles, cluster: SimCluster, nodes: readonly LiveNodeEntry[]): void {
  mkdirSync(files.dir, { recursive: true });
  rmSync(files.nodesJson, { force: true });
  removeControlJson(files);
  writeOwnerOnly(files.secrets, secretsBundleToYaml(cluster.secrets));
  writeOwnerOnly(files.controlplane, cluster.generated.controlplane);
  writeOwnerOnly(files.worker, cluster.generated.worker);
  writeOwnerOnly(files.talosconfig, liveTalosconfig(cluster, nodes));
}

/** Writes a file only its owner may read, atomically, also when it existed before with wider permissions. */
export function writeOwnerOnly(path: string, content: string): void {
  writeSecretFile(path, content);
}

/**
 * The generated admin talosconfig (context = cluster name) as `talosctl cluster create` writes it:
 * the control planes' listeners are the endpoints (client-side round robin) and the first control
 * plane is the default node (named as talosctlNode says), so node-less commands (health, kubeconfig, bootstrap, read) run
 * against one control plane and workers are reached through an endpoint with `-n`.
 */
export function liveTalosconfig(cluster: SimCluster, nodes: readonly LiveNodeEntry[]): string {
  const generated = readTalosconfig(cluster.generated.talosconfig);
  const controlPlanes = nodes.filter((node) => node.role === 'controlplane');
  const endpoints = controlPlanes.length > 0 ? controlPlanes : nodes;
  return writeTalosconfig({
    ...generated,
    endpoints: endpoints.map(endpointText),
    nodes: endpoints.slice(0, 1).map((node) => talosctlNode(node, nodes)),
  });
}

/** Written whole under another name, then renamed: a program polling for the file never reads half of it. */
export function writeNodesJson(files: StateFiles, cluster: SimCluster, nodes: readonly LiveNodeEntry[]): void {
  const content: NodesJson = { cluster: cluster.plan.name, talosconfig: files.talosconfig, nodes: [...nodes] };
  writeOwnerOnly(files.nodesJson, `${JSON.stringify(content, null, 2)}\n`);
}

/** A fresh secret for the live control service (never from the seed: it guards a socket). */
export function writeControlToken(files: StateFiles): string {
  const token = randomBytes(32).toString('hex');
  writeOwnerOnly(files.controlToken, `${token}\n`);
  return token;
}

/** Where the live control service listens (control.json). */
export interface ControlJson {
  address: string;
  port: number;
}

/** Owner-only, written whole under another name, then renamed (as nodes.json). */
export function writeControlJson(files: StateFiles, endpoint: ControlJson): void {
  writeOwnerOnly(files.controlJson, `${JSON.stringify({ address: endpoint.address, port: endpoint.port }, null, 2)}\n`);
}

/** Gone once the cluster stops, so no client mistakes a dead cluster's address for a live one. */
export function removeControlJson(files: StateFiles): void {
  rmSync(files.controlJson, { force: true });
}
