// `talsim lint` as a user runs it: Talos's errors and talsim's "no effect" warnings with file:line:col.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('talsim lint', () => {
  it('reports a wrong version, a missing NIC and a worker control-plane section as warnings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-lint-'));
    const file = join(dir, 'worker.yaml');
    writeFileSync(
      file,
      [
        'version: v1alpha2',
        'machine:',
        '  type: worker',
        '  token: abcdef.0123456789abcdef',
        '  ca: { crt: LS0tLS1CRUdJTg== }',
        '  install: { disk: /dev/sda }',
        '  network:',
        '    interfaces:',
        '      - interface: eth1',
        '        addresses: [10.5.0.50/24]',
        'cluster:',
        '  controlPlane: { endpoint: "https://10.5.0.2:6443" }',
        '  apiServer:',
        '    extraArgs: { foo: bar }',
        '',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['bin/talsim.js', 'lint', file, '--hardware', 'default'], { encoding: 'utf8' });
    expect(run.stdout).toContain(`${file}:1:1: warning: version:`);
    expect(run.stdout).toContain(`${file}:9:9: warning: machine.network.interfaces[0].interface: interface "eth1" matches no network link`);
    expect(run.stdout).toContain(`${file}:13:3: warning: cluster.apiServer: has no effect on a worker node`);
    expect(run.status).toBe(0);
    const withoutFlag = spawnSync(process.execPath, ['bin/talsim.js', 'lint', file], { encoding: 'utf8' });
    expect(withoutFlag.stdout).toContain('interface "eth1" matches no network link');
    const none = spawnSync(process.execPath, ['bin/talsim.js', 'lint', file, '--hardware', 'none'], { encoding: 'utf8' });
    expect(none.stdout.split('\n')[0]).toBe('no hardware profile (--hardware none): interface and disk names are not checked');
    expect(none.stdout).not.toContain('matches no network link');
  });

  it('a config Talos rejects exits 1 with Talos\'s text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-lint-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: v1alpha1\nmachine:\n  type: worker\n  tokn: x\n');
    const run = spawnSync(process.execPath, ['bin/talsim.js', 'lint', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^checking against hardware profile default \(links eth0.*; --hardware picks another\)$/);
    expect(run.stdout).toContain('unknown keys found during decoding');
  });

  it('--running: a machine.install change against the running config is accepted but not yet in effect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talsim-lint-'));
    const config = (kernelArgs: string) => [
      'version: v1alpha1',
      'machine:',
      '  type: worker',
      '  token: abcdef.0123456789abcdef',
      '  ca: { crt: LS0tLS1CRUdJTg== }',
      `  install: { disk: /dev/sda, extraKernelArgs: [${kernelArgs}] }`,
      'cluster:',
      '  controlPlane: { endpoint: "https://10.5.0.2:6443" }',
      '',
    ].join('\n');
    const running = join(dir, 'running.yaml');
    const next = join(dir, 'next.yaml');
    writeFileSync(running, config('console=ttyS0'));
    writeFileSync(next, config('console=ttyS0, net.ifnames=0'));
    const run = spawnSync(process.execPath, ['bin/talsim.js', 'lint', next, '--running', running, '--hardware', 'none'], { encoding: 'utf8' });
    expect(run.stdout).toContain(`${next}: warning: machine.install.extraKernelArgs: accepted but not yet in effect: the installer applies it at the next upgrade`);
    expect(run.stdout).toContain('0 error(s), 1 warning(s)');
    expect(run.status).toBe(0);
    const same = spawnSync(process.execPath, ['bin/talsim.js', 'lint', running, '--running', running, '--hardware', 'none'], { encoding: 'utf8' });
    expect(same.stdout).not.toContain('not yet in effect');
    const plain = spawnSync(process.execPath, ['bin/talsim.js', 'lint', next, '--hardware', 'none'], { encoding: 'utf8' });
    expect(plain.stdout).not.toContain('not yet in effect');
  });
});
