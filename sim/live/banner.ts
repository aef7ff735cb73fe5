// What `talsim up` prints when the warp ends: where the warp stopped, how much virtual time it
// skipped and how long that took, the `export TALOSCONFIG=...` line, a table of the nodes with
// their addresses and Talos API listeners, three talosctl commands to try, and where the live
// control service listens with two talsim commands that steer the cluster. Pure: facts in, text out.
import { formatTime } from '../scenario/run-scenario.ts';
import { DEFAULT_STATE_DIR, endpointText, talosctlNode, type LiveNodeEntry } from './state-dir.ts';

export interface BannerFacts {
  clusterName: string;
  /** How the warp point reads (`every node running and ready`). */
  warpPoint: string;
  /** Why the warp point was not reached, when it was not. */
  notReached?: string;
  warpedVirtualMs: number;
  warpWallMs: number;
  talosconfigPath: string;
  controlplanePath: string;
  nodes: readonly LiveNodeEntry[];
  /** Every node waits in maintenance mode (`--unconfigured`). */
  unconfigured: boolean;
  speed: number;
  /** Where the cluster's Kubernetes API listens (the kubeconfig's server) and where `talosctl kubeconfig` should write. */
  kubernetes?: { server: string; stateDir: string };
  /** The terminal UI takes the screen next: it stops the cluster with `q`, and its `?` screen repeats this banner. */
  ui?: boolean;
  /** The cluster's KMS server: its address on the simulated network and where it is served for real. */
  kms?: { simulated: string; served: string };
  /** Where the live control service listens, and the `--state-dir` it was started with. */
  control?: { address: string; port: number; stateDir: string };
}

export function renderBanner(facts: BannerFacts): string {
  const lines: string[] = [];
  const headline = facts.notReached ? `warp stopped before ${facts.warpPoint}: ${facts.notReached}` : `${facts.warpPoint}`;
  lines.push(`talsim: cluster "${facts.clusterName}": ${headline}`);
  lines.push(`  warped ${formatVirtualSpan(facts.warpedVirtualMs)} of virtual time in ${(facts.warpWallMs / 1000).toFixed(2)} s; now keeping time with the wall clock at speed ${facts.speed}x`);
  lines.push('', `  export TALOSCONFIG=${facts.talosconfigPath}`, '');
  lines.push(...nodeTable(facts.nodes).map((line) => `  ${line}`));
  lines.push('');
  lines.push('  try:');
  for (const command of tryCommands(facts)) lines.push(`    ${command}`);
  if (facts.kubernetes && !facts.unconfigured) {
    lines.push('', `  Kubernetes API on ${facts.kubernetes.server}:`);
    for (const command of kubectlCommands(facts.nodes, facts.kubernetes.stateDir)) lines.push(`    ${command}`);
  }
  if (facts.kms) {
    lines.push('', `  KMS server ${facts.kms.simulated} (kms keys: endpoint grpc://${facts.kms.simulated}) served as sidero.kms.KMSService on ${facts.kms.served}`);
  }
  if (facts.control) {
    lines.push('', `  live control on ${facts.control.address}:${facts.control.port} (token in the state directory):`);
    for (const command of controlCommands(facts.nodes, facts.control.stateDir)) lines.push(`    ${command}`);
  }
  lines.push('', facts.ui ? '  Ctrl-C stops the cluster (q in the UI; its ? screen shows these lines again).' : '  Ctrl-C stops the cluster.');
  return `${lines.join('\n')}\n`;
}

function nodeTable(nodes: readonly LiveNodeEntry[]): string[] {
  const rows = [['NODE', 'ROLE', 'ADDRESS', 'TALOS API'], ...nodes.map((node) => [node.name, node.role, node.address, `${node.apiAddress}:${node.apiPort}`])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3))).join(''));
}

/**
 * Configured nodes are reached as on a real LAN: through a talosconfig endpoint, naming the node
 * by the address talosctl can also dial directly (talosctlNode: its listener). A node in
 * maintenance mode does no routing: `--insecure` talks to its listener.
 */
export function tryCommands(facts: Pick<BannerFacts, 'nodes' | 'unconfigured' | 'controlplanePath'>): string[] {
  const first = facts.nodes.find((node) => node.role === 'controlplane') ?? facts.nodes[0];
  if (!first) return [];
  if (facts.unconfigured) {
    const listener = endpointText(first);
    return [
      `talosctl -n ${listener} get disks --insecure`,
      `talosctl -n ${listener} version --insecure`,
      `talosctl apply-config --insecure -n ${listener} --file ${facts.controlplanePath}`,
    ];
  }
  const node = talosctlNode(first, facts.nodes);
  return [`talosctl -n ${node} version`, `talosctl -n ${node} get machinestatus`, `talosctl -n ${node} services`];
}

/** `talosctl kubeconfig` into the state directory, then kubectl with it. */
export function kubectlCommands(nodes: readonly LiveNodeEntry[], stateDir: string): string[] {
  const first = nodes.find((node) => node.role === 'controlplane') ?? nodes[0];
  if (!first) return [];
  const kubeconfig = `${stateDir.replace(/\/+$/, '')}/kubeconfig`;
  return [`talosctl -n ${talosctlNode(first, nodes)} kubeconfig ${stateDir}`, `kubectl --kubeconfig ${kubeconfig} get nodes -o wide`];
}

/**
 * A fault to inject on a worker (else the first node) and the status to watch, as `talsim` verbs
 * spelt `npx talsim`: what works in a checkout after `npm ci` (talsim is on PATH only after a
 * global install).
 */
export function controlCommands(nodes: readonly LiveNodeEntry[], stateDir: string): string[] {
  const target = nodes.find((node) => node.role === 'worker') ?? nodes[0];
  const where = stateDir === DEFAULT_STATE_DIR ? '' : ` --state-dir ${stateDir}`;
  const commands = [`npx talsim status${where}`];
  if (target) commands.push(`npx talsim fault inject link-down --target ${target.name}${where}`);
  commands.push(`npx talsim time advance 1m${where}`);
  return commands;
}

/** `2m02.820s`, or with hours `12h00m00.000s`. */
export function formatVirtualSpan(durationMs: number): string {
  const hours = Math.floor(durationMs / 3_600_000);
  if (hours === 0) return formatTime(durationMs);
  const rest = formatTime(durationMs - hours * 3_600_000);
  return `${hours}h${rest.padStart('00m00.000s'.length, '0')}`;
}
