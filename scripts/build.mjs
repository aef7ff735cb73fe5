// `npm run build` (also run by `npm ci` and `npm pack` through `prepare`): bundles the CLI's
// TypeScript into dist/ with esbuild, once, so `talsim` starts without a TypeScript loader.
// Entry points: the CLI (dist/cli/main.js), the sweep worker thread (dist/swarm/sweep-worker.js) and
// the API edge's config-decode worker thread (dist/api/config-decode-worker.js);
// code shared between them and each lazily imported command module become chunks in
// dist/chunks/, so a command still loads only what it needs. The pure-JavaScript packages
// (zod, yaml, xstate, commander, seedrandom, grpc-js) are bundled in: loading zod alone from
// node_modules is ~95 ES modules to resolve and compile at every start, ~100 CPU ms of `talsim
// run`. The rest stay external, loaded from node_modules (EXTERNAL below: React and ink must be one
// copy each; x509 and protobufjs load optional parts at run time); data files (protos, lessons,
// profiles, schema) are read from the package root. Bundled CommonJS code calls `require` for
// Node's built-ins: the banner gives each ES module output file one.
// dist/inputs.json lists the sources read, so bin/talsim.js can tell when a checkout changed since.
// dist/talos-protos.json is the parsed .proto files (proto/load.ts reads it in the bundle instead
// of parsing text at every start).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // `npm ci --omit=dev` runs `prepare` without the dev dependencies: say so, do not fail the install.
  process.stderr.write('talsim: esbuild (a dev dependency) is not installed, dist/ not built; bin/talsim.js will say how to build\n');
  process.exit(0);
}

/** Packages loaded from node_modules at run time rather than bundled (see above). */
const EXTERNAL = ['ink', 'react', 'react/jsx-runtime', 'react-devtools-core', '@peculiar/x509', 'reflect-metadata', 'protobufjs'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
const builtAtMs = Date.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: ['sim/cli/main.ts', 'sim/swarm/sweep-worker.ts', { in: 'nodes/api/config-decode-worker.ts', out: 'api/config-decode-worker' }],
  outbase: 'sim',
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: "import { createRequire as __talsimCreateRequire } from 'node:module'; const require = __talsimCreateRequire(import.meta.url);" },
  jsx: 'automatic',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
  define: { TALSIM_BUNDLED: 'true' },
});
// The protos, parsed once here with proto/load.ts's own parser (bundled into a throwaway module
// next to the output, so its packages resolve from node_modules).
const protoStep = join(outdir, 'write-protos.mjs');
await build({ absWorkingDir: root, entryPoints: ['proto/load.ts'], outfile: protoStep, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
const { talosProtosJson, PRECOMPILED_PROTOS_FILE } = await import(pathToFileURL(protoStep).href);
writeFileSync(join(root, PRECOMPILED_PROTOS_FILE), `${talosProtosJson()}\n`);
rmSync(protoStep);
// The CLI once more as one CommonJS file, dist/cli/main.cjs, and a V8 code cache for it,
// dist/cli/main.cjs.cache: Node 20 keeps no compiled code between runs of ES modules
// (module.enableCompileCache is Node 22), but a script compiled through vm.Script takes the
// bytecode V8 made for it in an earlier process (`cachedData`). bin/talsim.js runs `talsim run` and
// `talsim up` this way: compiling and lazily compiling the bundle's functions was ~15% of their
// CPU. esbuild splits chunks only for ES module output, so this is one file (each command's modules
// still run only when the command loads them: esbuild wraps lazily imported modules). The cache
// is trained here by running `talsim run scenarios/boot-healthy.yaml` once: it holds the bytecode
// of every function that run compiled (the model, the cluster build, configs, YAML, zod); then
// `talsim up` to ready adds what only `up` compiles (trainOnUp, below). A cache
// V8 rejects (another Node or V8 version, other V8 flags) only means a normal compile.
// ink is an ES module only (Node 20 cannot require() it): the bundle's `ink` is the namespace
// sim/ui/load-ink.ts imported before the UI's modules load. protobufjs, @peculiar/x509 and
// reflect-metadata are bundled here too (in the cache; loaded from node_modules they were ~4% of
// `talsim run`, compiled at every start): their optional parts (protobufjs's `long`) are found at
// run time through the bundle's require(), as from node_modules. Whitespace is minified: a
// smaller file to read at every start (3.8 -> 2.8 MB); names stay, so stack traces still read.
const inkNamespace = {
  name: 'ink-namespace',
  setup(plugin) {
    plugin.onResolve({ filter: /^ink$/ }, (args) => (args.kind === 'dynamic-import' ? { path: 'ink', external: true } : { path: 'ink', namespace: 'ink-namespace' }));
    plugin.onLoad({ filter: /.*/, namespace: 'ink-namespace' }, () => ({
      contents: "const ink = globalThis[Symbol.for('talsim.ink')]; if (!ink) throw new Error('talsim: the UI loaded before ink (sim/ui/load-ink.ts)'); module.exports = ink;",
      loader: 'js',
    }));
  },
};
// commander requires node:child_process at load for one use: running an executable subcommand,
// which talsim has none of. Loading it (and dgram, its socket list and 6 more built-in modules)
// was ~1.5 CPU ms of every `talsim run` and `up`; in the bundle commander gets it on first use.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(plugin) {
    plugin.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined));
    plugin.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};
const commonJs = await build({
  absWorkingDir: root,
  entryPoints: ['sim/cli/main.ts'],
  outfile: join(outdir, 'cli', 'main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['react', 'react/jsx-runtime', 'react-devtools-core'],
  plugins: [inkNamespace, lazyChildProcessForCommander],
  minifyWhitespace: true,
  jsx: 'automatic',
  logLevel: 'warning',
  metafile: true,
  define: { TALSIM_BUNDLED: 'true', 'import.meta': '__talsimImportMeta' },
  banner: { js: "var __talsimImportMeta = { url: require('node:url').pathToFileURL(__filename).href, resolve: (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href };" },
});
const protoFiles = readdirSync(join(root, 'proto'), { recursive: true }).filter((file) => String(file).endsWith('.proto')).map((file) => `proto/${file}`);
// The sources this build read, for bin/talsim.js to notice a checkout edited since (dist/ stale).
const sources = new Set([...Object.keys(result.metafile.inputs), ...Object.keys(commonJs.metafile.inputs)].filter((file) => !file.includes('node_modules') && !file.startsWith('ink-namespace:') && !file.startsWith('lazy-child-process:')));
const inputs = [...sources, ...protoFiles.sort()];
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ builtAtMs, inputs })}\n`);
// Pure ASCII: esbuild escapes non-ASCII text in strings but not in regular expression literals
// (`µs` in Go durations, a dependency's `[eé]`). One such character makes Node decode the whole
// file as UTF-8 into a two-byte string at every start (~50 CPU ms for 2.8 MB here); as `\uXXXX`
// escapes each means the same in a regex, string or comment, and the file reads as one-byte text.
// The file is then stored wrapped as the function bin/talsim.js compiles (CommonJS's own wrapper,
// CODE_WRAPPER): read as it is, the text V8 compiles is one flat string; wrapped at start, it was
// a 2.8 MB concatenation V8 copied into one before compiling (~10-15 CPU ms of every start).
const CODE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];
const bundlePath = join(outdir, 'cli', 'main.cjs');
const asciiBundle = readFileSync(bundlePath, 'utf8').replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(bundlePath, `${CODE_WRAPPER[0]}${asciiBundle}${CODE_WRAPPER[1]}`);
// Training the code cache (above): bin/talsim.js writes it at the end of this run.
const cacheFile = join(outdir, 'cli', 'main.cjs.cache');
const training = spawnSync(process.execPath, [join(root, 'bin', 'talsim.js'), 'run', join(root, 'scenarios', 'boot-healthy.yaml'), '--quiet'], {
  cwd: root,
  env: { ...process.env, TALSIM_FROM_SOURCE: '0', TALSIM_WRITE_CODE_CACHE: cacheFile },
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
if (training.status !== 0 || !existsSync(cacheFile)) {
  rmSync(cacheFile, { force: true });
  process.stderr.write(`talsim: no code cache (training run exited ${training.status}: ${training.stderr.trim()}); talsim starts without it\n`);
} else {
  await trainOnUp();
}
if (!process.argv.includes('--quiet')) console.log(`talsim: built dist/ in ${Math.round(performance.now() - started)} ms`);

/**
 * The second training run: `talsim up` (one control plane, no workers, on 127.0.0.1 only, ports
 * falling back to free ones as `talsim up` does when 50000 or 6443 is taken, a throwaway state
 * dir) until its ready banner, then SIGINT. It starts from the cache the `run` training wrote
 * (bin/talsim.js reads it), so the cache it writes holds what both commands compile: the API
 * edge, grpc-js, TLS and PKI code `up` alone needs. If it fails or takes over a minute, the
 * `run`-only cache stays (a copy taken before).
 */
async function trainOnUp() {
  const runOnly = `${cacheFile}.run-only`;
  copyFileSync(cacheFile, runOnly);
  const stateDir = mkdtempSync(join(tmpdir(), 'talsim-build-'));
  const up = spawn(process.execPath, [join(root, 'bin', 'talsim.js'), 'up', '--no-ui', '--seed', '1', '--control-planes', '1', '--workers', '0', '--base-address', '127.0.0.1', '--state-dir', stateDir], {
    cwd: root,
    env: { ...process.env, TALSIM_FROM_SOURCE: '0', TALSIM_WRITE_CODE_CACHE: cacheFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  up.stdout.setEncoding('utf8').on('data', (text) => {
    stdout += text;
    if (stdout.includes('Ctrl-C stops the cluster.')) up.kill('SIGINT');
  });
  up.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  const timer = setTimeout(() => up.kill('SIGKILL'), 60_000);
  const status = await new Promise((resolve) => up.on('close', (code, signal) => resolve(code ?? signal)));
  clearTimeout(timer);
  rmSync(stateDir, { recursive: true, force: true });
  if (status !== 0 || !stdout.includes('Ctrl-C stops the cluster.')) {
    copyFileSync(runOnly, cacheFile);
    process.stderr.write(`talsim: code cache trained on \`talsim run\` only (the \`talsim up\` training run ended with ${status}: ${stderr.trim().split('\n').slice(-3).join(' / ')})\n`);
  }
  rmSync(runOnly);
}
