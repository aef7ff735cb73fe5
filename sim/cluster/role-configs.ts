// The configs generated nodes boot with, parsed once per role. Without patches, the config of a
// generated node differs from the others of its role only in its HostnameConfig's `hostname`
// (the last document), so the first node of a role is parsed in full and the others are derived
// from that parse: the same decoded v1alpha1 document and documents (shared and frozen: nobody
// may write into a config a node holds), a HostnameConfig of their own, their own text. A derived
// config is only used when the node's text is the first one's with that one value changed and the
// name is one YAML reads as the same plain string; anything else is parsed on its own.
// The named texts themselves (`namedText`): a generated stream ends with the HostnameConfig
// document `auto: stable`, which a node's name replaces (`hostname: <name>`, cluster.ts's
// withStaticHostnameDocument: parse the stream, swap that document, render it all again). When
// the generated text is the one rendering its own parse gives (what the generator emits), that
// is the same text with the one line changed: the first node's text is made that way and parsed
// (its config: the parse RoleConfigs needs anyway), and it is used only when rendering that
// parse gives the text back with the name in a document of exactly those keys; the other nodes'
// texts are then that text with the name changed. So a role's generated text is not parsed at
// all (before: once for the hostname document, once more for the first node's config) and no
// node's config is rendered again.
import { activeConfigFromText } from '../../nodes/config-bridge.ts';
import { renderConfigStream } from '../../nodes/config/index.ts';
import type { ActiveConfig } from '../../nodes/node-status.ts';

/** Names that decode as themselves wherever YAML meets them: never a number, boolean, null or date. */
const PLAIN_HOSTNAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

interface RoleTemplate {
  hostname: string;
  config: ActiveConfig;
  /** Where ` hostname: <first node's name>\n` of the last document starts in its text. */
  hostnameAt: number;
}

/** The generated stream's last document, which a node's name replaces. */
const AUTO_HOSTNAME_DOCUMENT = 'apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n';
const NAMED_HOSTNAME_DOCUMENT = 'apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: ';

/** A generated text with its last document named: `before + hostname + '\n'`. */
interface NamedTemplate {
  before: string;
}

export class RoleConfigs {
  private readonly templates = new Map<string, RoleTemplate | null>();
  private readonly named = new Map<string, NamedTemplate | null>();
  /** Parses made by namedText's check, by text, until the node with that text takes its config. */
  private readonly parsedTexts = new Map<string, ActiveConfig>();

  constructor(private readonly talosVersion: string) {}

  /**
   * A generated text (no patches) with `hostname` in its HostnameConfig document: the text
   * withStaticHostnameDocument renders, made without parsing `base` (see the top of this file), or
   * undefined when this shortcut does not apply (then the caller renders it).
   */
  namedText(base: string, hostname: string): string | undefined {
    if (!PLAIN_HOSTNAME.test(hostname)) return undefined;
    let template = this.named.get(base);
    if (template === undefined) {
      template = null;
      if (base.endsWith(`---\n${AUTO_HOSTNAME_DOCUMENT}`)) {
        const before = `${base.slice(0, base.length - AUTO_HOSTNAME_DOCUMENT.length)}${NAMED_HOSTNAME_DOCUMENT}`;
        const text = `${before}${hostname}\n`;
        const config = activeConfigFromText(text, this.talosVersion);
        const documents = config.documents ?? [];
        const last = documents[documents.length - 1];
        const keys = last === undefined ? [] : Object.keys(last.body);
        const rendersBack = config.object !== undefined && renderConfigStream(config.object, documents) === text;
        if (rendersBack && last?.kind === 'HostnameConfig' && last.body.hostname === hostname && keys.join() === 'apiVersion,kind,hostname') {
          template = { before };
          this.parsedTexts.set(text, config);
        }
      }
      this.named.set(base, template);
    }
    return template === null ? undefined : `${template.before}${hostname}\n`;
  }

  /** The active config of a node of `role` named `hostname`, whose generated text (no patches) is `text`. */
  generated(role: string, hostname: string, text: string): ActiveConfig {
    const template = this.templates.get(role);
    if (template === undefined) {
      const config = this.parsedTexts.get(text) ?? activeConfigFromText(text, this.talosVersion);
      this.parsedTexts.delete(text);
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
