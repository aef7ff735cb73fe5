#!/usr/bin/env node
// Entry point: runs the compiled CLI (dist/, built once by `npm run build`, which `npm ci` and
// `npm pack` run through the `prepare` script). In a source checkout it runs the TypeScript
// sources through tsx instead when TALSIM_FROM_SOURCE=1, when there is no build, or when a
// source the build read changed since (dist/inputs.json; one stat per file), saying so on stderr
// in the last two cases. TALSIM_FROM_SOURCE=auto (the tests set it) takes the build when it is
// current and the sources otherwise, without a word: the tests never see a stale build, and
// pay tsx's start-up only when there is no current one. Without tsx it says how to build.
import { existsSync, readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const compiled = new URL('dist/cli/main.js', root);
const source = new URL('sim/cli/main.ts', root);

/** Why the build cannot be used in this checkout, or undefined when it can. */
function staleBuild() {
  if (!existsSync(compiled)) return 'no build in dist/';
  if (!existsSync(source)) return undefined; // an installed package: no sources to compare with
  try {
    const { builtAtMs, inputs } = JSON.parse(readFileSync(new URL('dist/inputs.json', root), 'utf8'));
    for (const file of inputs) {
      const stats = statSync(new URL(file, root), { throwIfNoEntry: false });
      if (!stats || stats.mtimeMs > builtAtMs) return `${file} changed since dist/ was built`;
    }
    return undefined;
  } catch {
    return 'dist/inputs.json unreadable';
  }
}

const fromSource = process.env.TALSIM_FROM_SOURCE;
let stale = fromSource === '1' && existsSync(source) ? 'TALSIM_FROM_SOURCE' : staleBuild();
if (fromSource === 'auto' && stale !== undefined && existsSync(source)) stale = 'TALSIM_FROM_SOURCE';
let main;
if (stale === undefined) {
  ({ main } = await import(compiled.href));
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    if (!existsSync(compiled)) {
      process.stderr.write('talsim: not built (no dist/cli/main.js) and tsx is not installed to run the sources: run `npm run build` in the talsim directory\n');
      process.exit(1);
    }
  }
  if (tsx) {
    if (stale !== 'TALSIM_FROM_SOURCE') process.stderr.write(`talsim: ${stale}; running the TypeScript sources (slower start; \`npm run build\` fixes it)\n`);
    tsx.register();
    ({ main } = await import(source.href));
  } else {
    process.stderr.write(`talsim: ${stale}, and tsx is not installed to run the sources: running the old build (\`npm run build\` fixes it)\n`);
    ({ main } = await import(compiled.href));
  }
}
process.exitCode = await main(process.argv.slice(2));
