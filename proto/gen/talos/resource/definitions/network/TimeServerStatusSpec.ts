// Original file: proto/resource/definitions/network/network.proto


export interface TimeServerStatusSpec {
  'ntp_servers'?: (string)[];
}

export interface TimeServerStatusSpec__Output {
  'ntp_servers': (string)[];
}
