// Original file: proto/resource/definitions/runtime/runtime.proto


export interface OOMActionSpec {
  'trigger_context'?: (string);
  'score'?: (number | string);
  'processes'?: (string)[];
}

export interface OOMActionSpec__Output {
  'trigger_context': (string);
  'score': (number);
  'processes': (string)[];
}
