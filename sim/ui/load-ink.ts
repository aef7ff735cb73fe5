// ink is published as an ES module only. The CLI's CommonJS bundle (dist/cli/main.cjs, see
// scripts/build.mjs) cannot require() an ES module on Node 20, so before the UI's modules load,
// the commands that open the UI call loadInk(): it imports ink once and leaves its namespace where
// the bundle's `ink` module reads it. The bundle runs as a vm.Script, whose own import() finds no
// loader once V8 takes the script from its code cache, so bin/talsim.js lends it its import()
// (ESM_IMPORT). From the sources or the ES module build this is only an early import of ink.
export const INK_NAMESPACE = Symbol.for('talsim.ink');
export const ESM_IMPORT = Symbol.for('talsim.importEsm');

export async function loadInk(): Promise<void> {
  const shared = globalThis as Record<symbol, unknown>;
  const importEsm = shared[ESM_IMPORT] as ((specifier: string) => Promise<unknown>) | undefined;
  shared[INK_NAMESPACE] ??= importEsm ? await importEsm('ink') : await import('ink');
}
