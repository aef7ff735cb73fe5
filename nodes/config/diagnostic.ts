// A finding about a config file that points at a place in it: what `talsim lint` prints and what
// the node reports as warnings. Errors are what Talos rejects; warnings are what Talos accepts
// although it does not do what the author meant (or, for `talos-warning`, what Talos itself warns).

export type DiagnosticSeverity = 'error' | 'warning';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Dotted field path, e.g. 'cluster.apiServer' or 'machine.kubelet.extraArgs.node-labels'; '' for a whole document. */
  path: string;
  /** 1-based; 0 when the finding has no position (e.g. a field that is absent). */
  line: number;
  column: number;
  message: string;
  /** What to change; '' when the message says it all. */
  fix: string;
}

/** Where a field sits in the submitted text. */
export interface SourcePoint {
  line: number;
  column: number;
}

export const NO_POSITION: SourcePoint = { line: 0, column: 0 };
