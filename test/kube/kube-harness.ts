// A live cluster (`talsim up`, in-process) and the real kubectl against it: the kubeconfig comes
// from the Kubeconfig RPC over mutual TLS (what `talosctl kubeconfig` receives), unpacked from its
// tar.gz; every kubectl run gets a fresh discovery cache (KUBECACHEDIR) and runs asynchronously so
// the simulator keeps answering while kubectl waits.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startLiveSession, type LiveSession } from '../../sim/live/live-session.ts';
import { systemWallClock } from '../../sim/kernel/pacer.ts';
import { liveClient } from '../live/live-client.ts';
import type { LiveNodeEntry } from '../../sim/live/state-dir.ts';
import { kubectlBinary, type KubectlLayer } from './kubectl-binary.ts';

export interface KubeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The first file of a tar archive (ustar: 512-byte header, octal size at 124). */
function firstTarEntry(archive: Buffer): string {
  const size = parseInt(archive.toString('ascii', 124, 136).replace(/\0.*$/, '').trim(), 8);
  return archive.toString('utf8', 512, 512 + size);
}

export async function startKubeCluster(options: { seed: string; workers: number; controlPlanes?: number; baseAddress: string }): Promise<{ session: LiveSession; kubeconfig: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'talsim-kube-'));
  const session = await startLiveSession(
    { seed: options.seed, controlPlanes: options.controlPlanes ?? 1, workers: options.workers, unconfigured: false, speed: 1, stateDir: join(dir, 'state'), baseAddress: options.baseAddress },
    { calendarNowMs: () => Date.now(), wall: systemWallClock, print: () => undefined, warn: () => undefined },
  );
  const kubeconfig = await fetchKubeconfig(session.files.dir, session.nodes, dir);
  return { session, kubeconfig, dir };
}

/** `talosctl kubeconfig DIR` against the first control plane of a running cluster: the kubeconfig's path. */
export async function fetchKubeconfig(stateDir: string, nodes: readonly LiveNodeEntry[], dir: string): Promise<string> {
  const controlPlane = nodes.find((node) => node.role === 'controlplane')!;
  const client = liveClient(stateDir, controlPlane, 'machine.MachineService');
  try {
    const messages = await client.stream<{ bytes: Buffer }>('Kubeconfig', {}, { node: controlPlane.address });
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, firstTarEntry(gunzipSync(Buffer.concat(messages.map((message) => message.bytes)))), { mode: 0o600 });
    return kubeconfig;
  } finally {
    client.close();
  }
}

export function kubectl(layer: KubectlLayer, kubeconfig: string, args: string[], env: Record<string, string> = {}): Promise<KubeRun> {
  const cache = mkdtempSync(join(tmpdir(), 'talsim-kubecache-'));
  return new Promise((resolve) => {
    execFile(
      kubectlBinary(layer),
      ['--kubeconfig', kubeconfig, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: cache, KUBECACHEDIR: cache, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
