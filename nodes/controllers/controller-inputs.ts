// Incremental reconciliation, the way Talos's controller runtime wakes a controller only when a
// resource it reads changed: a controller declares what it reads as a short list of values
// (objects by identity, versions, flags), and a reconcile pass runs it only when one of them
// differs from its last run this boot. A controller whose run would only repeat writes of
// unchanged specs (no-ops in the resource store) is skipped, so traces are byte-identical. A
// controller that reads the clock or draws randomness declares no inputs and runs every pass.

/** What a controller read on its last run, by controller name (per boot, in ControllerMemory). */
export type ControllerInputs = Map<string, readonly unknown[]>;

let incremental = true;

/**
 * Switch incremental reconciliation off (every controller runs on every pass) or back on: the
 * same-run baseline of the model-cost benchmark, and the test that skipping changes no trace.
 */
export function setIncrementalControllers(on: boolean): void {
  incremental = on;
}

/** Whether controllers are skipped when nothing they read changed (false: every one runs on every pass). */
export function incrementalControllers(): boolean {
  return incremental;
}

/**
 * Whether a controller must run: false when `inputs` equals (element by element, ===) what it
 * read on its last run this boot. `undefined` inputs (the controller's run depends on the clock
 * right now) always run. Records `inputs` as read by the run the caller then makes (a reconcile
 * pass calls this right before the controller; nothing runs in between).
 */
export function inputsChanged(node: { readonly controllerState: { readonly inputs: ControllerInputs } }, name: string, inputs: readonly unknown[] | undefined): boolean {
  const memory = node.controllerState.inputs;
  if (inputs === undefined) {
    memory.delete(name);
    return true;
  }
  const last = memory.get(name);
  if (incremental && last !== undefined && sameInputs(last, inputs)) return false;
  memory.set(name, inputs);
  return true;
}

/** Replaces what a controller read by what it reads after its run (undefined: run it on the next pass). */
export function rememberInputs(node: { readonly controllerState: { readonly inputs: ControllerInputs } }, name: string, inputs: readonly unknown[] | undefined): void {
  if (inputs === undefined) node.controllerState.inputs.delete(name);
  else node.controllerState.inputs.set(name, inputs);
}

/** Element by element, ===: what `inputsChanged` compares a controller's inputs with. */
export function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
