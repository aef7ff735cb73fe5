// `talsim up` from your own files: your secrets.yaml (so the talosconfig you already have works),
// machine configs per role or per node (`--config-dir DIR`: DIR/<node>.yaml, else
// DIR/controlplane.yaml / DIR/worker.yaml, and DIR/secrets.yaml when no --with-secrets;
// `--config NODE=FILE` wins over both), talosctl-style patches for all nodes or per role, and
// `--talosconfig-out` merging the cluster's context into a talosconfig as `talosctl config merge`
// does. Every file is read and checked before anything starts; a problem names the option and file.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClusterPlan, NodePlan } from '../scenario/plan.ts';
import { ConfigError, loadPatches, parseConfig } from '../../nodes/config/index.ts';
import { PkiError, mergeTalosconfig, secretsBundleFromYaml } from '../../nodes/pki/index.ts';
import { writeSecretFile } from '../files/atomic-file.ts';
import { firstConfigMetadata, unservableConfigMessage } from '../../nodes/served-config-size.ts';
import { LiveOptionError } from './live-errors.ts';

export interface YourFiles {
  withSecrets?: string;
  configDir?: string;
  /** `NODE=FILE` values. */
  configs?: string[];
  configPatch?: string[];
  configPatchControlPlane?: string[];
  configPatchWorker?: string[];
}

function readOptionFile(option: string, path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LiveOptionError(option, what, `${JSON.stringify(path)} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (error as Error).message})`);
  }
}

function checkedSecrets(option: string, path: string): { path: string; text: string } {
  const text = readOptionFile(option, path, 'a secrets.yaml file');
  try {
    secretsBundleFromYaml(text);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    const detail = error.detail.replace(/^\d+ errors? occurred:\n/, '').trim().replaceAll('\n\t* ', '; ').replace(/^\* /, '');
    throw new LiveOptionError(option, 'a secrets bundle (secrets.yaml from talsim gen config or talosctl gen secrets)', `${JSON.stringify(path)}: ${detail}`);
  }
  return { path: resolve(path), text };
}

function checkedConfig(option: string, path: string, talosVersion: string): { path: string; text: string } {
  const text = readOptionFile(option, path, 'a machine config file');
  try {
    parseConfig(text, { talosVersion });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const where = error.line > 0 ? ` line ${error.line}` : '';
    throw new LiveOptionError(option, 'a machine config Talos loads', `${JSON.stringify(path)}${where}: ${error.message}`);
  }
  const refusal = unservableConfigMessage(text, firstConfigMetadata(0));
  if (refusal !== undefined) throw new LiveOptionError(option, 'a machine config small enough to be read back from the node', `${JSON.stringify(path)}: ${refusal}`);
  return { path: resolve(path), text };
}

function configAssignments(values: readonly string[], plan: ClusterPlan): Map<string, string> {
  const assigned = new Map<string, string>();
  for (const value of values) {
    const [node, file] = [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)];
    if (!value.includes('=') || node === '' || file === '') throw new LiveOptionError('--config', 'NODE=FILE', JSON.stringify(value));
    if (!plan.nodes.some((candidate) => candidate.name === node)) {
      throw new LiveOptionError('--config', `a node of the cluster (${plan.nodes.map((candidate) => candidate.name).join(', ')})`, JSON.stringify(node));
    }
    assigned.set(node, file);
  }
  return assigned;
}

/** Patch texts as the plan keeps them, each checked by loading it as talosctl would. */
function patchTexts(option: string, values: readonly string[] | undefined, talosVersion: string): string[] {
  const texts: string[] = [];
  for (const value of values ?? []) {
    const reader = (path: string) => {
      const text = readOptionFile(option, path, 'a patch file');
      texts.push(text);
      return text;
    };
    const before = texts.length;
    try {
      loadPatches([value], reader, talosVersion);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new LiveOptionError(option, 'a config patch (strategic merge or RFC 6902 JSON patch)', `${JSON.stringify(value.slice(0, 60))}: ${error.message}`);
    }
    if (texts.length === before) texts.push(value);
  }
  return texts;
}

/** The plan with your secrets, configs and patches in it (a new object; the input is left alone). */
export function withYourFiles(plan: ClusterPlan, files: YourFiles): ClusterPlan {
  const result = structuredClone(plan);
  const version = plan.talosVersion;
  const dirSecrets = files.configDir !== undefined ? join(files.configDir, 'secrets.yaml') : undefined;
  if (files.withSecrets !== undefined) result.secrets = checkedSecrets('--with-secrets', files.withSecrets);
  else if (dirSecrets !== undefined && existsSync(dirSecrets)) result.secrets = checkedSecrets('--config-dir', dirSecrets);
  const assigned = configAssignments(files.configs ?? [], plan);
  const patches = {
    all: patchTexts('--config-patch', files.configPatch, version),
    controlplane: patchTexts('--config-patch-control-plane', files.configPatchControlPlane, version),
    worker: patchTexts('--config-patch-worker', files.configPatchWorker, version),
  };
  result.nodes = result.nodes.map((node): NodePlan => {
    const fromFlag = assigned.get(node.name);
    const candidates = files.configDir === undefined ? [] : [join(files.configDir, `${node.name}.yaml`), join(files.configDir, `${node.role}.yaml`)];
    const fromDir = candidates.find((path) => existsSync(path));
    const file = fromFlag !== undefined ? checkedConfig('--config', fromFlag, version) : fromDir !== undefined ? checkedConfig('--config-dir', fromDir, version) : undefined;
    const config = file ? { source: 'file' as const, path: file.path, text: file.text, patches: [...node.config.patches] } : node.config;
    return { ...node, config: { ...config, patches: [...config.patches, ...patches.all, ...patches[node.role]] } };
  });
  if (files.configDir !== undefined && !result.nodes.some((node) => node.config.source === 'file')) {
    throw new LiveOptionError('--config-dir', 'a directory with controlplane.yaml, worker.yaml or <node>.yaml', JSON.stringify(files.configDir));
  }
  return result;
}

/** `--talosconfig-out`: the cluster's context merged into `path` (created when missing); returns talosctl's rename lines. */
export function mergeTalosconfigOut(path: string, talosconfig: string): string[] {
  const existing = existsSync(path) ? readOptionFile('--talosconfig-out', path, 'a talosconfig file') : '';
  let merged;
  try {
    merged = mergeTalosconfig(existing, talosconfig);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    throw new LiveOptionError('--talosconfig-out', 'a talosconfig file to merge into', `${JSON.stringify(path)}: ${error.detail}`);
  }
  writeSecretFile(resolve(path), merged.text);
  return merged.renames.map((rename) => `renamed talosconfig context "${rename.from}" -> "${rename.to}"`);
}
