// The CEL environments Talos compiles its expressions in (pkg/machinery/cel/celenv at v1.13.9):
// DiskLocator (`disk` a block.DiskSpec, `system_disk`, glob(), the size constants), VolumeLocator
// (`volume` a block.DiscoveredVolumeSpec and `disk`, the size constants) and LinkLocator (`link`
// a network.LinkStatusSpec, glob(), mac()). Message fields carry their proto types, so a
// comparison of `disk.size` (uint) with `120` (int) is the type error cel-go reports.
// OOMTrigger (PSI figures as doubles, per-QoS-class maps, `time_since_trigger` a duration,
// multiply_qos_vectors()) and OOMCgroupScoring (optional uints, path, class), with the cgroup
// class constants (int) and the size constants (uint).
// Leaves out: nested link messages' own fields (vlan, bond_master...).

export type CelType = string | { list: CelType } | { message: string } | { map: [CelType, CelType] } | { optional: CelType };

const uint = 'uint';
const str = 'string';
const bool = 'bool';
const strings: CelType = { list: 'string' };

/** Proto messages the environments declare, field name -> CEL type (enums read as int). */
export const MESSAGES: Record<string, Record<string, CelType>> = {
  'talos.resource.definitions.block.DiskSpec': {
    size: uint, io_size: uint, sector_size: uint, readonly: bool, model: str, serial: str, modalias: str, wwid: str, bus_path: str,
    sub_system: str, transport: str, rotational: bool, cdrom: bool, dev_path: str, pretty_size: str, secondary_disks: strings,
    uuid: str, symlinks: strings,
  },
  'talos.resource.definitions.block.DiscoveredVolumeSpec': {
    size: uint, sector_size: uint, io_size: uint, name: str, uuid: str, label: str, block_size: uint, filesystem_block_size: uint,
    probed_size: uint, partition_uuid: str, partition_type: str, partition_label: str, partition_index: uint, type: str,
    device_path: str, parent: str, dev_path: str, parent_dev_path: str, pretty_size: str, offset: uint,
  },
  'talos.resource.definitions.network.LinkStatusSpec': {
    index: uint, type: 'int', link_index: uint, flags: uint, hardware_addr: 'bytes', broadcast_addr: 'bytes', mtu: uint,
    queue_disc: str, master_index: uint, operational_state: 'int', kind: str, slave_kind: str, bus_path: str, pciid: str,
    driver: str, driver_version: str, firmware_version: str, product_id: str, vendor_id: str, product: str, vendor: str,
    link_state: bool, speed_megabits: 'int', port: 'int', duplex: 'int',
    vlan: { message: 'talos.resource.definitions.network.VLANSpec' },
    bridge_master: { message: 'talos.resource.definitions.network.BridgeMasterSpec' },
    bond_master: { message: 'talos.resource.definitions.network.BondMasterSpec' },
    wireguard: { message: 'talos.resource.definitions.network.WireguardSpec' },
    permanent_addr: 'bytes', alias: str, alt_names: strings,
    vrf_master: { message: 'talos.resource.definitions.network.VRFMasterSpec' },
  },
};

export interface CelFunction {
  /** Argument types (receiver first for a method); the result type. */
  overloads: Array<{ args: CelType[]; result: CelType; method?: boolean }>;
}

export interface CelEnvironment {
  name: 'disk' | 'volume' | 'link' | 'oomTrigger' | 'oomCgroupScoring';
  variables: Record<string, CelType>;
  /** Named constants (the size multipliers), by value. */
  constants: Record<string, number>;
  /** The constants' CEL types where not uint (the OOM environments' cgroup classes are int). */
  constantTypes?: Record<string, CelType>;
  functions: Record<string, CelFunction>;
}

const SIZE_CONSTANTS: Record<string, number> = {
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50, EiB: 2 ** 60,
  kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18,
};

/** CEL's standard functions Talos's selectors use. */
const STANDARD: Record<string, CelFunction> = {
  size: { overloads: [{ args: ['string'], result: 'int' }, { args: ['bytes'], result: 'int' }, { args: [{ list: 'dyn' }], result: 'int' },
    { args: ['string'], result: 'int', method: true }, { args: ['bytes'], result: 'int', method: true }, { args: [{ list: 'dyn' }], result: 'int', method: true }] },
  startsWith: { overloads: [{ args: ['string', 'string'], result: 'bool', method: true }] },
  endsWith: { overloads: [{ args: ['string', 'string'], result: 'bool', method: true }] },
  contains: { overloads: [{ args: ['string', 'string'], result: 'bool', method: true }] },
  matches: { overloads: [{ args: ['string', 'string'], result: 'bool' }, { args: ['string', 'string'], result: 'bool', method: true }] },
  int: { overloads: [{ args: ['uint'], result: 'int' }, { args: ['double'], result: 'int' }, { args: ['string'], result: 'int' }, { args: ['int'], result: 'int' }] },
  uint: { overloads: [{ args: ['int'], result: 'uint' }, { args: ['double'], result: 'uint' }, { args: ['string'], result: 'uint' }, { args: ['uint'], result: 'uint' }] },
  string: { overloads: [{ args: ['int'], result: 'string' }, { args: ['uint'], result: 'string' }, { args: ['double'], result: 'string' }, { args: ['string'], result: 'string' }, { args: ['bytes'], result: 'string' }] },
};

const GLOB: CelFunction = { overloads: [{ args: ['string', 'string'], result: 'bool' }] };
const MAC: CelFunction = { overloads: [{ args: ['bytes'], result: 'string' }] };

const DISK_SPEC = { message: 'talos.resource.definitions.block.DiskSpec' };

/** runtime.QoSCgroupClass values, the OOM environments' int constants. */
const CGROUP_CLASSES: Record<string, number> = { Besteffort: 0, Burstable: 1, Guaranteed: 2, Podruntime: 3, System: 4 };
const QOS_VECTOR: CelType = { map: ['int', 'double'] };
const PSI = ['some', 'full'].flatMap((kind) => ['avg10', 'avg60', 'avg300', 'total'].map((window) => `memory_${kind}_${window}`));
const OOM_FUNCTIONS: Record<string, CelFunction> = {
  ...STANDARD,
  double: { overloads: [{ args: ['int'], result: 'double' }, { args: ['uint'], result: 'double' }, { args: ['string'], result: 'double' }, { args: ['double'], result: 'double' }] },
  duration: { overloads: [{ args: ['string'], result: 'duration' }, { args: ['duration'], result: 'duration' }] },
};

export const CEL_ENVIRONMENTS: Record<CelEnvironment['name'], CelEnvironment> = {
  disk: { name: 'disk', variables: { disk: DISK_SPEC, system_disk: 'bool' }, constants: SIZE_CONSTANTS, functions: { ...STANDARD, glob: GLOB } },
  volume: {
    name: 'volume',
    variables: { volume: { message: 'talos.resource.definitions.block.DiscoveredVolumeSpec' }, disk: DISK_SPEC },
    constants: SIZE_CONSTANTS,
    functions: STANDARD,
  },
  oomTrigger: {
    name: 'oomTrigger',
    variables: {
      ...Object.fromEntries(PSI.flatMap((name) => [[name, 'double'], [`d_${name}`, 'double'], [`qos_${name}`, QOS_VECTOR], [`d_qos_${name}`, QOS_VECTOR]])),
      ...Object.fromEntries(['current', 'peak', 'max'].flatMap((name) => [[`qos_memory_${name}`, QOS_VECTOR], [`d_qos_memory_${name}`, QOS_VECTOR]])),
      time_since_trigger: 'duration',
    },
    constants: { ...SIZE_CONSTANTS, ...CGROUP_CLASSES },
    constantTypes: Object.fromEntries(Object.keys(CGROUP_CLASSES).map((name) => [name, 'int'])),
    functions: { ...OOM_FUNCTIONS, multiply_qos_vectors: { overloads: [{ args: [{ map: ['dyn', 'double'] }, { map: ['dyn', 'double'] }], result: 'double' }] } },
  },
  oomCgroupScoring: {
    name: 'oomCgroupScoring',
    variables: { memory_max: { optional: 'uint' }, memory_current: { optional: 'uint' }, memory_peak: { optional: 'uint' }, path: 'string', class: 'int' },
    constants: { ...SIZE_CONSTANTS, ...CGROUP_CLASSES },
    constantTypes: Object.fromEntries(Object.keys(CGROUP_CLASSES).map((name) => [name, 'int'])),
    functions: OOM_FUNCTIONS,
  },
  link: { name: 'link', variables: { link: { message: 'talos.resource.definitions.network.LinkStatusSpec' } }, constants: {}, functions: { ...STANDARD, glob: GLOB, mac: MAC } },
};

/** cel-go's name of a type: int, list(string), the message's full name. */
export function typeName(type: CelType): string {
  if (type === 'duration') return 'google.protobuf.Duration';
  if (typeof type === 'string') return type;
  if ('list' in type) return `list(${typeName(type.list)})`;
  if ('map' in type) return `map(${typeName(type.map[0])}, ${typeName(type.map[1])})`;
  if ('optional' in type) return `optional_type(${typeName(type.optional)})`;
  return type.message;
}

/** The value a proto field has when unset. */
export function zeroValue(type: CelType): unknown {
  if (typeof type !== 'string') return 'list' in type ? [] : 'optional' in type ? null : {};
  return ({ int: 0, uint: 0, double: 0, string: '', bytes: '', bool: false } as Record<string, unknown>)[type] ?? null;
}
