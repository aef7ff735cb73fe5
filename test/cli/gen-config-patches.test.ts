// `talsim gen config` with talosctl's flags and `talsim machineconfig patch`: patches for all
// machines then per role, --with-secrets reusing a cluster's PKI, --kubernetes-version,
// --install-disk, --additional-sans, --output-types with -o (file, stdout), and bad patches
// refused with Talos' texts before anything is written.
import { mkdtempSync, readFileSync, existsSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { genConfigCommand, type GenConfigOptions } from '../../sim/cli/gen-config-command.ts';
import { machineconfigPatchCommand } from '../../sim/cli/machineconfig-command.ts';
import { readTalosconfig, secretsBundleFromYaml } from '../../nodes/pki/index.ts';
import { parseConfig } from '../../nodes/config/index.ts';

const ENDPOINT = 'https://10.9.0.1:6443';

function run(options: Partial<GenConfigOptions>) {
  const output = { out: '', err: '' };
  const code = genConfigCommand('demo', ENDPOINT, { talosVersion: 'v1.13.0', seed: 'p1', ...options }, {
    out: (text) => (output.out += text),
    err: (text) => (output.err += text),
  });
  return { code, ...output };
}

const scratch = () => mkdtempSync(join(tmpdir(), 'talsim-patch-'));
const machine = (text: string) => parseConfig(text).config!;

describe('gen config with talosctl flags', () => {
  it('applies --config-patch to both files, then the per-role patches', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'all.yaml'), 'machine:\n  kubelet:\n    extraArgs:\n      rotate-server-certificates: "true"\n');
    const result = run({
      outputDir: dir,
      configPatch: [`@${join(dir, 'all.yaml')}`],
      configPatchControlPlane: ['{"cluster": {"allowSchedulingOnControlPlanes": true}}'],
      configPatchWorker: ['machine:\n  nodeLabels:\n    pool: blue\n'],
      kubernetesVersion: 'v1.33.2',
      installDisk: '/dev/nvme0n1',
      additionalSans: ['api.example.com', '10.9.0.10'],
    });
    expect(result.code).toBe(0);
    const cp = machine(readFileSync(join(dir, 'controlplane.yaml'), 'utf8'));
    const worker = machine(readFileSync(join(dir, 'worker.yaml'), 'utf8'));
    for (const config of [cp, worker]) {
      expect(config.machine?.kubelet?.extraArgs).toEqual({ 'rotate-server-certificates': 'true' });
      expect(config.machine?.kubelet?.image).toBe('ghcr.io/siderolabs/kubelet:v1.33.2');
      expect(config.machine?.install?.disk).toBe('/dev/nvme0n1');
      expect(config.machine?.certSANs).toEqual(['api.example.com', '10.9.0.10']);
    }
    expect(cp.cluster?.allowSchedulingOnControlPlanes).toBe(true);
    expect(worker.cluster?.allowSchedulingOnControlPlanes).toBeUndefined();
    expect(worker.machine?.nodeLabels).toEqual({ pool: 'blue' });
    expect(cp.machine?.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': '' });
    expect(cp.cluster?.apiServer?.certSANs).toEqual(['api.example.com', '10.9.0.10']);
    expect(statSync(join(dir, 'controlplane.yaml')).mode & 0o777).toBe(0o600);
  });

  it('deletes with $patch: delete in a generated config', () => {
    const dir = scratch();
    expect(run({ outputDir: dir, configPatchControlPlane: ['machine:\n  nodeLabels:\n    $patch: delete\n'] }).code).toBe(0);
    expect(readFileSync(join(dir, 'controlplane.yaml'), 'utf8')).not.toContain('nodeLabels');
  });

  it('refuses a JSON patch on v1.12+ configs (they carry a HostnameConfig document) and writes nothing', () => {
    const dir = scratch();
    const result = run({ outputDir: dir, configPatch: ['[{"op": "add", "path": "/machine/certSANs/-", "value": "x"}]'] });
    expect(result.code).toBe(1);
    expect(result.err).toContain('error: failed to generate config bundle: error patching configs: JSON6902 patches are not supported for multi-document machine configuration\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('applies a JSON patch to a single-document config (Talos v1.11)', () => {
    const dir = scratch();
    const result = run({ outputDir: dir, talosVersion: 'v1.11.0', configPatchWorker: ['[{"op": "add", "path": "/machine/certSANs/-", "value": "w.example"}]'] });
    expect(result.code).toBe(0);
    expect(machine(readFileSync(join(dir, 'worker.yaml'), 'utf8')).machine?.certSANs).toEqual(['w.example']);
  });

  it('names a patch that cannot be loaded', () => {
    const dir = scratch();
    expect(run({ outputDir: dir, configPatch: ['@nope.yaml'] }).err).toContain('error: error parsing config JSON patch: open nope.yaml: no such file or directory\n');
    expect(run({ outputDir: dir, configPatch: ['machine:\n  kubelet:\n    imagee: x\n'] }).err).toContain('error: error parsing config JSON patch: ');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--with-secrets reuses the PKI: same CAs and tokens, and the earlier talosconfig is signed by the same CA', () => {
    const first = scratch();
    expect(run({ outputDir: first }).code).toBe(0);
    const second = scratch();
    const result = run({ outputDir: second, seed: 'other', withSecrets: join(first, 'secrets.yaml') });
    expect(result.code).toBe(0);
    expect(existsSync(join(second, 'secrets.yaml'))).toBe(false);
    const a = machine(readFileSync(join(first, 'controlplane.yaml'), 'utf8'));
    const b = machine(readFileSync(join(second, 'controlplane.yaml'), 'utf8'));
    expect(b.machine?.ca).toEqual(a.machine?.ca);
    expect(b.machine?.token).toBe(a.machine?.token);
    expect(b.cluster?.secret).toBe(a.cluster?.secret);
    const oldConfig = readTalosconfig(readFileSync(join(first, 'talosconfig'), 'utf8'));
    const newConfig = readTalosconfig(readFileSync(join(second, 'talosconfig'), 'utf8'));
    expect(newConfig.caPem).toBe(oldConfig.caPem);
    expect(new X509Certificate(oldConfig.crtPem).verify(new X509Certificate(newConfig.caPem).publicKey)).toBe(true);
  });

  it('--with-secrets refuses a file of another format with the failing fields', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters: []\n');
    const result = run({ outputDir: join(dir, 'out'), withSecrets: join(dir, 'kubeconfig') });
    expect(result.code).toBe(1);
    expect(result.err).toContain('error: failed to validate secrets bundle: ');
    expect(result.err).toContain('cluster is required');
    expect(result.err).toContain('certs is required');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--output-types with -o: one file at the given path, or stdout', () => {
    const dir = scratch();
    expect(run({ outputTypes: ['worker'], output: join(dir, 'w.yaml') }).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['w.yaml']);
    const stdout = run({ outputTypes: ['talosconfig'], output: '-' });
    expect(parse(stdout.out).context).toBe('demo');
    expect(stdout.err).toContain('seed=p1');
    expect(run({ outputTypes: ['worker', 'talosconfig'], output: '-' }).err).toContain("error: can't use multiple output types with stdout");
    expect(run({ outputTypes: ['kubeconfig'], output: dir }).err).toContain('error: invalid output type: "kubeconfig"');
  });

  it('secrets.yaml from the earlier run loads back (sanity of the fixture)', () => {
    const dir = scratch();
    run({ outputDir: dir });
    expect(() => secretsBundleFromYaml(readFileSync(join(dir, 'secrets.yaml'), 'utf8'))).not.toThrow();
  });
});

describe('machineconfig patch', () => {
  const config = 'version: v1alpha1\nmachine:\n  type: worker\n  network:\n    hostname: n1\n';

  function patchRun(file: string, patch: string[], output?: string) {
    const result = { out: '', err: '' };
    const code = machineconfigPatchCommand(file, { patch, output }, { out: (t) => (result.out += t), err: (t) => (result.err += t) });
    return { code, ...result };
  }

  it('prints the patched config followed by a blank line, or writes -o owner-only', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'mc.yaml'), config);
    writeFileSync(join(dir, 'p.yaml'), 'machine:\n  network:\n    hostname: n2\n');
    const printed = patchRun(join(dir, 'mc.yaml'), [`@${join(dir, 'p.yaml')}`]);
    expect(printed.out).toBe('version: v1alpha1\nmachine:\n    type: worker\n    network:\n        hostname: n2\n\n');
    expect(patchRun(join(dir, 'mc.yaml'), [`@${join(dir, 'p.yaml')}`], join(dir, 'out', 'mc.yaml')).code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'mc.yaml'), 'utf8')).toBe(printed.out.slice(0, -1));
    expect(statSync(join(dir, 'out', 'mc.yaml')).mode & 0o777).toBe(0o600);
  });

  it('a patch that does not apply: Talos text, nothing written', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'mc.yaml'), config);
    const result = patchRun(join(dir, 'mc.yaml'), ['machine:\n  install:\n    disk:\n      $patch: delete\n'], join(dir, 'out.yaml'));
    expect(result.code).toBe(1);
    expect(result.err).toBe("error: patch delete: path 'machine.install.disk' in document '/v1alpha1': failed to delete path 'machine.install.disk': lookup failed\n");
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
  });
});

describe('--with-docs / --with-examples', () => {
  it('says on stderr that the files are the =false form unless both are false, and the files are the same either way', () => {
    const askedDir = scratch();
    const plainDir = scratch();
    const plain = run({ outputDir: plainDir, withDocs: false, withExamples: false });
    expect(plain.code).toBe(0);
    expect(plain.err).not.toContain('not rendered');
    // The same PKI for both (certificates are dated on the wall clock, so two fresh PKIs made a
    // second apart differ).
    const asked = run({ outputDir: askedDir, withSecrets: join(plainDir, 'secrets.yaml') });
    expect(asked.code).toBe(0);
    expect(asked.err).toContain('note: documentation comments and examples are not rendered; the files are the --with-docs=false --with-examples=false form');
    for (const name of ['controlplane.yaml', 'worker.yaml']) expect(readFileSync(join(askedDir, name), 'utf8')).toBe(readFileSync(join(plainDir, name), 'utf8'));
  });
});

