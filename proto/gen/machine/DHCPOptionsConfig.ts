// Original file: proto/machine/machine.proto


export interface DHCPOptionsConfig {
  'route_metric'?: (number);
}

export interface DHCPOptionsConfig__Output {
  'route_metric': (number);
}
