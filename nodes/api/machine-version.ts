// MachineService Version and Hostname: what `talosctl version` and the dashboard read first. The
// tag is the version the node booted; sha and Go version are stable stand-ins for the build.
// Platform is always metal (talsim emulates bare metal and VMs alike).
import { createHash } from 'node:crypto';
import type { UnaryHandler } from './api-contract.ts';
import { single } from './handler-support.ts';

/** Go toolchain Talos v1.13 releases are built with. */
const GO_VERSION = 'go1.25.5';

const shaByTag = new Map<string, string>();

/** A stable 8-hex "commit" per tag, so the same version always reports the same sha. */
function buildSha(tag: string): string {
  let sha = shaByTag.get(tag);
  if (sha === undefined) shaByTag.set(tag, (sha = createHash('sha256').update(`talos ${tag}`).digest('hex').slice(0, 8)));
  return sha;
}

const version: UnaryHandler = (_request, { node, maintenance }) =>
  single({
    version: {
      tag: node.talosVersion,
      sha: buildSha(node.talosVersion),
      built: '',
      go_version: GO_VERSION,
      os: 'linux',
      arch: node.hardware.arch,
    },
    platform: { name: 'metal', mode: 'metal' },
    features: maintenance ? null : { rbac: true },
  });

const hostname: UnaryHandler = (_request, { node }) => single({ hostname: node.hostname() });

export const versionHandlers: Record<string, UnaryHandler> = { Version: version, Hostname: hostname };
