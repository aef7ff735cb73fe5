// Original file: proto/resource/config/config.proto

import type { MachineType as _resource_config_MachineType, MachineType__Output as _resource_config_MachineType__Output } from '../../resource/config/MachineType.ts';

export interface MachineTypeSpec {
  'machine_type'?: (_resource_config_MachineType);
}

export interface MachineTypeSpec__Output {
  'machine_type': (_resource_config_MachineType__Output);
}
