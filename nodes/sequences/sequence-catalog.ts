// Talos's sequences as data: each a list of phases, each phase a list of tasks that run
// concurrently, with mean durations from real boots (shared/talos-timings-and-logs.md §0, §1).
// Task behaviour lives in the node (node-tasks.ts); this file only says what runs in which order.
// Leaves out: platform-specific tasks (cloud metadata), USB/SBC quirks, disk encryption.

export interface TaskSpec {
  name: string;
  /** Mean duration of the task's own work, ms (the node may add waiting). */
  meanMs: number;
}

export interface PhaseSpec {
  name: string;
  tasks: TaskSpec[];
}

export interface SequenceSpec {
  name: SequenceName;
  phases: PhaseSpec[];
}

export type SequenceName = 'initialize' | 'install' | 'boot' | 'reboot' | 'shutdown' | 'reset' | 'upgrade';

const t = (name: string, meanMs: number): TaskSpec => ({ name, meanMs });
const phase = (name: string, ...tasks: TaskSpec[]): PhaseSpec => ({ name, tasks });

const stopPhases = (): PhaseSpec[] => [
  phase('cleanup', t('stopAllPods', 9000)),
  phase('dbus', t('stopDBus', 5)),
  phase('stopEverything', t('stopAllServices', 800)),
  phase('unmountUser', t('unmountUserDisks', 20)),
  phase('unmount', t('unmountPodMounts', 30), t('unmountSystemDisks', 150)),
];

export const SEQUENCES: Record<SequenceName, SequenceSpec> = {
  initialize: {
    name: 'initialize',
    phases: [
      phase('systemRequirements', t('enforceKSPPRequirements', 15)),
      phase('earlyServices', t('startMachined', 1000), t('waitForUdevd', 8800), t('startApid', 50), t('startContainerd', 6000)),
      phase('usb', t('waitForUSB', 5)),
      phase('meta', t('reloadMeta', 20)),
      phase('dashboard', t('startDashboard', 10)),
      phase('config', t('loadConfig', 30)),
    ],
  },
  install: {
    name: 'install',
    phases: [
      phase('env', t('setUserEnvVars', 1)),
      phase('install', t('install', 7000)),
      phase('meta', t('reloadMeta', 20)),
      phase('saveMeta', t('flushMeta', 10)),
      phase('stopEverything', t('stopAllServices', 800)),
      phase('reboot', t('kexecPrepare', 50)),
    ],
  },
  boot: {
    name: 'boot',
    phases: [
      phase('memorySizeCheck', t('memorySizeCheck', 1)),
      phase('diskSizeCheck', t('diskSizeCheck', 1)),
      phase('env', t('setUserEnvVars', 1), t('waitForCARoots', 20)),
      phase('dbus', t('startDBus', 9)),
      phase('ephemeral', t('mountEphemeralPartition', 90)),
      phase('userDisks', t('mountUserDisks', 10)),
      phase('userSetup', t('writeUserFiles', 5)),
      phase('startEverything', t('startAllServices', 500)),
    ],
  },
  reboot: { name: 'reboot', phases: [...stopPhases(), phase('reboot', t('reboot', 10))] },
  shutdown: { name: 'shutdown', phases: [...stopPhases(), phase('shutdown', t('shutdown', 10))] },
  reset: {
    name: 'reset',
    phases: [
      phase('cleanup', t('stopAllPods', 9000)),
      phase('leave', t('leaveEtcd', 800)),
      phase('stopEverything', t('stopAllServices', 800)),
      phase('wipe', t('resetSystemDisk', 1500)),
      phase('reboot', t('reboot', 10)),
    ],
  },
  upgrade: {
    name: 'upgrade',
    phases: [
      phase('cleanup', t('stopAllPods', 9000)),
      phase('leave', t('leaveEtcd', 800)),
      phase('stopEverything', t('stopAllServices', 800)),
      phase('upgrade', t('upgrade', 8000)),
      phase('reboot', t('reboot', 10)),
    ],
  },
};
