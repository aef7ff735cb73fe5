// MachineService CPUFreqStats (the dashboard's header): one entry per CPU of the node, as the
// kernel's cpufreq sysfs reports it, in kHz. The scaling range is the processor's (x86 Icelake
// 800 MHz..3.5 GHz, arm64 Neoverse-N1 1.0..3.0 GHz, matching CPUInfo's model), the governor is
// schedutil, and the current frequency follows how busy that CPU is (the same share SystemStat
// accounts). A powered-off node has no CPUs to report. Leaves out boost states, per-policy
// sharing of frequencies between CPUs, and virtual machines without a cpufreq driver.
import type { UnaryHandler } from './api-contract.ts';
import { single } from './handler-support.ts';
import { cpuBusyShare } from './machine-system-stats.ts';

const RANGE_KHZ = {
  amd64: { min: 800_000, max: 3_500_000 },
  arm64: { min: 1_000_000, max: 3_000_000 },
} as const;
/** cpufreq steps in 100 MHz on the modelled processors. */
const STEP_KHZ = 100_000;

const cpuFreqStats: UnaryHandler = (_request, { node }) => {
  const range = RANGE_KHZ[node.hardware.arch];
  const cpus = node.isPoweredOn() ? node.hardware.cpus : 0;
  return single({
    cpu_freq_stats: Array.from({ length: cpus }, (_, index) => {
      const wanted = range.min + (range.max - range.min) * Math.min(1, cpuBusyShare(node, index) * 4);
      return { current_frequency: Math.round(wanted / STEP_KHZ) * STEP_KHZ, minimum_frequency: range.min, maximum_frequency: range.max, governor: 'schedutil' };
    }),
  });
};

export const cpuFreqHandlers: Record<string, UnaryHandler> = { CPUFreqStats: cpuFreqStats };
