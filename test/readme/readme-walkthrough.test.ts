// The README, walked through as a new user would: every command of its ```sh blocks, in order, run
// by bash in a temporary copy of the checkout (tracked and new files; node_modules linked from the
// checkout under test, where CI's `npm ci` put them). The first long-running command (`npm start`,
// `talsim up`) starts the live cluster in the background and the later commands (the live control
// verbs) run against it; the cluster stops at the end. Commands are read from README.md itself, so
// a section another change adds is walked too, and the README cannot drift from what works.
//
// Plain blocks are transcripts: their `$ ` lines are run too (output lines are not compared).
// What is not run is printed with its reason: commands of tools not installed (talosctl; kubectl
// is taken from PATH, else the one the Kubernetes tests extract from an npm package), commands listed in SKIPPED below (npm test would run this test again),
// blocks marked `<!-- walkthrough: skip REASON -->`, and later long-running commands (one cluster
// per walkthrough), and commands reading a file a skipped command would have written
// (`talosctl ... > node.yaml`). Marked blocks may also say `<!-- walkthrough: seeds 1..3 -->`: their `--seeds`
// lists are shortened so the walk stays fast (printed too). A command must exit 0 unless its
// comment says `# exits N`.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { kubectlBinary } from '../kube/kubectl-binary.ts';
import { BANNER_END } from '../live/talsim-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const COMMAND_TIMEOUT_MS = 120_000;

/** One command of the README, with where it came from and what the README says about it. */
export interface ReadmeCommand {
  line: number;
  text: string;
  /** `# exits N` in its comment; 0 otherwise. */
  exitCode: number;
  /** Why it is not run, from a block marker. */
  skip?: string;
  /** `<!-- walkthrough: seeds A..B -->` on its block. */
  seeds?: string;
}

/**
 * The commands of every ```sh / ```bash block and the `$ ` lines of plain transcript blocks, in
 * order; `\` continuations joined, comments kept apart.
 */
export function readmeCommands(markdown: string): ReadmeCommand[] {
  const lines = markdown.split('\n');
  const commands: ReadmeCommand[] = [];
  let marker: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const markerMatch = /^<!--\s*walkthrough:\s*(.*?)\s*-->\s*$/.exec(line);
    if (markerMatch) {
      marker = markerMatch[1];
      continue;
    }
    const fence = /^```(\S*)/.exec(line);
    if (!fence) {
      if (line.trim() !== '') marker = undefined;
      continue;
    }
    const shell = fence[1] === 'sh' || fence[1] === 'bash' || fence[1] === 'shell';
    // A transcript (a plain block whose commands start with `$ `, followed by their output).
    const transcript = fence[1] === '' || fence[1] === 'console' || fence[1] === 'text';
    const blockMarker = marker;
    marker = undefined;
    let end = index + 1;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    if (shell || transcript) {
      for (let at = index + 1; at < end; at++) {
        const first = at;
        if (transcript && !lines[at]!.startsWith('$ ')) continue;
        let text = transcript ? lines[at]!.slice(2) : lines[at]!;
        while (text.endsWith('\\') && at + 1 < end) text = `${text.slice(0, -1)} ${lines[++at]!.trim()}`;
        const { command, comment } = splitComment(text);
        if (command === '') continue;
        const exits = /\bexits (\d+)\b/.exec(comment);
        const skip = blockMarker?.startsWith('skip') ? blockMarker.slice(4).trim() || 'marked skip' : undefined;
        const seeds = /^seeds (\S+)$/.exec(blockMarker ?? '')?.[1];
        commands.push({ line: first + 1, text: command, exitCode: exits ? Number(exits[1]) : 0, ...(skip ? { skip } : {}), ...(seeds ? { seeds } : {}) });
      }
    }
    index = end;
  }
  return commands;
}

/** A shell line's command and its trailing `# comment` (a `#` outside quotes, after a space). */
function splitComment(text: string): { command: string; comment: string } {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
      return { command: text.slice(0, index).trim(), comment: text.slice(index + 1).trim() };
    }
  }
  return { command: text.trim(), comment: '' };
}

/** Commands never run here, and why. */
const SKIPPED: Array<{ pattern: RegExp; reason: string }> = [
  { pattern: /^npm test\b/, reason: 'npm test runs this walkthrough: it would start itself again' },
  { pattern: /^npm run bench\b/, reason: 'benchmarks take minutes; CI runs `npm run bench -- --smoke` after npm test' },
  { pattern: /^npm run fuzz\b/, reason: 'the full fuzz run takes minutes; npm test runs 300 cases per target' },
  { pattern: /^npm run crash-trials\b/, reason: 'the crash trials take minutes; npm test runs test/live/resume-after-kill.test.ts' },
  { pattern: /^SOAK_SECONDS=/, reason: 'the long soak takes minutes; npm test runs it for 8 s' },
  { pattern: /^npm (ci|install)\b/, reason: 'node_modules are linked from the checkout under test, where CI ran npm ci' },
  { pattern: /^npm run build\b/, reason: 'npm ci builds dist/ in CI; the walkthrough runs the sources' },
];

const LONG_RUNNING = /^(npm start|(npx )?talsim (up|learn)|node bin\/talsim\.js (up|learn))\b/;

function onPath(tool: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore', env }).status === 0;
}

/** The directory of the kubectl the Kubernetes tests extract from an npm package, when it can be had. */
function extractedKubectlDir(): string | undefined {
  try {
    return dirname(kubectlBinary('v35'));
  } catch {
    return undefined;
  }
}

/**
 * Tracked and new (not ignored) files of the checkout, copied with their times; node_modules
 * linked; dist/ (the build npm ci made) copied too, so talsim starts as fast as after npm ci
 * (bin/talsim.js runs the sources instead when a source is newer than the build).
 */
function copyCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'talsim-readme-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = join(ROOT, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    cpSync(from, join(dir, file), { preserveTimestamps: true });
  }
  if (existsSync(join(ROOT, 'dist'))) cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('README walkthrough', () => {
  const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  let cluster: ChildProcess | undefined;

  afterAll(() => {
    if (cluster?.pid !== undefined && cluster.exitCode === null) process.kill(-cluster.pid, 'SIGTERM');
  });

  it('reads the README\'s shell blocks', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.some((command) => LONG_RUNNING.test(command.text.split(' && ').at(-1)!))).toBe(true);
  });

  it('runs every README command in order from a temporary copy of the checkout', async () => {
    const dir = copyCheckout();
    // npx must find talsim in the copy, never fetch a package of that name.
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' };
    delete env.TALSIM_FROM_SOURCE; // as a user runs it: the build when it is current
    const kubectlDir = onPath('kubectl', env) ? undefined : extractedKubectlDir();
    if (kubectlDir) env.PATH = `${kubectlDir}:${env.PATH ?? ''}`;
    const exports: string[] = [];
    const report: string[] = [];
    const failures: string[] = [];
    /** Files a skipped command would have written (`> node.yaml`): a later command reading one is skipped too. */
    const unwritten = new Map<string, string>();
    const skipped = (where: string, text: string, reason: string) => {
      report.push(`skipped  ${where}  (${reason})`);
      const output = /(?:^|\s)>\s*(\S+)/.exec(text)?.[1];
      if (output) unwritten.set(output, text.split(' ')[0]!);
      // `talosctl kubeconfig DIR` writes DIR/kubeconfig.
      const kubeconfigDir = /^talosctl\b.*\skubeconfig\s+([^-\s]\S*)/.exec(text)?.[1];
      if (kubeconfigDir) unwritten.set(`${kubeconfigDir.replace(/\/$/, '')}/kubeconfig`, 'talosctl');
    };
    for (const command of commands) {
      for (const part of command.text.split(' && ')) {
        const text = command.seeds ? part.replace(/--seeds \S+/g, `--seeds ${command.seeds}`) : part;
        const where = `README.md:${command.line}: ${text}`;
        const tool = /^(talosctl|kubectl)\b/.exec(text)?.[1];
        const rule = SKIPPED.find((candidate) => candidate.pattern.test(text));
        const needs = [...unwritten.keys()].find((file) => text.split(/[\s=]+/).includes(file));
        if (command.skip) skipped(where, text, command.skip);
        else if (tool && !onPath(tool, env)) skipped(where, text, `needs ${tool}, not installed here`);
        else if (rule) skipped(where, text, rule.reason);
        else if (needs) skipped(where, text, `reads ${needs}, which the skipped ${unwritten.get(needs)} line above writes`);
        else if (/^export \w+=/.test(text)) {
          exports.push(text);
          report.push(`exported ${where}`);
        } else if (LONG_RUNNING.test(text)) {
          if (cluster) {
            report.push(`skipped  ${where}  (a cluster already runs: one per walkthrough)`);
            continue;
          }
          cluster = spawn('bash', ['-c', `exec ${text}`], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          cluster.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
          cluster.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
          const deadline = performance.now() + COMMAND_TIMEOUT_MS;
          while (!BANNER_END.test(output) && cluster.exitCode === null && performance.now() < deadline) await new Promise((done) => setTimeout(done, 100));
          if (!BANNER_END.test(output)) failures.push(`${where}: the cluster did not come up (exit ${cluster.exitCode}):\n${output.slice(-2000)}`);
          report.push(`started  ${where}  (in the background; stopped at the end)`);
        } else {
          const started = performance.now();
          const run = spawnSync('bash', ['-c', [...exports, text].join('\n')], { cwd: dir, env, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const note = text !== part ? ` (README's --seeds shortened to ${command.seeds} by its walkthrough marker)` : '';
          report.push(`exit ${run.status ?? run.signal} ${where}  [${seconds} s]${note}`);
          if (run.status !== command.exitCode) failures.push(`${where}: expected exit ${command.exitCode}, got ${run.status ?? run.signal}\nstdout:\n${run.stdout.slice(-1500)}\nstderr:\n${run.stderr.slice(-1500)}`);
        }
      }
    }
    process.stdout.write(`README walkthrough in ${dir}:\n${report.map((line) => `  ${line}`).join('\n')}\n`);
    expect(failures).toEqual([]);
  }, 600_000);
});
