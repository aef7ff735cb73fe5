// The patch flags talosctl shares between `gen config` and `machineconfig patch`: repeatable
// values, each `@file`, a bare file name or inline text, read as Talos' LoadPatches reads them.
// A file that cannot be read fails with Go's `open <name>: <reason>` text.
import { readFileSync } from 'node:fs';
import { ConfigError, loadPatches, type ConfigPatch } from '../../nodes/config/index.ts';

/** commander's collector for a repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** commander's collector for a comma-separated, repeatable list (cobra's StringSlice). */
export const collectList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').filter((item) => item !== '')];

const GO_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/** Reads a file named in a flag, with Go's error text when it cannot. */
export function readFlagFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EISDIR') throw new ConfigError(`read ${path}: ${GO_REASONS[code]}`, 0, 0, '');
    throw new ConfigError(`open ${path}: ${GO_REASONS[code] ?? (error as Error).message}`, 0, 0, '');
  }
}

export function loadPatchFlags(values: readonly string[] | undefined, talosVersion: string): ConfigPatch[] {
  return loadPatches(values ?? [], readFlagFile, talosVersion);
}
