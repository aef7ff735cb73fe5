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
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
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
const protoFiles = readdirSync(join(root, 'proto'), { recursive: true }).filter((file) => String(file).endsWith('.proto')).map((file) => `proto/${file}`);
// The sources this build read, for bin/talsim.js to notice a checkout edited since (dist/ stale).
const inputs = [...Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules')), ...protoFiles.sort()];
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ builtAtMs, inputs })}\n`);
if (!process.argv.includes('--quiet')) console.log(`talsim: built dist/ in ${Math.round(performance.now() - started)} ms`);
