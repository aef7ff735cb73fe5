// The data of the node screen's open tab, read from the node when the App re-reads its models;
// with the length of the tab's list, which the key handlers need to move the cursor.
import type { SimCluster } from '../../cluster/cluster.ts';
import type { NodeTab } from '../input/ui-state.ts';
import { RESOURCE_TYPES } from '../../../nodes/resources/resource-types.ts';
import {
  configModel, diskRow, logLines, logSources, nicRow, nodeSummary, resourceRows, resourceYaml, serviceRows,
  type ConfigModel, type DeviceRow, type NodeSummaryModel, type ResourceRow, type ServiceRow,
} from './node-detail-model.ts';

export type NodeTabData =
  | { tab: 'summary'; summary: NodeSummaryModel; disks: DeviceRow[]; links: DeviceRow[]; api: string | undefined }
  | { tab: 'services'; services: ServiceRow[] }
  | { tab: 'resources'; resources: ResourceRow[]; yaml: string[] | undefined }
  | { tab: 'config'; config: ConfigModel; shows: 'config' | 'diff' }
  | { tab: 'logs' | 'dmesg'; source: string; sources: string[]; lines: string[] };

export interface NodeTabRequest {
  node: string;
  tab: NodeTab;
  logSource: string;
  filter: string;
  cursor: number;
  resourceOpen: boolean;
  configShows: 'config' | 'diff';
  /** `talosctl` endpoint of the node when it serves the API. */
  api: string | undefined;
}

export function nodeTabData(cluster: SimCluster, request: NodeTabRequest): NodeTabData {
  const node = cluster.node(request.node);
  const needle = request.filter.toLowerCase();
  const matches = (text: string) => needle === '' || text.toLowerCase().includes(needle);
  switch (request.tab) {
    case 'summary':
      return { tab: 'summary', summary: nodeSummary(cluster, node), disks: node.disks.map(diskRow), links: node.nics.map((nic) => nicRow(node, nic)), api: request.api };
    case 'services':
      return { tab: 'services', services: serviceRows(node) };
    case 'resources': {
      const resources = resourceRows(node, RESOURCE_TYPES).filter((row) => matches(`${row.type} ${row.id}`));
      const selected = resources[Math.min(request.cursor, resources.length - 1)];
      return { tab: 'resources', resources, yaml: request.resourceOpen && selected ? resourceYaml(selected) : undefined };
    }
    case 'config':
      return { tab: 'config', config: configModel(cluster, node), shows: request.configShows };
    case 'logs':
    case 'dmesg': {
      const source = request.tab === 'dmesg' ? 'dmesg' : request.logSource;
      return { tab: request.tab, source, sources: logSources(node), lines: logLines(node, source).filter(matches) };
    }
  }
}

/** Rows of the tab's list (what j/k move through). */
export function nodeTabLength(data: NodeTabData): number {
  switch (data.tab) {
    case 'summary':
      return 7 + (data.summary.unmet.length > 0 ? 1 + data.summary.unmet.length : 0) + 2 + data.disks.length + data.links.length;
    case 'services':
      return data.services.length;
    case 'resources':
      return data.yaml ? 1 : data.resources.length;
    case 'config':
      return (data.shows === 'config' ? data.config.text : data.config.diff).split('\n').length;
    case 'logs':
    case 'dmesg':
      return data.lines.length;
  }
}
