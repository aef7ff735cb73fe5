// The Talos API services this directory emulates, ready for startNodeApiServers. The COSI State
// service (nodes/api/cosi-*.ts) and talsim's own control service are added by their callers.
import type { ServiceImplementation } from './api-contract.ts';
import { machineService } from './machine-service.ts';
import { storageService } from './storage-service.ts';
import { timeService } from './time-service.ts';
import { clusterService } from './cluster-service.ts';
import { inspectService } from './inspect-service.ts';
import { imageService } from './image-service.ts';
import { lifecycleService } from './lifecycle-service.ts';

export function talosServiceImplementations(): ServiceImplementation[] {
  return [machineService, imageService, lifecycleService, storageService, timeService, clusterService, inspectService];
}
