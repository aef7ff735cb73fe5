// Where talsim's own data files live (the .proto files, lessons, hardware profiles, the scenario
// schema): the directory of the `talsim` package.json above this module. Found by walking up, so
// it is the same answer whether this module runs from source (proto/), from the compiled bundle
// (dist/chunks/) or from a global npm install.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; ) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'talsim') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`talsim: no talsim package.json above ${start} (is the package installed whole?)`);
    dir = parent;
  }
}

/** The talsim package's root directory. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the talsim package, e.g. `packagePath('lessons')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
