// "Accepted but has no effect" findings for the v1.13 documents on a given machine: a link alias
// whose selector matches none of its links, a LinkConfig/DHCPv4Config/VLAN parent/bond member/VIP
// link naming a link the machine does not have, a link configured both by the deprecated
// v1alpha1 `machine.network.interfaces` and by a document, a volume whose disk selector matches
// no disk, and a VIP on a link that never gets an address. Shown by `talsim lint --hardware`
// and in apply warnings; Talos itself accepts all of these silently.
// Leaves out: selectors talsim cannot evaluate (their documents are not checked).
import type { Diagnostic } from './diagnostic.ts';
import type { ParsedConfig } from './config-parser.ts';
import type { OtherDocument } from './machine-config-types.ts';
import { compileSelector, type CelValue, type SelectorEnvironment } from './cel-selector.ts';
import { diskVariables, linkVariables, type SelectableLink, type SelectableVolumeDisk } from './selector-variables.ts';
import { documentId } from './multidoc-validation.ts';

export interface DocumentDiagnosticOptions {
  links?: readonly SelectableLink[];
  disks?: readonly SelectableVolumeDisk[];
  /** Device path of the system disk (install disk); default: the first disk. */
  systemDisk?: string;
}

/** Kinds whose documents change what a talsim node does; every other registered kind is only parsed. */
export const ACTING_KINDS = [
  'HostnameConfig', 'ResolverConfig', 'TimeSyncConfig', 'StaticHostConfig', 'LinkConfig', 'LinkAliasConfig', 'DHCPv4Config',
  'BondConfig', 'VLANConfig', 'DummyLinkConfig', 'Layer2VIPConfig', 'VolumeConfig', 'UserVolumeConfig', 'RawVolumeConfig',
  'SwapVolumeConfig', 'ExistingVolumeConfig', 'OOMConfig',
] as const;

const LINK_NAMING_KINDS = ['LinkConfig', 'DHCPv4Config'];

function at(document: OtherDocument, message: string, fix: string): Diagnostic {
  return { severity: 'warning', path: documentId(document), line: document.line, column: 1, message, fix };
}

function evaluates(match: string, environment: SelectorEnvironment, variables: Record<string, CelValue>): boolean | null {
  const compiled = compileSelector(match, environment);
  if ('error' in compiled) return null;
  try {
    return compiled.evaluate(variables);
  } catch {
    return null;
  }
}

function linkDiagnostics(parsed: ParsedConfig, links: readonly SelectableLink[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const listed = links.map((link) => link.name).join(', ') || 'none';
  const aliases = new Set<string>();
  for (const document of parsed.documents.filter((candidate) => candidate.kind === 'LinkAliasConfig')) {
    const match = String((document.body.selector as { match?: string } | undefined)?.match ?? '');
    const results = links.map((link) => evaluates(match, 'link', linkVariables(link)));
    if (results.some((result) => result === null)) continue;
    if (results.some(Boolean)) aliases.add(document.name);
    else diagnostics.push(at(document, `selector ${JSON.stringify(match)} matches no link of this machine (links: ${listed}): the alias ${JSON.stringify(document.name)} never appears and documents naming it configure nothing`, 'match a field of `talosctl get links` (mac(link.permanent_addr), link.driver...)'));
  }
  const virtual = new Set(parsed.documents.filter((document) => ['BondConfig', 'VLANConfig', 'DummyLinkConfig', 'BridgeConfig'].includes(document.kind)).map((document) => document.name));
  const exists = (name: string) => links.some((link) => link.name === name) || aliases.has(name) || virtual.has(name) || name.includes('%d');
  const missing = (document: OtherDocument, name: string, what: string) => {
    if (name !== '' && !exists(name)) diagnostics.push(at(document, `${what} ${JSON.stringify(name)} matches no link of this machine (links: ${listed}) and no alias: it configures nothing`, `use one of the machine's link names (${listed}) or a LinkAliasConfig`));
  };
  for (const document of parsed.documents) {
    if (LINK_NAMING_KINDS.includes(document.kind)) missing(document, document.name, 'link');
    if (document.kind === 'Layer2VIPConfig') missing(document, String(document.body.link ?? ''), 'VIP link');
    if (document.kind === 'VLANConfig') missing(document, String(document.body.parent ?? ''), 'VLAN parent');
    if (document.kind === 'BondConfig') for (const member of (document.body.links as string[] | undefined) ?? []) missing(document, member, 'bond member');
  }
  return diagnostics;
}

function shadowed(parsed: ParsedConfig): Diagnostic[] {
  const interfaces = parsed.config?.machine?.network?.interfaces ?? [];
  return parsed.documents.filter((document) => document.kind === 'LinkConfig').flatMap((document) => {
    const index = interfaces.findIndex((device) => device?.interface === document.name);
    if (index < 0) return [];
    return [at(document, `link ${JSON.stringify(document.name)} is also configured by machine.network.interfaces[${index}] (deprecated since v1.12): both apply, so addresses and routes add up and removing one place does not remove them`, 'keep the link in one place: move the v1alpha1 interface settings into this LinkConfig')];
  });
}

function vipWithoutAddress(parsed: ParsedConfig, links: readonly SelectableLink[]): Diagnostic[] {
  const interfaces = parsed.config?.machine?.network?.interfaces ?? [];
  return parsed.documents.filter((document) => document.kind === 'Layer2VIPConfig').flatMap((document) => {
    const link = String(document.body.link ?? '');
    const v1 = interfaces.find((device) => device?.interface === link);
    const configured = parsed.documents.some((other) => ['LinkConfig', 'BondConfig', 'VLANConfig'].includes(other.kind) && other.name === link && ((other.body.addresses as unknown[] | undefined) ?? []).length > 0)
      || parsed.documents.some((other) => other.kind === 'DHCPv4Config' && other.name === link)
      || (v1 !== undefined && ((v1.addresses ?? []).length > 0 || v1.dhcp === true || (v1.cidr ?? '') !== ''));
    const defaultDhcp = v1 === undefined && links[0]?.name === link && !parsed.documents.some((other) => other.name === link && other.kind === 'LinkConfig');
    if (configured || defaultDhcp || !links.some((candidate) => candidate.name === link)) return [];
    return [at(document, `link ${JSON.stringify(link)} never gets an address (no static address, no DHCP): the VIP ${document.name} is never announced`, 'give the link an address (LinkConfig addresses or DHCPv4Config) or move the VIP to a link that has one')];
  });
}

function volumeDiagnostics(parsed: ParsedConfig, disks: readonly SelectableVolumeDisk[], systemDisk: string | undefined): Diagnostic[] {
  const listed = disks.map((disk) => disk.devPath).join(', ') || 'none';
  const system = systemDisk ?? disks[0]?.devPath;
  const provisioned = ['UserVolumeConfig', 'RawVolumeConfig', 'SwapVolumeConfig', 'VolumeConfig'];
  return parsed.documents.filter((document) => provisioned.includes(document.kind)).flatMap((document) => {
    const match = String(((document.body.provisioning as { diskSelector?: { match?: string } } | undefined)?.diskSelector?.match) ?? '');
    if (match === '') return [];
    const results = disks.map((disk) => evaluates(match, 'disk', diskVariables(disk, disk.devPath === system)));
    if (results.some((result) => result === null) || results.some(Boolean)) return [];
    const effect = document.kind === 'VolumeConfig' ? 'EPHEMERAL fails with "no disks matched selector for volume" and the boot waits for /var without end' : 'the volume fails with "no disks matched selector for volume"';
    return [at(document, `disk selector ${JSON.stringify(match)} matches no disk of this machine (disks: ${listed}): ${effect}`, 'match a field of `talosctl get disks` (disk.transport, disk.size, !system_disk...)')];
  });
}

/** Every "no effect" finding for the documents of a loaded config on this hardware. */
export function documentDiagnostics(parsed: ParsedConfig, options: DocumentDiagnosticOptions): Diagnostic[] {
  return [
    ...(options.links !== undefined ? [...linkDiagnostics(parsed, options.links), ...vipWithoutAddress(parsed, options.links)] : []),
    ...shadowed(parsed),
    ...(options.disks !== undefined ? volumeDiagnostics(parsed, options.disks, options.systemDisk) : []),
  ];
}

/** Documents of kinds talsim keeps but does not act on (lint only). */
export function parsedOnlyDiagnostics(parsed: ParsedConfig): Diagnostic[] {
  return parsed.documents.filter((document) => !(ACTING_KINDS as readonly string[]).includes(document.kind)).map((document) =>
    at(document, `${document.kind} is accepted and kept, but talsim does not emulate what it does`, ''));
}
