// talsim as an npm user gets it: `npm pack` (which builds dist/ through `prepare`), a global
// install of the tarball into a fresh prefix (dependencies from the npm cache `npm ci` filled),
// then `talsim --help` and `talsim up --no-ui` from a directory outside the repository, until the
// cluster is ready. Shows the `files` list ships everything the compiled CLI reads at run time,
// and that `talsim run` and `talsim up` run from the CommonJS bundle with the code cache the build
// trained (V8 accepts it in the installed copy) and, in a real terminal (tmux, when installed), opens its UI
// with ink, an ES module the bundle cannot require() (sim/ui/load-ink.ts).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPOSITORY = resolve('.');

describe('the packed package', () => {
  it('installs globally and `talsim up` reaches ready from another directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-pack-'));
    const env = { ...process.env, TALSIM_FROM_SOURCE: undefined, npm_config_loglevel: 'error' };
    execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: REPOSITORY, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const tarball = readdirSync(dir).find((name) => name.startsWith('talsim-') && name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(dir, 'prefix');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball!)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const installed = join(prefix, 'lib', 'node_modules', 'talsim');
    expect(existsSync(join(installed, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'cli', 'main.cjs.cache'))).toBe(true);
    expect(existsSync(join(installed, 'sim'))).toBe(false);
    const talsim = join(prefix, 'bin', 'talsim');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);

    expect(execFileSync(talsim, ['--help'], { cwd: elsewhere, env, encoding: 'utf8' })).toContain('Usage: talsim');
    // `run` starts from the bundle too, and V8 takes the cache although bin/talsim.js changes a V8 flag while talsim starts.
    const run = spawnSync(talsim, ['run', join(installed, 'scenarios', 'boot-healthy.yaml'), '--quiet'], { cwd: elsewhere, env: { ...env, TALSIM_REPORT_CODE_CACHE: '1' }, encoding: 'utf8' });
    expect(run.stdout, run.stderr).toContain('PASS boot-healthy');
    expect(run.stderr).toContain('talsim: code cache accepted');

    const child = spawn(talsim, ['up', '--no-ui', '--seed', '1', '--base-address', '127.0.45.2'], { cwd: elsewhere, env: { ...env, TALSIM_REPORT_CODE_CACHE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const ready = await new Promise<boolean>((done) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Ctrl-C stops the cluster.')) done(true);
      });
      child.on('exit', () => done(false));
    });
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGINT');
    await exited;
    expect(ready, output).toBe(true);
    expect(output).toContain('talsim: code cache accepted');
    expect(existsSync(join(elsewhere, '.talsim', 'talosconfig'))).toBe(true);

    if (spawnSync('tmux', ['-V']).error !== undefined) return console.warn('packaged-install: tmux is not installed; the UI check is skipped');
    const session = `talsim-pack-ui-${process.pid}`;
    const command = `cd ${elsewhere} && env -u TALSIM_FROM_SOURCE ${talsim} up --seed 1 --base-address 127.0.46.2 --state-dir ${join(dir, 'ui-state')}; echo "exit=$?"; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '100', '-y', '30', command]);
    const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    const waitFor = async (text: string) => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((done) => setTimeout(done, 200))) if (screen().includes(text)) return true;
      return false;
    };
    try {
      expect(await waitFor('Nodes(all)[3]'), screen()).toBe(true);
      execFileSync('tmux', ['send-keys', '-t', session, 'q']);
      expect(await waitFor('exit=0'), screen()).toBe(true);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }, 240_000);
});
