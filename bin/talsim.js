#!/usr/bin/env node
// Entry point: runs the compiled CLI (dist/, built once by `npm run build`, which `npm ci` and
// `npm pack` run through the `prepare` script). In a source checkout it runs the TypeScript
// sources through tsx instead when TALSIM_FROM_SOURCE=1, when there is no build, or when a
// source the build read changed since (dist/inputs.json; one stat per file), saying so on stderr
// in the last two cases. TALSIM_FROM_SOURCE=auto (the tests set it) takes the build when it is
// current and the sources otherwise, without a word: the tests never see a stale build, and
// pay tsx's start-up only when there is no current one. Without tsx it says how to build.
// `talsim run` and `talsim up` start from the same build as one CommonJS file compiled through
// vm.Script with the V8 code cache the build made for it (dist/cli/main.cjs and its .cache, see
// scripts/build.mjs): V8 then skips compiling most of the code. A cache V8 rejects is a normal
// compile; without the cache file those commands load dist/cli/main.js like the others.
// This file is CommonJS (bin/package.json): an ES module entry point makes Node set up its ES
// module loader before the first line runs (~10-15 CPU ms), which `run` and `up`, started from the
// CommonJS bundle, never need; the other commands import the ES module build as before.
'use strict';
const { existsSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');

const root = join(__dirname, '..');
const compiled = join(root, 'dist/cli/main.js');
const bundle = join(root, 'dist/cli/main.cjs');
const codeCache = join(root, 'dist/cli/main.cjs.cache');
const source = join(root, 'sim/cli/main.ts');
/** What dist/cli/main.cjs is wrapped in: CommonJS's module function (scripts/build.mjs writes it so). */
const CODE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];
/** The commands the code cache was trained on (the build runs `talsim run`, then `talsim up`) and measured for. */
const CACHED_COMMANDS = new Set(['run', 'up']);
/** Set by the build's training run: the file to write the code cache to when this process exits. */
const writeCodeCache = process.env.TALSIM_WRITE_CODE_CACHE;

/** Why the build cannot be used in this checkout, or undefined when it can. */
function staleBuild() {
  if (!existsSync(compiled)) return 'no build in dist/';
  if (!existsSync(source)) return undefined; // an installed package: no sources to compare with
  try {
    const { builtAtMs, inputs } = JSON.parse(readFileSync(join(root, 'dist/inputs.json'), 'utf8'));
    const rootPath = `${root}/`;
    for (const file of inputs) {
      const stats = statSync(rootPath + file, { throwIfNoEntry: false });
      if (!stats || stats.mtimeMs > builtAtMs) return `${file} changed since dist/ was built`;
    }
    return undefined;
  } catch {
    return 'dist/inputs.json unreadable';
  }
}

/** The command word, found as sim/cli/main.ts finds it. */
function commandWord(argv) {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/** main() of dist/cli/main.cjs, compiled with its code cache when V8 accepts it. */
function bundledMain() {
  const { Script } = require('node:vm');
  const { createRequire } = require('node:module');
  // A training run starts from the cache an earlier training run wrote, if any: the cache it
  // writes then holds both runs' compiled functions.
  const cachedData = writeCodeCache && !existsSync(writeCodeCache) ? undefined : readFileSync(writeCodeCache ?? codeCache);
  // The build leaves the bundle pure ASCII, so latin1 reads it exactly and faster than utf8 does,
  // and stores it wrapped in CommonJS's function (a build from before that is wrapped here).
  const text = readFileSync(bundle, 'latin1');
  const wrapped = text.startsWith(CODE_WRAPPER[0]) ? text : `${CODE_WRAPPER[0]}${text}${CODE_WRAPPER[1]}`;
  const script = new Script(wrapped, { filename: bundle, cachedData });
  // The bundle imports one ES module, ink (sim/ui/load-ink.ts), through this (resolved from the package root).
  globalThis[Symbol.for('talsim.importEsm')] = (specifier) => import(specifier);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  if (process.env.TALSIM_REPORT_CODE_CACHE === '1') process.stderr.write(`talsim: code cache ${cachedData === undefined ? 'not read' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  if (writeCodeCache) process.once('exit', () => writeFileSync(writeCodeCache, script.createCachedData()));
  return module.exports.main;
}

/** main() of the build, or of the sources through tsx when the build is stale or asked away. */
async function loadMain() {
  const fromSource = process.env.TALSIM_FROM_SOURCE;
  let stale = fromSource === '1' && existsSync(source) ? 'TALSIM_FROM_SOURCE' : staleBuild();
  if (fromSource === 'auto' && stale !== undefined && existsSync(source)) stale = 'TALSIM_FROM_SOURCE';
  if (stale === undefined) {
    const cached = writeCodeCache !== undefined || (CACHED_COMMANDS.has(commandWord(process.argv.slice(2))) && existsSync(codeCache));
    if (cached && existsSync(bundle)) return bundledMain();
    return (await import(pathToFileURL(compiled).href)).main;
  }
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
    return (await import(pathToFileURL(source).href)).main;
  }
  process.stderr.write(`talsim: ${stale}, and tsx is not installed to run the sources: running the old build (\`npm run build\` fixes it)\n`);
  return (await import(pathToFileURL(compiled).href)).main;
}

loadMain().then(async (main) => {
  process.exitCode = await main(process.argv.slice(2));
});
