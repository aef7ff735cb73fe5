#!/usr/bin/env node
// Entry point: runs the compiled CLI (dist/, built once by `npm run build`, which `npm ci` and
// `npm pack` run through the `prepare` script). In a source checkout, TALSIM_FROM_SOURCE=1 (the
// tests set it) or a missing build runs the TypeScript sources through tsx instead; without tsx
// it says how to build rather than failing obscurely. dist/ is not rebuilt when sources change:
// run `npm run build` after editing (tests do not need it).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const source = new URL('../sim/cli/main.ts', import.meta.url);
const fromSource = process.env.TALSIM_FROM_SOURCE === '1' && existsSync(source);
let main;
if (!fromSource && existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write('talsim: not built (no dist/cli/main.js) and tsx is not installed to run the sources: run `npm run build` in the talsim directory\n');
    process.exit(1);
  }
  if (!fromSource) process.stderr.write('talsim: no build in dist/, running the TypeScript sources (slower start; `npm run build` fixes it)\n');
  tsx.register();
  ({ main } = await import(source.href));
}
process.exitCode = await main(process.argv.slice(2));
