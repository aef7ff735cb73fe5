// What the node detail screen shows, as plain data read from one node: hardware with each
// device's state (faults included), services with state, health and last event, the resource
// store, the active config with the diff of its last change, and a log or the kernel ring buffer.
// Reads only; never changes the node.
import type { SimCluster } from '../../cluster/cluster.ts';
import type { VirtualNode } from '../../../nodes/node.ts';
import type { Disk } from '../../../nodes/devices/disk.ts';
import type { Nic } from '../../../nodes/devices/nic.ts';
import { unifiedDiff } from '../../../nodes/config/line-diff.ts';
import { stringify as stringifyYaml } from 'yaml';
import { formatBytes, formatSpan, formatStamp } from './format.ts';
import { machineStatusOf, roleOf, uptimeMs } from './overview-model.ts';

export interface NodeSummaryModel {
  name: string;
  hostname: string;
  role: string;
  stage: string;
  ready: string;
  uptime: string;
  talosVersion: string;
  addresses: string;
  applyState: string;
  applyReason: string;
  unmet: Array<{ name: string; reason: string }>;
  cpus: number;
  memory: string;
  firmware: string;
}

export interface DeviceRow {
  name: string;
  detail: string;
  state: string;
  healthy: boolean;
}

export interface ServiceRow {
  id: string;
  state: string;
  health: string;
  lastEvent: string;
  sinceMs: number;
}

export interface ResourceRow {
  namespace: string;
  type: string;
  id: string;
  version: number;
  spec: unknown;
}

export interface ConfigModel {
  text: string;
  diff: string;
  staged: boolean;
  /** `mode at time` of the last acknowledged apply, '' when none. */
  lastApply: string;
}

export function nodeSummary(cluster: SimCluster, node: VirtualNode): NodeSummaryModel {
  const status = machineStatusOf(node);
  const uptime = uptimeMs(node);
  return {
    name: node.name,
    hostname: node.config ? node.hostname() : '-',
    role: roleOf(cluster, node),
    stage: node.phase(),
    ready: status && node.isPoweredOn() ? String(status.status.ready) : '-',
    uptime: uptime === undefined ? '-' : formatSpan(uptime),
    talosVersion: node.talosVersion,
    addresses: node.addresses().join(', ') || '-',
    applyState: node.apply.state(),
    applyReason: node.apply.reason(),
    unmet: node.isPoweredOn() ? (status?.status.unmetConditions ?? []) : [],
    cpus: node.hardware.cpus,
    memory: formatBytes(node.hardware.memoryBytes),
    firmware: node.hardware.firmware,
  };
}

export function diskRow(disk: Disk): DeviceRow {
  const faults = disk.faults;
  const problems = [
    faults.missing ? 'missing' : '',
    !disk.writable ? 'read-only' : '',
    faults.extraFsyncLatencyMs > 0 ? `slow +${faults.extraFsyncLatencyMs}ms` : '',
    faults.writeErrorRatio > 0 ? `write errors ${Math.round(faults.writeErrorRatio * 100)}%` : '',
    faults.ephemeralFull ? 'EPHEMERAL full' : '',
  ].filter(Boolean);
  const partitions = disk.partitions.map((p) => p.label).join(',');
  return {
    name: disk.devPath,
    detail: `${disk.prettySize()} ${disk.profile.transport} ${disk.profile.model}${partitions ? ` [${partitions}]` : ''}`,
    state: problems.length > 0 ? problems.join(', ') : 'ok',
    healthy: problems.length === 0,
  };
}

export function nicRow(node: VirtualNode, nic: Nic): DeviceRow {
  const addresses = node.world.network.addressesOf(node.name).length > 0 ? addressesOn(node, nic.name) : [];
  return {
    name: nic.name,
    detail: `${nic.mac} ${nic.profile.speedMbps}Mb/s${addresses.length > 0 ? ` ${addresses.join(' ')}` : ''}`,
    state: nic.carrier ? 'up' : 'down (no carrier)',
    healthy: nic.carrier,
  };
}

function addressesOn(node: VirtualNode, link: string): string[] {
  return node.resources
    .list('network', 'AddressStatuses.net.talos.dev')
    .map((resource) => resource.spec as { address: string; linkName: string })
    .filter((spec) => spec.linkName === link)
    .map((spec) => spec.address);
}

export function serviceRows(node: VirtualNode): ServiceRow[] {
  return [...node.services.records.values()]
    .map((record) => {
      const last = record.events.at(-1);
      const health = record.health.unknown ? '?' : record.health.healthy ? 'OK' : `fail: ${record.health.lastMessage}`;
      return { id: record.id, state: record.state, health, lastEvent: last?.message ?? '', sinceMs: last?.timeMs ?? 0 };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every resource of the node, by type then id; `MachineConfig` is left out (sensitive, shown on the Config tab). */
export function resourceRows(node: VirtualNode, types: readonly { type: string; namespace: string; sensitive: boolean }[]): ResourceRow[] {
  return types
    .filter((definition) => !definition.sensitive)
    .flatMap((definition) =>
      node.resources.list(definition.namespace, definition.type).map((resource) => ({
        namespace: resource.metadata.namespace,
        type: resource.metadata.type,
        id: resource.metadata.id,
        version: resource.metadata.version,
        spec: resource.spec,
      })),
    );
}

export function resourceYaml(row: ResourceRow): string[] {
  const text = stringifyYaml({ metadata: { namespace: row.namespace, type: row.type, id: row.id, version: row.version }, spec: row.spec }, { lineWidth: 0 });
  return text.replace(/\n$/, '').split('\n');
}

export function configModel(cluster: SimCluster, node: VirtualNode): ConfigModel {
  const acknowledged = node.apply.acknowledged;
  const last = acknowledged.at(-1);
  const before = acknowledged.length >= 2 ? acknowledged.at(-2)!.text : initialConfigText(cluster, node);
  return {
    text: node.config?.text ?? '',
    diff: last ? unifiedDiff(before, last.text) : '',
    staged: node.status.stagedConfig !== undefined,
    lastApply: last ? `${last.mode} at ${formatStamp(last.timeMs)}` : '',
  };
}

function initialConfigText(cluster: SimCluster, node: VirtualNode): string {
  const plan = cluster.planOf(node.name);
  return plan?.configured ? cluster.configTextFor(plan) : '';
}

/** Lines of a log (`machined`, `etcd`...) or of the kernel ring buffer (`dmesg`), stamped in virtual time. */
export function logLines(node: VirtualNode, source: string): string[] {
  if (source === 'dmesg') {
    return node.logs.kmsg.all().map((record) => ` ${formatStamp(record.timeMs).padStart(10)} ${record.facility}: ${record.priority}: ${record.text}`);
  }
  return node.logs.lines(source).map((line) => ` ${formatStamp(line.timeMs).padStart(10)} ${line.text}`);
}

/** The log sources a node has: its log ids with machined first. */
export function logSources(node: VirtualNode): string[] {
  const ids = node.logs.ids();
  return ['machined', ...ids.filter((id) => id !== 'machined')];
}
