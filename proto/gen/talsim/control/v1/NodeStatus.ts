// Original file: proto/talsim/control.proto


export interface NodeStatus {
  'name'?: (string);
  'role'?: (string);
  'address'?: (string);
  'stage'?: (string);
  'ready'?: (boolean);
  'apply_state'?: (string);
  'apply_reason'?: (string);
  'diagnostics'?: (string)[];
  'talosctl_node'?: (string);
}

export interface NodeStatus__Output {
  'name': (string);
  'role': (string);
  'address': (string);
  'stage': (string);
  'ready': (boolean);
  'apply_state': (string);
  'apply_reason': (string);
  'diagnostics': (string)[];
  'talosctl_node': (string);
}
