// The one error type the config layer throws: a machine config stream Talos would refuse to load.
// The message is Talos' own text (what `talosctl apply-config` would print after `desc = `);
// line/column point into the submitted text (1-based; 0 when Talos gives no position).
// Validation problems are not thrown: they are returned as lists (see v1alpha1-validation.ts).

export class ConfigError extends Error {
  constructor(
    message: string,
    /** 1-based line in the submitted text; 0 when unknown. */
    readonly line: number,
    /** 1-based column in the submitted text; 0 when unknown. */
    readonly column: number,
    /** Dotted path of the offending field (`machine.kubelet.nodeLabels`), '' for a whole document. */
    readonly fieldPath: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
