// `talsim gen config <cluster> <endpoint>`: the files `talosctl gen config` writes
// (controlplane.yaml, worker.yaml, talosconfig) plus the secrets.yaml they were made from, from a
// seed instead of fresh randomness (default: drawn from the clock and printed, so a run can be
// repeated), or from your own secrets (`--with-secrets`). talosctl's flags: config patches for all
// machines, control planes or workers (applied in that order with Talos' merge rules),
// --kubernetes-version, --install-disk, --install-image, --additional-sans, --dns-domain,
// --output-types and -o (a directory, a file for one type, `-` for stdout). Checks the endpoint as
// talosctl does, with its texts. Leaves out the documentation comments and commented examples of
// talosctl's default output: what is written is always its `--with-docs=false
// --with-examples=false` form (a note says so when they are asked for), registry mirrors and KubeSpan.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { RandomTree } from '../kernel/random-tree.ts';
import {
  PkiError, generateConfig, generateSecretsBundle, secretsBundleFromYaml, secretsBundleToYaml, type SecretsBundle,
} from '../../nodes/pki/index.ts';
import { ConfigError, applyConfigPatchesEncoded, type ConfigPatch } from '../../nodes/config/index.ts';
import { DEFAULT_TALOS_VERSION } from '../scenario/load-cluster.ts';
import { writeSecretFile } from '../files/atomic-file.ts';
import { collect, collectList, loadPatchFlags } from './patch-flags.ts';

export interface GenConfigOptions {
  /** Kept from talsim's first version (and talosctl's hidden flag): always a directory. */
  outputDir?: string;
  /** talosctl's -o: a directory, or a file / `-` when one output type is asked for. */
  output?: string;
  outputTypes?: string[];
  talosVersion: string;
  seed?: string;
  force?: boolean;
  withSecrets?: string;
  kubernetesVersion?: string;
  installDisk?: string;
  installImage?: string;
  additionalSans?: string[];
  dnsDomain?: string;
  configPatch?: string[];
  configPatchControlPlane?: string[];
  configPatchWorker?: string[];
  withDocs?: boolean;
  withExamples?: boolean;
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

const OUTPUT_TYPES = ['controlplane', 'worker', 'talosconfig'] as const;
type OutputType = (typeof OUTPUT_TYPES)[number];
const FILE_OF: Record<OutputType, keyof GeneratedFiles> = { controlplane: 'controlplane.yaml', worker: 'worker.yaml', talosconfig: 'talosconfig' };

const parseBool = (value: string | undefined): boolean => value === undefined || !['false', '0', 'f', 'F', 'FALSE', 'False'].includes(value);

export function registerGenCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('gen')
    .description('generate Talos configuration files')
    .command('config')
    .description('generate controlplane.yaml, worker.yaml and talosconfig (and the secrets.yaml they come from), as talosctl gen config does')
    .argument('<cluster>', 'cluster name')
    .argument('<endpoint>', 'Kubernetes API endpoint, https://<host>:<port>')
    .option('-o, --output <path>', 'a directory; a file or "-" (stdout) when one output type is asked for')
    .option('--output-dir <dir>', 'where to write the files (a directory)')
    .option('-t, --output-types <types>', 'types of outputs: controlplane, worker, talosconfig', collectList)
    .option('--talos-version <version>', 'Talos version to generate config for', DEFAULT_TALOS_VERSION)
    .option('--kubernetes-version <version>', "Kubernetes version (default: the Talos release's default)")
    .option('--with-secrets <file>', 'use a secrets file (secrets.yaml from talsim or talosctl gen secrets)')
    .option('--install-disk <disk>', 'the disk to install to', '/dev/sda')
    .option('--install-image <image>', 'the installer image (default: ghcr.io/siderolabs/installer:<talos-version>)')
    .option('--additional-sans <sans>', 'additional Subject-Alt-Names for the API server certificate', collectList)
    .option('--dns-domain <domain>', 'the DNS domain of the cluster', 'cluster.local')
    .option('--config-patch <patch>', 'patch all machine configs (@file, file or inline; repeatable)', collect)
    .option('--config-patch-control-plane <patch>', 'patch control plane machine configs (repeatable)', collect)
    .option('--config-patch-worker <patch>', 'patch worker machine configs (repeatable)', collect)
    .option('--with-docs [bool]', 'documentation comments (not rendered: output is always the --with-docs=false form)', parseBool, true)
    .option('--with-examples [bool]', 'commented examples (not rendered: output is always the --with-examples=false form)', parseBool, true)
    .option('--seed <seed>', 'seed of the secrets (default: drawn from the clock, printed)')
    .option('--force', 'overwrite existing files')
    .action((cluster: string, endpoint: string, options: GenConfigOptions) => {
      setExitCode(genConfigCommand(cluster, endpoint, options));
    });
}

interface Destinations {
  /** Output type (or 'secrets') -> path, or '-' for stdout. */
  paths: Partial<Record<OutputType | 'secrets', string>>;
}

function destinations(options: GenConfigOptions, types: OutputType[]): Destinations | string {
  if (options.output !== undefined && options.outputDir !== undefined) return "can't use both output-dir and output";
  if (types.length > 1 && options.output === '-') return "can't use multiple output types with stdout";
  const single = types.length === 1 && options.output !== undefined;
  const directory = resolve(options.outputDir ?? options.output ?? '.');
  const paths: Destinations['paths'] = {};
  if (!single && options.withSecrets === undefined && types.length === OUTPUT_TYPES.length) paths.secrets = join(directory, 'secrets.yaml');
  for (const type of types) paths[type] = single ? (options.output === '-' ? '-' : resolve(options.output!)) : join(directory, FILE_OF[type]);
  return { paths };
}

function loadBundle(path: string): SecretsBundle {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PkiError('failed to load secrets bundle', `open ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`);
  }
  return secretsBundleFromYaml(text);
}

export function genConfigCommand(clusterName: string, endpoint: string, options: GenConfigOptions, output: CommandOutput = processOutput): number {
  const fail = (message: string) => {
    output.err(`error: ${message}\n`);
    return 1;
  };
  const endpointProblem = clusterEndpointProblem(endpoint);
  if (endpointProblem) return fail(endpointProblem);
  const types = (options.outputTypes ?? [...OUTPUT_TYPES]) as OutputType[];
  if (types.length === 0) return fail('at least one output type must be specified');
  const invalid = types.filter((type) => !OUTPUT_TYPES.includes(type));
  if (invalid.length > 0) return fail(invalid.map((type) => `invalid output type: "${type}"`).join('; '));
  const where = destinations(options, types);
  if (typeof where === 'string') return fail(where);
  const existing = Object.values(where.paths).find((path) => path !== '-' && existsSync(path!));
  if (existing && !options.force) return fail(`file "${existing}" already exists, use --force to overwrite`);

  let bundle: SecretsBundle | undefined;
  let seed = options.seed;
  try {
    if (options.withSecrets !== undefined) bundle = loadBundle(options.withSecrets);
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    return fail(`${error.operation}: ${error.detail}`.trimEnd());
  }
  // with `-o -` stdout carries the file, so what talsim says goes to stderr
  const say = Object.values(where.paths).includes('-') ? output.err : output.out;
  seed ??= Date.now().toString(36);
  say(`seed=${seed}\n`);
  if (options.withDocs !== false || options.withExamples !== false) {
    output.err('note: documentation comments and examples are not rendered; the files are the --with-docs=false --with-examples=false form\n');
  }
  let patches: { all: ConfigPatch[]; controlplane: ConfigPatch[]; worker: ConfigPatch[] };
  try {
    patches = {
      all: loadPatchFlags(options.configPatch, options.talosVersion),
      controlplane: loadPatchFlags(options.configPatchControlPlane, options.talosVersion),
      worker: loadPatchFlags(options.configPatchWorker, options.talosVersion),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(`error parsing config JSON patch: ${error.message}`);
  }
  let files: GeneratedFiles;
  try {
    if (bundle === undefined) say('generating PKI and tokens\n');
    files = generateConfigFiles({ ...options, clusterName, endpoint, seed, now: new Date(), bundle });
  } catch (error) {
    if (error instanceof PkiError) return fail(`invalid talos-version: ${error.detail}`);
    throw error;
  }
  const patched = patchGeneratedFiles(files, patches, options.talosVersion);
  if (typeof patched === 'string') return fail(`failed to generate config bundle: ${patched}`);
  for (const [type, path] of Object.entries(where.paths) as Array<[OutputType | 'secrets', string]>) {
    const content = type === 'secrets' ? patched['secrets.yaml'] : patched[FILE_OF[type]];
    if (path === '-') {
      output.out(content);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeSecretFile(path, content); // every one holds a key or a token
    output.err(`Created ${path}\n`);
  }
  return 0;
}

/** Talos' bundle patching: patches for all, then control-plane patches, then worker patches. */
export function patchGeneratedFiles(
  files: GeneratedFiles,
  patches: { all: ConfigPatch[]; controlplane: ConfigPatch[]; worker: ConfigPatch[] },
  talosVersion: string,
): GeneratedFiles | string {
  const steps: Array<[ConfigPatch[], Array<'controlplane.yaml' | 'worker.yaml'>, string]> = [
    [patches.all, ['controlplane.yaml', 'worker.yaml'], 'error patching configs'],
    [patches.controlplane, ['controlplane.yaml'], 'error patching control plane configs'],
    [patches.worker, ['worker.yaml'], 'error patching worker config'],
  ];
  const result = { ...files };
  for (const [list, targets, context] of steps) {
    if (list.length === 0) continue;
    for (const target of targets) {
      try {
        result[target] = applyConfigPatchesEncoded(result[target], list, talosVersion);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return `${context}: ${error.message}`;
      }
    }
  }
  return result;
}

export interface GenerateFilesRequest {
  clusterName: string;
  endpoint: string;
  talosVersion: string;
  seed: string;
  now: Date;
  /** Your cluster's secrets; default: drawn from the seed. */
  bundle?: SecretsBundle;
  kubernetesVersion?: string;
  installDisk?: string;
  installImage?: string;
  additionalSans?: string[];
  dnsDomain?: string;
}

/** The four files for a cluster, deterministic in (seed, now) or (bundle, seed, now). */
export function generateConfigFiles(request: GenerateFilesRequest): GeneratedFiles {
  const random = new RandomTree(request.seed);
  const bundle = request.bundle ?? generateSecretsBundle(random.stream('secrets'), request.now);
  const generated = generateConfig({
    bundle,
    clusterName: request.clusterName,
    endpoint: request.endpoint,
    talosVersion: request.talosVersion,
    kubernetesVersion: request.kubernetesVersion,
    installDisk: request.installDisk,
    installImage: request.installImage,
    additionalSans: request.additionalSans,
    dnsDomain: request.dnsDomain,
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
