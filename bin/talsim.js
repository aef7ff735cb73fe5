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
const { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } = require('node:fs');
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
/** V8's default `--semi-space-growth-factor` (2 in the V8 of Node 20), restored when talsim's start is over. */
const V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;
/**
 * V8's default `--interrupt-budget` by V8 version (major.minor; 66 KB in Node 20's V8 11.3): the
 * value restored when talsim's start is over. The default differs between V8 versions (66, 132,
 * 144 KB) and no API reads it, so a V8 not listed here keeps its default throughout.
 */
const V8_DEFAULT_INTERRUPT_BUDGETS = { '11.3': 66 * 1024 };
/** How many times V8's default interrupt budget a function spends during talsim's start before TurboFan looks at it. */
const START_UP_INTERRUPT_BUDGET_FACTOR = 8;
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

/** The bytes of `file`, read into the start of `buffer` (big enough for it). */
function readInto(file, buffer) {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (let read; length < buffer.length && (read = readSync(fd, buffer, length, buffer.length - length, length)) > 0; ) length += read;
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** main() of dist/cli/main.cjs, compiled with its code cache when V8 accepts it. */
function bundledMain() {
  const { Script } = require('node:vm');
  const { createRequire } = require('node:module');
  // A training run starts from the cache an earlier training run wrote, if any: the cache it
  // writes then holds both runs' compiled functions.
  const cacheFile = writeCodeCache && !existsSync(writeCodeCache) ? undefined : (writeCodeCache ?? codeCache);
  // One buffer for both files: the bundle's bytes are copied into its string, then the cache is
  // read over them. Two buffers were ~600 more pages touched for the first time (~9 CPU ms here).
  const buffer = Buffer.allocUnsafeSlow(Math.max(statSync(bundle).size, cacheFile === undefined ? 0 : statSync(cacheFile).size));
  // The build leaves the bundle pure ASCII, so latin1 reads it exactly and faster than utf8 does,
  // and stores it wrapped in CommonJS's function (a build from before that is wrapped here).
  const text = readInto(bundle, buffer).toString('latin1');
  const cachedData = cacheFile === undefined ? undefined : readInto(cacheFile, buffer);
  const wrapped = text.startsWith(CODE_WRAPPER[0]) ? text : `${CODE_WRAPPER[0]}${text}${CODE_WRAPPER[1]}`;
  const script = new Script(wrapped, { filename: bundle, cachedData });
  // The bundle imports one ES module, ink (sim/ui/load-ink.ts), through this (resolved from the package root).
  globalThis[Symbol.for('talsim.importEsm')] = (specifier) => import(specifier);
  // Set after compiling: V8 checks a code cache against the flags it was made with (the default ones).
  const releaseStartUpFlags = holdStartUpFlags();
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  if (process.env.TALSIM_REPORT_CODE_CACHE === '1') process.stderr.write(`talsim: code cache ${cachedData === undefined ? 'not read' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  process.once('exit', () => {
    releaseStartUpFlags();
    if (writeCodeCache) writeFileSync(writeCodeCache, script.createCachedData());
  });
  return module.exports.main;
}

/**
 * V8 flags for talsim's start, held until the returned function (also lent to the bundle as
 * START_UP_OVER, sim/live/start-up-over.ts: up's ready banner, a sweep's start, a cluster of more
 * than 100 nodes, else this process's exit) sets V8's defaults back. A flag given on the command
 * line or in NODE_OPTIONS is left alone.
 * - The young generation stays at its initial size (`--semi-space-growth-factor=1`). V8 doubles it
 *   when most of it survives a scavenge, and while talsim starts most of it does (the modules'
 *   state, the cluster being built): it grew three times in a `talsim run`, each time onto pages
 *   never touched before, and a first touch costs ~14 CPU us a page on the VMs talsim is measured
 *   on. Held, a `run` of boot-healthy touches ~3,000 fewer pages (of ~13,000).
 * - Functions run START_UP_INTERRUPT_BUDGET_FACTOR times V8's interrupt budget before TurboFan
 *   considers them (`--interrupt-budget`). At the default, TurboFan compiled ~40 functions during
 *   a `talsim run` of boot-healthy (zod's constructors, the YAML parser, the reconcile pass), on its
 *   background threads: ~100 of the process's ~550 CPU ms, for code that ran a few ms before the
 *   process ended. Still hot after 8x the budget, a function is optimized as before, so a long run
 *   pays only the delay. Not in the build's training run: the code cache must be written under
 *   V8's default flags, and a V8 whose default budget is not known here keeps its own.
 */
function holdStartUpFlags() {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
  const v8Version = process.versions.v8.split('.').slice(0, 2).join('.');
  const defaultBudget = writeCodeCache === undefined ? V8_DEFAULT_INTERRUPT_BUDGETS[v8Version] : undefined;
  const held = [
    ['semi-space-growth-factor', 1, V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR],
    ...(defaultBudget === undefined ? [] : [['interrupt-budget', defaultBudget * START_UP_INTERRUPT_BUDGET_FACTOR, defaultBudget]]),
  ].filter(([name]) => !given.some((option) => option.includes(name) || option.includes(name.replaceAll('-', '_'))));
  if (held.length === 0) return () => {};
  const { setFlagsFromString } = require('node:v8');
  for (const [name, startValue] of held) setFlagsFromString(`--${name}=${startValue}`);
  let holding = true;
  const release = () => {
    if (holding) for (const [name, , defaultValue] of held) setFlagsFromString(`--${name}=${defaultValue}`);
    holding = false;
  };
  globalThis[Symbol.for('talsim.startUpOver')] = release;
  return release;
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
