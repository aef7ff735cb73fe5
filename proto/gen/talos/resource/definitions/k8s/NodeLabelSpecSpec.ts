// Original file: proto/resource/definitions/k8s/k8s.proto


export interface NodeLabelSpecSpec {
  'key'?: (string);
  'value'?: (string);
}

export interface NodeLabelSpecSpec__Output {
  'key': (string);
  'value': (string);
}
