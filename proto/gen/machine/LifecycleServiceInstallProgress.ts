// Original file: proto/machine/lifecycle.proto


export interface LifecycleServiceInstallProgress {
  'message'?: (string);
  'exit_code'?: (number);
  'response'?: "message"|"exit_code";
}

export interface LifecycleServiceInstallProgress__Output {
  'message'?: (string);
  'exit_code'?: (number);
  'response'?: "message"|"exit_code";
}
