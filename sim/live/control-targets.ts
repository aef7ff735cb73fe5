// How the live control service reads a fault's targets from the short texts a command line gives
// (`talsim fault inject link-down --target worker-1`): node names (several, or comma-separated),
// `role:controlplane` / `role:worker`, `all`, or one link `from->to` whose sides are node names or
// `client` (talosctl), comma-separated. Whether the named nodes exist is checked by the fault
// registry, which knows the cluster. Pure: texts in, a FaultTargetPlan out, or a FaultError.
import type { FaultTargetPlan, NodeRole } from '../scenario/plan.ts';
import { NODE_ROLES } from '../../nodes/vocabulary.ts';
import { CLIENT_ENDPOINT } from '../cluster/network.ts';
import type { FaultKind, LinkTarget } from '../faults/fault-kind.ts';
import { FaultError } from '../faults/fault-error.ts';

export const ALL_NODES_TARGET = 'all';
export const ROLE_TARGET_PREFIX = 'role:';
export const LINK_ARROW = '->';

/** What each sort of kind accepts, for error messages and `talsim fault kinds`. */
export const TARGET_FORMS: Record<FaultKind['targets'], string> = {
  nodes: `node names, ${NODE_ROLES.map((role) => ROLE_TARGET_PREFIX + role).join(', ')} or ${ALL_NODES_TARGET}`,
  link: `one link from${LINK_ARROW}to (node names, \`${CLIENT_ENDPOINT}\` or \`kms\`, comma-separated on each side)`,
  cluster: 'no target (the whole cluster)',
};

export function parseTargetTexts(kind: Pick<FaultKind, 'kind' | 'targets'>, texts: readonly string[]): FaultTargetPlan {
  const parts = texts.map((text) => text.trim()).filter((text) => text !== '');
  const refuse = (found: string) => new FaultError(kind.kind, `targets: expected ${TARGET_FORMS[kind.targets]}, found ${found}${shellRedirectHint(parts)}`);
  if (kind.targets === 'cluster') {
    if (parts.length > 0) throw refuse(JSON.stringify(parts.join(' ')));
    return { kind: 'cluster' };
  }
  if (parts.length === 0) throw refuse('none');
  if (kind.targets === 'link') {
    if (parts.length !== 1 || !parts[0]!.includes(LINK_ARROW)) throw refuse(JSON.stringify(parts.join(' ')));
    return parseLink(parts[0]!, refuse);
  }
  return { kind: 'nodes', nodes: parseNodeSelector(parts, refuse) };
}

function parseLink(text: string, refuse: (found: string) => FaultError): FaultTargetPlan {
  const sides = text.split(LINK_ARROW);
  const [from, to] = sides.map(splitList);
  if (sides.length !== 2 || from!.length === 0 || to!.length === 0) throw refuse(JSON.stringify(text));
  return { kind: 'link', from: from!, to: to! };
}

function parseNodeSelector(parts: readonly string[], refuse: (found: string) => FaultError): Extract<FaultTargetPlan, { kind: 'nodes' }>['nodes'] {
  const names = parts.flatMap(splitList);
  const special = names.filter((name) => name === ALL_NODES_TARGET || name.startsWith(ROLE_TARGET_PREFIX) || name.includes(LINK_ARROW));
  if (special.length === 0) return { kind: 'names', names: [...new Set(names)] };
  if (names.length > 1) throw refuse(`${JSON.stringify(names.join(' '))} (${special[0]} stands alone)`);
  const only = names[0]!;
  if (only === ALL_NODES_TARGET) return { kind: 'all' };
  const role = only.slice(ROLE_TARGET_PREFIX.length);
  if (only.startsWith(ROLE_TARGET_PREFIX) && (NODE_ROLES as readonly string[]).includes(role)) return { kind: 'role', role: role as NodeRole };
  throw refuse(JSON.stringify(only));
}

/**
 * An unquoted `--target cp-1->worker-2` reaches us as `cp-1-`: the shell took `>` as a redirect
 * (and wrote a file named worker-2). A target ending in `-` says so.
 */
function shellRedirectHint(parts: readonly string[]): string {
  if (!parts.some((part) => part.endsWith('-'))) return '';
  return `; a target ending in "-" is what a shell leaves of an unquoted link: quote it, e.g. --target 'cp-1${LINK_ARROW}worker-2'`;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The targets of an active fault as the control service lists them: node names, or one `from->to`. */
export function targetTexts(targets: string[] | LinkTarget): string[] {
  if (Array.isArray(targets)) return [...targets];
  return [`${targets.from.join(',')}${LINK_ARROW}${targets.to.join(',')}`];
}
