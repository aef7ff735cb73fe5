// The overview table's column widths for a given width: fixed columns sized to their content
// (within bounds), the unmet conditions and fault badges sharing what is left. In a terminal
// narrower than 100 columns the role is abbreviated (`cp`) to leave room for the conditions; from
// 120 columns on, nodes that serve the Talos API on this machine get a TALOS API column (where
// talosctl reaches them; the `?` screen lists them at any width).
import type { NodeRowModel } from './overview-model.ts';

export interface OverviewColumns {
  name: number;
  role: number;
  address: number;
  /** 0: no TALOS API column. */
  api: number;
  stage: number;
  ready: number;
  uptime: number;
  unmet: number;
  faults: number;
  shortRole: boolean;
}

/** The narrowest overview that shows the TALOS API column. */
export const API_COLUMN_MIN_WIDTH = 120;

const between = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

export function overviewColumns(rows: readonly NodeRowModel[], width: number): OverviewColumns {
  const longest = (pick: (row: NodeRowModel) => string, header: string) => Math.max(header.length, ...rows.map((row) => pick(row).length));
  const shortRole = width < 98;
  const columns = {
    name: between(longest((row) => row.name, 'NODE'), 4, 16),
    role: shortRole ? 6 : 12,
    address: between(longest((row) => row.address, 'ADDRESS'), 7, 15),
    api: width >= API_COLUMN_MIN_WIDTH && rows.some((row) => row.api !== '') ? between(longest((row) => row.api, 'TALOS API'), 9, 21) : 0,
    stage: width < 98 ? 11 : 13,
    ready: 5,
    uptime: 6,
  };
  const fixed = columns.name + columns.role + columns.address + columns.api + columns.stage + columns.ready + columns.uptime;
  const gaps = 8 + (columns.api > 0 ? 1 : 0);
  const rest = Math.max(0, width - fixed - gaps);
  const faults = Math.max(6, Math.floor(rest * 0.4));
  return { ...columns, unmet: Math.max(5, rest - faults), faults, shortRole };
}

export function roleText(role: NodeRowModel['role'], short: boolean): string {
  return short && role === 'controlplane' ? 'cp' : role;
}
