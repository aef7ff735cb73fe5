// A corpus of v1.13 multi-document configs written from Talos's documentation and test data
// (pkg/machinery/config/types/*/testdata and *_test.go, the configuration reference): each accepted
// document, and each rejected one with the text Talos rejects it with. Run through lint
// (talos-corpus.test.ts) and through a real ApplyConfiguration over mTLS (test/api/corpus-apply.test.ts).

export const ACCEPTED: Array<[string, string]> = [
  ['hostname auto stable', 'kind: HostnameConfig\nauto: stable\n'],
  ['static hostname', 'kind: HostnameConfig\nhostname: worker-7\n'],
  ['link with addresses and routes', 'kind: LinkConfig\nname: enp0s2\nup: true\nmtu: 9000\naddresses:\n  - address: 192.168.1.100/24\n  - address: fd00::1/64\nroutes:\n  - destination: 10.0.0.0/8\n    gateway: 10.0.0.1\n'],
  ['link alias by mac', 'kind: LinkAliasConfig\nname: int0\nselector:\n  match: mac(link.permanent_addr) == "00:1a:2b:3c:4d:5e"\n'],
  ['dhcpv4', 'kind: DHCPv4Config\nname: enp0s2\nrouteMetric: 1024\n'],
  ['bond', 'kind: BondConfig\nname: agg.0\nlinks: [eth0, eth1]\nbondMode: 802.3ad\nxmitHashPolicy: layer3+4\nlacpRate: slow\nmiimon: 100\n'],
  ['vlan', 'kind: VLANConfig\nname: enp0s2.2\nvlanID: 2\nparent: enp0s2\naddresses:\n  - address: 192.168.1.100/32\n'],
  ['layer2 vip', 'kind: Layer2VIPConfig\nname: 10.3.0.1\nlink: enp0s2\n'],
  ['resolvers', 'kind: ResolverConfig\nnameservers:\n  - address: 10.0.0.1\nsearchDomains:\n  domains: [example.org]\n'],
  ['time sync', 'kind: TimeSyncConfig\nntp:\n  servers: [pool.ntp.org]\nbootTimeout: 2m0s\n'],
  ['static host', 'kind: StaticHostConfig\nname: 10.5.0.2\nhostnames: [example.com, example]\n'],
  ['ephemeral size', 'kind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  maxSize: 50GiB\n'],
  ['user volume', 'kind: UserVolumeConfig\nname: ceph-data\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  maxSize: 50GiB\nfilesystem:\n  type: xfs\n'],
  ['raw volume', 'kind: RawVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: "!system_disk"\n  minSize: 10GiB\n'],
  ['swap volume', 'kind: SwapVolumeConfig\nname: swap1\nprovisioning:\n  diskSelector:\n    match: disk.transport == "nvme"\n  minSize: 3GiB\n  maxSize: 4GiB\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      nodeID: {}\n'],
  ['existing volume', 'kind: ExistingVolumeConfig\nname: my-existing-volume\ndiscovery:\n  volumeSelector:\n    match: volume.partition_label == "MY-DATA"\nmount:\n  readOnly: true\n'],
  ['encrypted user volume', 'kind: UserVolumeConfig\nname: secret\nprovisioning:\n  diskSelector:\n    match: "!system_disk"\n  maxSize: 10GiB\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      tpm:\n        checkSecurebootStatusOnEnroll: true\n    - slot: 1\n      static:\n        passphrase: topsecret\n'],
  ['encrypted EPHEMERAL', 'kind: VolumeConfig\nname: EPHEMERAL\nencryption:\n  provider: luks2\n  keys:\n    - slot: 0\n      nodeID: {}\n'],
];

export const REJECTED: Array<[string, string, string]> = [
  ['unknown field', 'kind: LinkConfig\nname: eth0\naddress: 10.0.0.1/24\n', 'unknown keys found during decoding:\naddress: 10.0.0.1/24'],
  ['address without prefix', 'kind: LinkConfig\nname: eth0\naddresses:\n  - address: 10.0.0.1\n', 'netip.ParsePrefix("10.0.0.1"): no \'/\''],
  ['bond mode typo', 'kind: BondConfig\nname: bond0\nlinks: [eth0]\nbondMode: 802.3ab\n', '802.3ab does not belong to BondMode values'],
  ['bond without mode', 'kind: BondConfig\nname: bond0\nlinks: [eth0]\n', 'bond mode must be specified'],
  ['vlan id out of range', 'kind: VLANConfig\nname: eth0.5000\nvlanID: 5000\nparent: eth0\n', 'vlanID must be specified and between 1 and 4094'],
  ['hostname auto and static', 'kind: HostnameConfig\nauto: stable\nhostname: w1\n', "'auto' and 'hostname' cannot be set at the same time"],
  ['static host without names', 'kind: StaticHostConfig\nname: 10.5.0.2\n', 'at least one hostname is required'],
  ['user volume without selector', 'kind: UserVolumeConfig\nname: data\nprovisioning:\n  maxSize: 10GiB\n', 'disk selector is required'],
  ['volume config for a user name', 'kind: VolumeConfig\nname: DATA\n', 'only ["STATE" "EPHEMERAL" "IMAGECACHE"] volumes are supported'],
  ['unregistered kind', 'kind: NetworkConfig\nname: x\n', '"NetworkConfig" "v1alpha1": not registered'],
  ['disk selector type error', 'kind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: disk.size > 120\n', "disk selector is invalid: ERROR: <input>:1:11: found no matching overload for '_>_' applied to '(uint, int)'\n | disk.size > 120\n | ..........^\nmin size or max size is required"],
  ['link selector of another environment', 'kind: LinkAliasConfig\nname: int0\nselector:\n  match: disk.size > 120\n', "link selector is invalid: ERROR: <input>:1:1: undeclared reference to 'disk' (in container '')\n | disk.size > 120\n | ^"],
  ['ephemeral selector type error', 'kind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  diskSelector:\n    match: disk.size > 120\n', "disk selector is invalid: ERROR: <input>:1:11: found no matching overload for '_>_' applied to '(uint, int)'\n | disk.size > 120\n | ..........^"],
  ['existing volume selector type error', 'kind: ExistingVolumeConfig\nname: old\ndiscovery:\n  volumeSelector:\n    match: volume.partition_label == 3\n', "volume selector is invalid: ERROR: <input>:1:24: found no matching overload for '_==_' applied to '(string, int)'\n | volume.partition_label == 3\n | .......................^"],
  ['existing volume without selector', 'kind: ExistingVolumeConfig\nname: old\n', 'volume selector is required'],
  ['encryption keys without a provider', 'kind: SwapVolumeConfig\nname: swap1\nprovisioning:\n  diskSelector:\n    match: system_disk\n  minSize: 10GiB\nencryption:\n  keys:\n    - slot: 0\n      tpm: {}\n', 'unsupported encryption provider: none'],
  ['encryption without keys', 'kind: UserVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: system_disk\n  minSize: 10GiB\nencryption:\n  provider: luks2\n', 'encryption keys are required'],
  ['encryption key slots', 'kind: RawVolumeConfig\nname: data\nprovisioning:\n  diskSelector:\n    match: system_disk\n  minSize: 10GiB\nencryption:\n  provider: luks2\n  keys:\n    - slot: 1\n      tpm: {}\n    - slot: 0\n    - slot: 1\n      tpm: {}\n', 'at least one encryption key type must be specified for slot 0\nduplicate key slot 1'],
  ['swap volume name too long', 'kind: SwapVolumeConfig\nname: a-very-long-swap-volume-name-over-34\nprovisioning:\n  diskSelector:\n    match: system_disk\n  minSize: 1GiB\n', 'name must be between 1 and 34 characters long'],
  ['duplicated key', 'kind: TimeSyncConfig\nenabled: true\nenabled: false\n', 'mapping key "enabled" already defined'],
];
