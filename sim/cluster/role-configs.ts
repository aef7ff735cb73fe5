// The configs generated nodes boot with, parsed once per role. Without patches, the config of a
// generated node differs from the others of its role only in its HostnameConfig's `hostname`
// (the last document), so the first node of a role is parsed in full and the others are derived
// from that parse: the same decoded v1alpha1 document and documents (shared and frozen: nobody
// may write into a config a node holds), a HostnameConfig of their own, their own text. A derived
// config is only used when the node's text is the first one's with that one value changed and the
// name is one YAML reads as the same plain string; anything else is parsed on its own.
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import type { ActiveConfig } from '../../nodes/node-status.ts';

/** Names that decode as themselves wherever YAML meets them: never a number, boolean, null or date. */
const PLAIN_HOSTNAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

interface RoleTemplate {
  hostname: string;
  config: ActiveConfig;
  /** Where ` hostname: <first node's name>\n` of the last document starts in its text. */
  hostnameAt: number;
}

export class RoleConfigs {
  private readonly templates = new Map<string, RoleTemplate | null>();

  constructor(private readonly talosVersion: string) {}

  /** The active config of a node of `role` named `hostname`, whose generated text (no patches) is `text`. */
  generated(role: string, hostname: string, text: string): ActiveConfig {
    const template = this.templates.get(role);
    if (template === undefined) {
      const config = activeConfigFromText(text, this.talosVersion);
      this.templates.set(role, templateOf(hostname, config));
      return config;
    }
    return (template && derived(template, hostname, text)) ?? activeConfigFromText(text, this.talosVersion);
  }
}

function hostnameLine(hostname: string): string {
  return `\nhostname: ${hostname}\n`;
}

function templateOf(hostname: string, config: ActiveConfig): RoleTemplate | null {
  const documents = config.documents ?? [];
  const last = documents[documents.length - 1];
  const hostnameAt = config.text.lastIndexOf(hostnameLine(hostname));
  if (!PLAIN_HOSTNAME.test(hostname) || last?.kind !== 'HostnameConfig' || last.body.hostname !== hostname) return null;
  if (hostnameAt < config.text.lastIndexOf('---\n')) return null;
  deepFreeze(config.object);
  deepFreeze(documents);
  return { hostname, config, hostnameAt };
}

function derived(template: RoleTemplate, hostname: string, text: string): ActiveConfig | undefined {
  if (!PLAIN_HOSTNAME.test(hostname)) return undefined;
  const before = template.config.text;
  const after = before.slice(template.hostnameAt + hostnameLine(template.hostname).length);
  const expected = `${before.slice(0, template.hostnameAt)}${hostnameLine(hostname)}${after}`;
  if (text !== expected) return undefined;
  const documents = template.config.documents!.map((document) =>
    document.kind === 'HostnameConfig' ? Object.freeze({ ...document, body: Object.freeze({ ...document.body, hostname }) }) : document);
  return { text, object: template.config.object, documents };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (value instanceof Map) for (const [key, entry] of value) deepFreeze(key), deepFreeze(entry);
  else for (const entry of Object.values(value)) deepFreeze(entry);
}
