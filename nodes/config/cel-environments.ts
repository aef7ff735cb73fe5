// The CEL environments Talos compiles its expressions in (pkg/machinery/cel/celenv at v1.13.9):
// DiskLocator (`disk` a block.DiskSpec, `system_disk`, glob(), the size constants), VolumeLocator
// (`volume` a block.DiscoveredVolumeSpec and `disk`, the size constants) and LinkLocator (`link`
// a network.LinkStatusSpec, glob(), mac()). Message fields carry their proto types, so a
// comparison of `disk.size` (uint) with `120` (int) is the type error cel-go reports.
// Leaves out: the OOM environments, nested link messages' own fields (vlan, bond_master...).

export type CelType = string | { list: CelType } | { message: string };

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
  name: 'disk' | 'volume' | 'link';
  variables: Record<string, CelType>;
  /** Named constants (the size multipliers), by value. */
  constants: Record<string, number>;
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

export const CEL_ENVIRONMENTS: Record<CelEnvironment['name'], CelEnvironment> = {
  disk: { name: 'disk', variables: { disk: DISK_SPEC, system_disk: 'bool' }, constants: SIZE_CONSTANTS, functions: { ...STANDARD, glob: GLOB } },
  volume: {
    name: 'volume',
    variables: { volume: { message: 'talos.resource.definitions.block.DiscoveredVolumeSpec' }, disk: DISK_SPEC },
    constants: SIZE_CONSTANTS,
    functions: STANDARD,
  },
  link: { name: 'link', variables: { link: { message: 'talos.resource.definitions.network.LinkStatusSpec' } }, constants: {}, functions: { ...STANDARD, glob: GLOB, mac: MAC } },
};

/** cel-go's name of a type: int, list(string), the message's full name. */
export function typeName(type: CelType): string {
  if (typeof type === 'string') return type;
  if ('list' in type) return `list(${typeName(type.list)})`;
  return type.message;
}

/** The value a proto field has when unset. */
export function zeroValue(type: CelType): unknown {
  if (typeof type !== 'string') return 'list' in type ? [] : {};
  return ({ int: 0, uint: 0, double: 0, string: '', bytes: '', bool: false } as Record<string, unknown>)[type] ?? null;
}
