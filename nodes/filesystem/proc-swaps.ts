// /proc/swaps of the emulated machine, as the kernel prints it (swap_show): a header, then one line
// per active swap device in the order they were switched on: the path padded to 40 columns, its
// type, size and used in KiB and its priority, tab-separated (an extra tab after numbers under
// 10,000,000). Read from the SwapStatus resources, the same swaps `talosctl get swap` lists, and
// the totals the Memory API's meminfo reports. Leaves out swap files.
import type { ResourceStore } from '../resources/resource-store.ts';
import { RT } from '../resources/resource-types.ts';

export interface ActiveSwap {
  device: string;
  type: string;
  size: number;
  used: number;
  priority: number;
}

/** The active swaps, highest priority (first switched on) first. */
export function activeSwaps(resources: ResourceStore): ActiveSwap[] {
  return resources.list('runtime', RT.swapStatus).map((resource) => resource.spec as ActiveSwap).sort((a, b) => b.priority - a.priority);
}

export function procSwaps(resources: ResourceStore): string {
  const lines = ['Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority'];
  for (const swap of activeSwaps(resources)) {
    const sizeKiB = Math.floor(swap.size / 1024);
    const usedKiB = Math.floor(swap.used / 1024);
    const padding = ' '.repeat(swap.device.length < 40 ? 40 - swap.device.length : 1);
    lines.push(`${swap.device}${padding}${swap.type}\t${sizeKiB}\t${sizeKiB < 10_000_000 ? '\t' : ''}${usedKiB}\t${usedKiB < 10_000_000 ? '\t' : ''}${swap.priority}`);
  }
  return `${lines.join('\n')}\n`;
}

/** SwapTotal and SwapFree as /proc/meminfo gives them, in KiB. */
export function swapTotalsKiB(resources: ResourceStore): { totalKiB: number; freeKiB: number } {
  const swaps = activeSwaps(resources);
  const totalKiB = swaps.reduce((sum, swap) => sum + Math.floor(swap.size / 1024), 0);
  return { totalKiB, freeKiB: totalKiB - swaps.reduce((sum, swap) => sum + Math.floor(swap.used / 1024), 0) };
}
