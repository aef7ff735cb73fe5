// Fault `ca-mismatch`: each target node's active config carries another cluster's machine CA
// (`machine.ca` from a different seed), as when a node was configured from the wrong secrets. apid
// then presents a certificate from that CA, so talosctl with the cluster's talosconfig fails with
// `x509: certificate signed by unknown authority`. The config text keeps every other byte.
// A certificate from the foreign CA needs a holder of its key: a control plane in the same fault.
// A worker faulted alone cannot get one (trustd's TLS check fails): it keeps serving what it had
// until it reboots, then its apid waits for a certificate (nothing listens) and says why in its
// `apid-certificate` diagnostic, as Talos's apid waits for its certificates.
// Leaves out: the apid certificate itself (the API layer issues it from the config's CA).
import { z } from 'zod';
import { defineFaultKind } from './fault-kind.ts';
import { FaultError } from './fault-error.ts';
import { RandomTree } from '../kernel/random-tree.ts';
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import { base64Pem, issueMachineCa } from '../../nodes/pki/index.ts';
import type { VirtualNode } from '../../nodes/node.ts';

interface MachineCaText {
  /** base64 of the PEM certificate, as `machine.ca.crt` holds it. */
  crt: string;
  /** base64 of the PEM key ('' on workers, whose config carries no key). */
  key: string;
}

export const caMismatch = defineFaultKind({
  kind: 'ca-mismatch',
  description: "Each target node's active config carries a machine CA from another seed: clients of this cluster see x509 unknown authority.",
  targets: 'nodes',
  options: z.strictObject({
    caSeed: z.string().min(1).default('another-cluster').meta({ description: 'Seed of the foreign machine CA. Default `another-cluster`.' }),
  }),
  inject(cluster, targets, options) {
    const foreignCa = issueMachineCa(new RandomTree(options.caSeed).stream('secrets/certs/os'), new Date(cluster.world.epochWallMs));
    const foreign = { crt: base64Pem(foreignCa.crt), key: base64Pem(foreignCa.key) };
    const originals = targets.nodes.map((node) => ({ node, original: machineCaText(node) }));
    return originals.map(({ node, original }) => {
      const replacement = { crt: foreign.crt, key: original.key === '' ? '' : foreign.key };
      setConfigText(node, swapCa(node.config!.text, original, replacement));
      return { node, original, replacement };
    });
  },
  heal(_cluster, _targets, handle) {
    for (const { node, original, replacement } of handle) {
      if (node.config) setConfigText(node, swapCa(node.config.text, replacement, original));
    }
  },
  // The rewritten config is on the node's disk: after a power cut the fault is still the one that
  // rewrote it (listed, healable), so its handle is kept and rebuilt, the config left as it is.
  keep: (handle) => handle.map(({ node, original, replacement }) => ({ node: node.name, original, replacement })),
  resume(cluster, targets, _options, kept) {
    const entries = kept as Array<{ node: string; original: MachineCaText; replacement: MachineCaText }>;
    return targets.nodes.map((node) => {
      const entry = entries.find((candidate) => candidate.node === node.name);
      if (!entry) throw new FaultError('ca-mismatch', `nothing kept for ${node.name}`);
      return { node: cluster.node(node.name), original: entry.original, replacement: entry.replacement };
    });
  },
});

function machineCaText(node: VirtualNode): MachineCaText {
  const ca = node.config?.object.machine?.ca;
  if (!ca?.crt) throw new FaultError('ca-mismatch', `${node.name} has no machine.ca in its config (maintenance mode?)`);
  return { crt: ca.crt, key: ca.key ?? '' };
}

/** The config text with one CA's base64 values replaced by another's, nothing else touched. */
function swapCa(text: string, from: MachineCaText, to: MachineCaText): string {
  let swapped = text.split(from.crt).join(to.crt);
  if (from.key !== '') swapped = swapped.split(from.key).join(to.key);
  return swapped;
}

function setConfigText(node: VirtualNode, text: string): void {
  node.status.activateConfig(activeConfigFromText(text, node.talosVersion));
  node.world.configGeneration++;
  node.fs.configChanged();
}
