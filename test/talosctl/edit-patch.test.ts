// `talosctl edit mc` and `talosctl patch mc` v1.13.9, replayed as cmd/talosctl/cmd/talos/edit.go
// and patch.go make them: WithClient (`nodes` metadata), helpers.ClientVersionCheck (Version),
// then per node helpers.ForEachResource (ResourceDefinitions and a List of MachineConfigs, both
// with `node` metadata), only the `v1alpha1` id, its body out of the YAML spec
// (extractMachineConfigBody), and ApplyConfiguration with the edited/patched bytes, in the mode
// of `--mode` (default auto), with `nodes` metadata. edit's editor loop is kept: an apply error
// goes back into the file as `# ` comment lines under the header and the editor opens again; an
// unchanged file is skipped. patch loads its patches client side (configpatcher.LoadPatches and
// Apply: here talsim's copy of that library, nodes/config/config-patcher.ts); a JSON 6902 patch
// of a multi-document config fails there, before any call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { startTestCluster, unary, type TestCluster } from '../api/harness.ts';
import { cosiStateService } from '../../nodes/api/cosi-state-service.ts';
import { applyConfigPatches, loadPatches } from '../../nodes/config/index.ts';
import { applyConfiguration, forEachResource, machineConfigBody, type ApplyFlags, type ApplyResult } from './talosctl-calls.ts';

let env: TestCluster;
const ENDPOINT = 'cp-1';
const TALOS_VERSION = 'v1.13.9';
const addressOf = (name: string) => env.node(name).primaryAddress()!;
const settle = <T>(promise: Promise<T>) => env.drive.settle(promise, { stepMs: 250, maxVirtualMs: 10 * 60_000 });

beforeAll(async () => {
  env = await startTestCluster({ controlPlanes: 1, workers: 2, talosVersion: TALOS_VERSION, services: [cosiStateService] });
});
afterAll(() => env.close());

interface Transcript {
  /** What talosctl prints on stderr (skips, `patched ...`, warnings and mode details). */
  stderr: string[];
  /** The bytes of every ApplyConfiguration sent, in order. */
  applied: Buffer[];
  /** The editor buffers talosctl opened (edit only). */
  opened: string[];
}

/** WithClient + ClientVersionCheck: Version to every node, answers parsed; an older server is a warning, not an error. */
async function clientVersionCheck(machine: grpc.Client, nodes: string[], transcript: Transcript): Promise<void> {
  const reply = await unary(machine, 'Version', {}, { nodes });
  for (const message of reply.messages) {
    if (!/^v?\d+\.\d+\.\d+/.test(message.version.tag)) throw new Error(`${message.metadata.hostname}: error parsing server version`);
    if (message.version.tag !== TALOS_VERSION) transcript.stderr.push(`WARNING: ${message.metadata.hostname}: server version ${message.version.tag.slice(1)} is older than client version ${TALOS_VERSION.slice(1)}`);
  }
}

/** The v1alpha1 MachineConfig of one node, as ForEachResource hands it to edit's and patch's callbacks. */
async function activeMachineConfig(node: string): Promise<{ body: string; type: string } | undefined> {
  const resources = await forEachResource(env.client('cosi.resource.State', ENDPOINT), node, 'mc');
  const active = resources.find((resource) => resource.metadata.id === 'v1alpha1');
  return active && { body: machineConfigBody(active), type: active.metadata.type };
}

function printApplyResults(result: ApplyResult, transcript: Transcript): void {
  for (const warning of result.warnings) transcript.stderr.push(`WARNING: ${warning}`);
  if (result.mode_details) transcript.stderr.push(result.mode_details);
}

/** edit.go's stripEditingComment: leading `# ` lines go. */
function stripEditingComment(text: string): string {
  let rest = text;
  while (rest.startsWith('# ') && rest.includes('\n')) rest = rest.slice(rest.indexOf('\n') + 1);
  return rest;
}

const addEditingComment = (error: string) => `# \n# ${error.split('\n').join('\n# ')}\n`;
/** yamlstrip.Comments, as far as these buffers need it: whole-line comments go. */
const withoutComments = (text: string) => text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');

/** `talosctl edit mc -n <nodes>` with `editor` standing for $EDITOR: it gets the buffer and returns the saved file. */
async function talosctlEdit(nodes: string[], editor: (buffer: string) => string, flags: ApplyFlags = {}): Promise<Transcript> {
  const transcript: Transcript = { stderr: [], applied: [], opened: [] };
  const machine = env.client('machine.MachineService', ENDPOINT);
  await clientVersionCheck(machine, nodes, transcript);
  for (const node of nodes) {
    const config = await activeMachineConfig(node);
    if (!config) continue;
    let lastError = '';
    let edited = config.body;
    for (let launches = 0; launches < 5; launches++) {
      const buffer = `# Editing ${config.type}/v1alpha1 at node ${node}\n${lastError ? addEditingComment(lastError) : ''}${edited}`;
      transcript.opened.push(buffer);
      const previous = edited;
      edited = stripEditingComment(editor(buffer));
      if (lastError && withoutComments(previous) === withoutComments(edited)) throw new Error(`${addEditingComment(lastError)}Edit canceled, no valid changes were saved.\n`);
      if (withoutComments(edited).trim() === '') {
        transcript.stderr.push('Apply was skipped: empty file.');
        break;
      }
      if (edited === config.body) {
        transcript.stderr.push('Apply was skipped: no changes detected.');
        break;
      }
      transcript.applied.push(Buffer.from(edited));
      try {
        printApplyResults(await settle(applyConfiguration(machine, node, Buffer.from(edited), flags)), transcript);
        break;
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
  }
  return transcript;
}

/** `talosctl patch mc -n <nodes> --patch <p>...`: patches loaded before any call, applied to each node's body. */
async function talosctlPatch(nodes: string[], patchFlags: string[], flags: ApplyFlags = {}): Promise<Transcript> {
  const transcript: Transcript = { stderr: [], applied: [], opened: [] };
  const patches = loadPatches(patchFlags, (path) => { throw new Error(`open ${path}: no such file or directory`); }, TALOS_VERSION);
  const machine = env.client('machine.MachineService', ENDPOINT);
  await clientVersionCheck(machine, nodes, transcript);
  for (const node of nodes) {
    const config = await activeMachineConfig(node);
    if (!config) continue;
    const patched = Buffer.from(applyConfigPatches(config.body, patches, TALOS_VERSION).text);
    transcript.applied.push(patched);
    // patch.go sends the apply first and only then compares: an unchanged config is still sent.
    const applying = settle(applyConfiguration(machine, node, patched, flags));
    const outcome = await applying.then((result) => ({ result, error: undefined }), (error: Error) => ({ result: undefined, error }));
    if (withoutComments(patched.toString()).trim() === withoutComments(config.body).trim()) {
      transcript.stderr.push('Apply was skipped: no changes detected.');
      continue;
    }
    transcript.stderr.push(`patched ${config.type}/v1alpha1 at the node ${node}`);
    if (outcome.result) printApplyResults(outcome.result, transcript);
    if (outcome.error) throw outcome.error;
  }
  return transcript;
}

const labelsOf = (name: string) => env.cluster.world.kubernetes.nodes.get(env.node(name).hostname())?.labels ?? {};

describe('talosctl edit mc', () => {
  it('opens the running config under its header, applies the saved file (auto), and the label reaches Kubernetes', async () => {
    const before = env.node('worker-1').config!.text;
    const transcript = await talosctlEdit([addressOf('worker-1')], (buffer) => buffer.replace('    type: worker\n', '    type: worker\n    nodeLabels:\n        edited: by-editor\n'));
    expect(transcript.opened[0]).toBe(`# Editing MachineConfigs.config.talos.dev/v1alpha1 at node ${addressOf('worker-1')}\n${before}`);
    expect(transcript.stderr).toEqual(['Applied configuration without a reboot']);
    expect(env.node('worker-1').config!.text).toBe(transcript.applied[0]!.toString());
    expect(await env.drive.runUntil(() => labelsOf('worker-1').edited === 'by-editor', 5 * 60_000)).toBe(true);
  });

  it('an apply error goes back into the file as comments and the editor opens again; the fixed file applies in --mode=no-reboot', async () => {
    const node = addressOf('worker-1');
    const launches: string[] = [];
    const transcript = await talosctlEdit([node], (buffer) => {
      launches.push(buffer);
      if (launches.length === 1) return buffer.replace('    type: worker\n', '    type: worker\n    nodeLabelz:\n        typo: yes\n');
      return buffer.replace('    nodeLabelz:\n        typo: yes\n', '').replace('    certSANs: []\n', '    certSANs:\n        - worker-1.edited.test\n');
    }, { mode: 'NO_REBOOT' });
    expect(transcript.applied).toHaveLength(2);
    const second = transcript.opened[1]!.split('\n');
    expect(second[0]).toBe(`# Editing MachineConfigs.config.talos.dev/v1alpha1 at node ${node}`);
    expect(second[1]).toBe('# ');
    expect(second[2]).toBe(`# ${node}: rpc error: code = InvalidArgument desc = error decoding document /v1alpha1/ (line 1): unknown keys found during decoding:`);
    const comment = second.slice(2, second.indexOf('version: v1alpha1'));
    expect(comment.every((line) => line.startsWith('# '))).toBe(true);
    expect(comment.join('\n')).toContain('nodeLabelz');
    expect(transcript.stderr).toEqual(['Applied configuration without a reboot']);
    expect(env.node('worker-1').config!.text).toContain('- worker-1.edited.test');
    expect(env.node('worker-1').config!.text).not.toContain('nodeLabelz');
  });

  it('saving the file unchanged applies nothing', async () => {
    const transcript = await talosctlEdit([addressOf('worker-1')], (buffer) => buffer);
    expect(transcript).toMatchObject({ applied: [], stderr: ['Apply was skipped: no changes detected.'] });
  });
});

describe('talosctl patch mc', () => {
  it('a strategic merge patch: the patched config is applied (auto) and the label reaches Kubernetes', async () => {
    const node = addressOf('worker-2');
    const transcript = await talosctlPatch([node], ['machine:\n  nodeLabels:\n    patched: strategic\n']);
    expect(transcript.stderr).toEqual([`patched MachineConfigs.config.talos.dev/v1alpha1 at the node ${node}`, 'Applied configuration without a reboot']);
    expect(env.node('worker-2').config!.text).toBe(transcript.applied[0]!.toString());
    expect(env.node('worker-2').config!.text).toMatch(/nodeLabels:\n\s+patched: strategic\n/);
    expect(await env.drive.runUntil(() => labelsOf('worker-2').patched === 'strategic', 5 * 60_000)).toBe(true);
  });

  it('the same patch again: still sent, then "no changes detected"; --dry-run prints the diff and changes nothing', async () => {
    const node = addressOf('worker-2');
    const again = await talosctlPatch([node], ['machine:\n  nodeLabels:\n    patched: strategic\n']);
    expect(again.applied).toHaveLength(1);
    expect(again.stderr).toEqual(['Apply was skipped: no changes detected.']);
    const before = env.node('worker-2').config!.text;
    const dry = await talosctlPatch([node], ['machine:\n  nodeLabels:\n    patched: dry\n'], { dryRun: true });
    expect(dry.stderr[1]).toMatch(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)\.\nConfig diff:\n\n--- a\n\+\+\+ b\n@@ [^\n]+ @@\n[^]*-\s+patched: strategic\n\+\s+patched: dry\n/);
    expect(env.node('worker-2').config!.text).toBe(before);
  });

  it('a JSON 6902 patch of a multi-document config (v1alpha1 + HostnameConfig) fails in talosctl before any apply', async () => {
    const before = env.node('worker-2').config!.text;
    const patch = '[{"op": "add", "path": "/machine/nodeLabels/json", "value": "6902"}]';
    await expect(talosctlPatch([addressOf('worker-2')], [patch])).rejects.toThrow('JSON6902 patches are not supported for multi-document machine configuration');
    expect(env.node('worker-2').config!.text).toBe(before);
  });

  it('a JSON 6902 patch of a single-document config: ghodss-printed, applied, the label reaches Kubernetes', async () => {
    const node = addressOf('worker-2');
    // The node's config reduced to its v1alpha1 document, the hostname kept in machine.network.
    const single = await talosctlPatch([node], ['apiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete\n', 'machine:\n  network:\n    hostname: worker-2\n']);
    expect(single.stderr[0]).toBe(`patched MachineConfigs.config.talos.dev/v1alpha1 at the node ${node}`);
    expect(env.node('worker-2').config!.text).not.toContain('kind: HostnameConfig');
    const transcript = await talosctlPatch([node], ['[{"op": "add", "path": "/machine/nodeLabels/json", "value": "6902"}]']);
    expect(transcript.stderr).toEqual([`patched MachineConfigs.config.talos.dev/v1alpha1 at the node ${node}`, 'Applied configuration without a reboot']);
    // ghodss/yaml: keys sorted, two-space indentation.
    expect(transcript.applied[0]!.toString()).toMatch(/^cluster:\n  /);
    expect(env.node('worker-2').config!.text).toBe(transcript.applied[0]!.toString());
    expect(env.node('worker-2').hostname()).toBe('worker-2');
    expect(await env.drive.runUntil(() => labelsOf('worker-2').json === '6902', 5 * 60_000)).toBe(true);
  });

  it('a node whose apply fails: the error names the node (FilterMessages)', async () => {
    const node = addressOf('worker-2');
    await expect(talosctlPatch([node], ['machine:\n  files:\n    - path: /var/etc/motd\n      content: hello\n      permissions: 0o644\n      op: create\n'], { mode: 'NO_REBOOT' }))
      .rejects.toThrow(`${node}: rpc error: code = InvalidArgument desc = this config change can't be applied in immediate mode`);
  });
});
