// MachineService Read and List over the node's immutable filesystem. Directories are implied by
// the files' paths; List walks them as Talos's archiver does (root first, names in lexical order,
// recursion depth counted in path separators, type filters that hide entries without stopping the
// walk). Leaves out symlinks, xattrs, uid/gid other than root, and Copy/DiskUsage.
import { goError, TalosApiError } from '../api-error.ts';
import type { StreamHandler } from './api-contract.ts';
import type { VirtualNode } from '../node.ts';
import { nodeWallMs } from './handler-support.ts';

/** Go's os.ModeDir bit in a FileMode. */
const GO_MODE_DIR = 0x80000000;
const DIRECTORY_PERMISSIONS = 0o755;
const CHUNK_BYTES = 4_096;

interface TreeEntry {
  path: string;
  isDir: boolean;
  size: number;
  mode: number;
  modifiedMs: number;
}

/** Every file and every directory its path implies. */
function fileTree(node: VirtualNode): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  const directory = (path: string) => tree.set(path, { path, isDir: true, size: 4096, mode: GO_MODE_DIR | DIRECTORY_PERMISSIONS, modifiedMs: node.bootStartedMs });
  directory('/');
  for (const path of node.fs.paths()) {
    const file = node.fs.read(path);
    if (!file) continue;
    tree.set(path, { path, isDir: false, size: Buffer.byteLength(file.content), mode: file.mode, modifiedMs: file.modifiedMs });
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      if (!tree.has(path.slice(0, cut))) directory(path.slice(0, cut));
    }
  }
  return tree;
}

function childrenOf(tree: Map<string, TreeEntry>, directory: string): TreeEntry[] {
  const prefix = directory === '/' ? '/' : `${directory}/`;
  return [...tree.values()]
    .filter((entry) => entry.path !== '/' && entry.path.startsWith(prefix) && !entry.path.slice(prefix.length).includes('/'))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

const separators = (path: string) => path.split('/').length - 1;

interface ListRequest {
  root: string;
  recurse: boolean;
  recursion_depth: number;
  types: string[];
}

function normalizeRoot(root: string): string {
  const absolute = root.startsWith('/') ? root : `/${root}`;
  return absolute.replace(/\/+$/, '') || '/';
}

function relativeName(root: string, entry: TreeEntry, rootEntry: TreeEntry): string {
  if (entry === rootEntry) return rootEntry.isDir ? '.' : root.slice(root.lastIndexOf('/') + 1);
  return entry.path.slice(root === '/' ? 1 : root.length + 1);
}

const list: StreamHandler = async (request: ListRequest, { node }, send) => {
  const root = normalizeRoot(request.root);
  const tree = fileTree(node);
  const rootEntry = tree.get(root);
  if (!rootEntry) throw goError(`lstat ${root}: no such file or directory`);
  const maxDepth = request.recurse ? (request.recursion_depth === 0 ? -1 : request.recursion_depth) : 0;
  const matches = (entry: TreeEntry) =>
    request.types.length === 0 || request.types.some((type) => (type === 'DIRECTORY' ? entry.isDir : type === 'REGULAR' ? !entry.isDir : false));
  const walk = (entry: TreeEntry): void => {
    if (!matches(entry)) {
      if (entry.isDir) childrenOf(tree, entry.path).forEach(walk);
      return;
    }
    send({
      name: entry.path,
      relative_name: relativeName(root, entry, rootEntry),
      size: String(entry.size),
      mode: entry.mode,
      modified: String(Math.floor(nodeWallMs(node, entry.modifiedMs) / 1000)),
      is_dir: entry.isDir,
      uid: 0,
      gid: 0,
    });
    const atMaxDepth = maxDepth >= 0 && entry !== rootEntry && separators(entry.path) - separators(root) >= maxDepth;
    if (entry.isDir && !atMaxDepth) childrenOf(tree, entry.path).forEach(walk);
  };
  walk(rootEntry);
};

const read: StreamHandler = async (request: { path: string }, { node }, send) => {
  const file = node.fs.read(request.path);
  if (!file) {
    if (fileTree(node).get(request.path)?.isDir) throw goError('path must be a regular file');
    throw new TalosApiError('NotFound', `stat ${request.path}: no such file or directory`);
  }
  const bytes = Buffer.from(file.content);
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) send({ bytes: bytes.subarray(offset, offset + CHUNK_BYTES) });
};

export const fileHandlers: Record<string, StreamHandler> = { List: list, Read: read };
