// The module hook as-built.mjs registers: a .ts/.tsx/.mts file is compiled by esbuild's transform
// (types stripped, as the build does; keepNames off) and loaded as an ES module; anything else
// loads as Node loads it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !/\.(ts|tsx|mts)$/.test(url)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const { code } = await transform(source, { loader: file.endsWith('x') ? 'tsx' : 'ts', format: 'esm', target: 'node20', jsx: 'automatic', sourcemap: 'inline', sourcefile: file });
  return { format: 'module', source: code, shortCircuit: true };
}
