// machine.MachineService as talsim emulates it: the handlers of the machine-*.ts files assembled
// into one ServiceImplementation. Every method not listed answers Unimplemented
// `method <M> not implemented` (after authorization), as an unimplemented Talos method does.
import type { ServiceImplementation } from './api-contract.ts';
import { versionHandlers } from './machine-version.ts';
import { applyHandlers } from './machine-apply.ts';
import { lifecycleHandlers } from './machine-lifecycle.ts';
import { supervisorHandlers } from './machine-services.ts';
import { logHandlers } from './machine-logs.ts';
import { eventHandlers } from './machine-events.ts';
import { fileHandlers } from './machine-files.ts';
import { systemStatHandlers } from './machine-system-stats.ts';
import { processHandlers } from './machine-processes.ts';
import { deviceStatHandlers } from './machine-device-stats.ts';
import { etcdHandlers } from './machine-etcd.ts';
import { credentialHandlers } from './machine-kubeconfig.ts';
import { legacyImagePull } from './image-service.ts';
import { containerHandlers } from './machine-containers.ts';
import { cpuFreqHandlers } from './machine-cpu-freq.ts';
import { netstatHandlers } from './machine-netstat.ts';
import { etcdSnapshotHandlers } from './etcd-snapshot.ts';

export const machineService: ServiceImplementation = {
  service: 'machine.MachineService',
  unary: {
    ...versionHandlers,
    ...applyHandlers,
    ...lifecycleHandlers,
    ImagePull: legacyImagePull,
    ...supervisorHandlers,
    ...logHandlers.unary,
    ...systemStatHandlers,
    ...processHandlers,
    ...deviceStatHandlers,
    ...etcdHandlers,
    ...credentialHandlers.unary,
    ...containerHandlers,
    ...cpuFreqHandlers,
    ...netstatHandlers,
  },
  streams: {
    ...logHandlers.streams,
    ...eventHandlers,
    ...fileHandlers,
    ...credentialHandlers.streams,
    ...etcdSnapshotHandlers,
  },
};
