// Talos' machine types (pkg/machinery/config/machine): `controlplane`, `worker`, legacy `init`
// (a control plane node that bootstraps); `join` and an empty type mean worker; anything else
// is unknown and fails validation with `unknown machine type "<x>"`.
import type { MachineConfig } from './machine-config-types.ts';
import type { MachineType } from '../vocabulary.ts';

export type { MachineType };

/** Talos' ParseType, with unparseable text mapped to 'unknown' (as Type() does). */
export function parseMachineType(text: string | undefined): MachineType {
  switch (text ?? '') {
    case 'init':
      return 'init';
    case 'controlplane':
      return 'controlplane';
    case 'worker':
    case 'join':
    case '':
      return 'worker';
    default:
      return 'unknown';
  }
}

export function isControlPlaneType(type: MachineType): boolean {
  return type === 'controlplane' || type === 'init';
}

/** The machine type a decoded config declares. */
export function machineTypeOf(config: MachineConfig): MachineType {
  return parseMachineType(config.machine?.type);
}
