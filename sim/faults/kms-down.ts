// Fault `kms-down`: the cluster's KMS server (`cluster.kms`) stops. Its host still answers, so a
// node's KMS key handler has its connection refused at once: a volume with a KMS key cannot be
// encrypted (Seal) or opened (Unseal) and stays failed in VolumeStatus, retried until the server
// is back. Under `talsim up` the real gRPC listener closes and reopens with it.
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { FaultError } from './fault-error.ts';

export const kmsDown = defineFaultKind({
  kind: 'kms-down',
  description: "The cluster's KMS server stops: KMS keys cannot seal or unseal (connection refused).",
  targets: 'cluster',
  options: z.strictObject({}),
  inject(cluster) {
    const server = cluster.world.kms.server;
    if (server === undefined) throw new FaultError('kms-down', 'the cluster has no KMS server (declare one with `cluster.kms`)');
    const previous = server.running;
    server.setRunning(false);
    return { previous };
  },
  heal(cluster, _targets, handle) {
    cluster.world.kms.server?.setRunning(handle.previous);
  },
});
