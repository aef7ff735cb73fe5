// `talsim gen config <cluster> <endpoint>`: the files `talosctl gen config` writes
// (controlplane.yaml, worker.yaml, talosconfig) plus the secrets.yaml they were made from, from a
// seed instead of fresh randomness (default: drawn from the clock and printed, so a run can be
// repeated). Checks the endpoint as talosctl does, with its texts. Leaves out config patches,
// output types, stdout output and the documentation comments of talosctl's default output.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { RandomTree } from '../kernel/random-tree.ts';
import { PkiError, generateConfig, generateSecretsBundle, secretsBundleToYaml } from '../../nodes/pki/index.ts';
import { DEFAULT_TALOS_VERSION } from '../scenario/load-cluster.ts';
import { writeOwnerOnly } from '../live/state-dir.ts';

export interface GenConfigOptions {
  outputDir: string;
  talosVersion: string;
  seed?: string;
  force?: boolean;
}

export interface GeneratedFiles {
  'secrets.yaml': string;
  'controlplane.yaml': string;
  'worker.yaml': string;
  talosconfig: string;
}

/** Where the command writes: stdout and stderr of the process, or a test's buffers. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CommandOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

/** Port of the Kubernetes API server, which talosctl suggests when the endpoint has none. */
const KUBERNETES_API_PORT = 6443;

export function registerGenCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('gen')
    .description('generate Talos configuration files')
    .command('config')
    .description('generate secrets.yaml, controlplane.yaml, worker.yaml and talosconfig, as talosctl gen config does')
    .argument('<cluster>', 'cluster name')
    .argument('<endpoint>', 'Kubernetes API endpoint, https://<host>:<port>')
    .option('--output-dir <dir>', 'where to write the files', '.')
    .option('--talos-version <version>', 'Talos version to generate config for', DEFAULT_TALOS_VERSION)
    .option('--seed <seed>', 'seed of the secrets (default: drawn from the clock, printed)')
    .option('--force', 'overwrite existing files')
    .action((cluster: string, endpoint: string, options: GenConfigOptions) => {
      setExitCode(genConfigCommand(cluster, endpoint, options));
    });
}

export function genConfigCommand(clusterName: string, endpoint: string, options: GenConfigOptions, output: CommandOutput = processOutput): number {
  const endpointProblem = clusterEndpointProblem(endpoint);
  if (endpointProblem) {
    output.err(`error: ${endpointProblem}\n`);
    return 1;
  }
  const seed = options.seed ?? Date.now().toString(36);
  output.out(`seed=${seed}\n`);
  const paths = Object.fromEntries(['secrets.yaml', 'controlplane.yaml', 'worker.yaml', 'talosconfig'].map((name) => [name, resolve(join(options.outputDir, name))]));
  const existing = Object.values(paths).find((path) => existsSync(path));
  if (existing && !options.force) {
    output.err(`error: file "${existing}" already exists, use --force to overwrite\n`);
    return 1;
  }
  let files: GeneratedFiles;
  try {
    output.out('generating PKI and tokens\n');
    files = generateConfigFiles({ clusterName, endpoint, talosVersion: options.talosVersion, seed, now: new Date() });
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    output.err(`error: invalid talos-version: ${error.detail}\n`);
    return 1;
  }
  mkdirSync(resolve(options.outputDir), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeOwnerOnly(paths[name]!, content); // every one holds a key or a token
    output.err(`Created ${paths[name]}\n`);
  }
  return 0;
}

/** The four files for a cluster, deterministic in (seed, now). */
export function generateConfigFiles(request: { clusterName: string; endpoint: string; talosVersion: string; seed: string; now: Date }): GeneratedFiles {
  const random = new RandomTree(request.seed);
  const bundle = generateSecretsBundle(random.stream('secrets'), request.now);
  const generated = generateConfig({
    bundle,
    clusterName: request.clusterName,
    endpoint: request.endpoint,
    talosVersion: request.talosVersion,
    stream: random.stream('talosconfig'),
    now: request.now,
  });
  return { 'secrets.yaml': secretsBundleToYaml(bundle), 'controlplane.yaml': generated.controlplane, 'worker.yaml': generated.worker, talosconfig: generated.talosconfig };
}

/** talosctl's check of the cluster endpoint: an https URL with a port; the message suggests the fix. */
export function clusterEndpointProblem(endpoint: string): string | undefined {
  const match = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:]+|\[[^\]]+\])(?::(\d+))?(\/.*)?$/.exec(endpoint);
  if (!match) return `failed to parse the cluster endpoint URL: parse "${endpoint}": invalid URI for request`;
  const [, scheme, host, port] = match;
  const suggestion = `"https://${host}:${port ?? KUBERNETES_API_PORT}"`;
  if (!scheme) return port ? `no scheme specified for the cluster endpoint URL\ntry: ${suggestion}` : `no scheme and port specified for the cluster endpoint URL\ntry: ${suggestion}`;
  if (scheme !== 'https') return `the control plane endpoint URL should have scheme https://\ntry: ${suggestion}`;
  return undefined;
}
