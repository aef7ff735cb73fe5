// Scenarios from your own files: `cluster.secrets` (your secrets.yaml: the nodes take its CAs) and
// node patches as talosctl takes them (`@file` or inline text, deletes and other documents), with
// load errors at the field for a secrets file of another format and a patch that cannot apply.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../sim/scenario/load-scenario.ts';
import { ScenarioError } from '../../sim/errors.ts';
import { SimCluster } from '../../sim/cluster/cluster.ts';
import { generateConfigFiles } from '../../sim/cli/gen-config-command.ts';
import { parseConfig } from '../../nodes/config/index.ts';
import { secretsBundleFromYaml } from '../../nodes/pki/index.ts';

const scenario = (secrets: string, patches: string) => `name: byo
seed: 1
duration: 1m
cluster:
  secrets: ${secrets}
  nodes:
    - name: cp-1
      role: controlplane
      patches:
${patches}
expect: []
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'talsim-byo-scenario-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const secretsText = generateConfigFiles({ clusterName: 'c', endpoint: 'https://10.5.0.2:6443', talosVersion: 'v1.13.0', seed: 'mine', now: new Date(0) })['secrets.yaml'];

function loadError(path: string): string {
  try {
    loadScenarioFile(path);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario cluster.secrets and patch texts', () => {
  it("builds the nodes from your secrets and applies @file and inline patches in order", () => {
    const dir = dirWith({
      'secrets.yaml': secretsText,
      'labels.yaml': 'machine:\n  nodeLabels:\n    pool: blue\n---\napiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete\n',
      'byo.yaml': scenario('secrets.yaml', "        - '@labels.yaml'\n        - {machine: {nodeLabels: {zone: a}}}\n        - \"machine:\\n  nodeLabels:\\n    pool:\\n      $patch: delete\\n\"\n"),
    });
    const plan = loadScenarioFile(join(dir, 'byo.yaml'));
    expect(plan.cluster.secrets?.path).toBe('secrets.yaml');
    const cluster = new SimCluster(plan.cluster, { seed: '1', baseDir: dir });
    expect(cluster.secrets.certs.os.crt).toBe(secretsBundleFromYaml(secretsText).certs.os.crt);
    const text = cluster.configTextFor(plan.cluster.nodes[0]!);
    const parsed = parseConfig(text);
    expect(parsed.config?.machine?.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': '', zone: 'a' });
    expect(parsed.documents.map((document) => document.kind)).toEqual([]);
    expect(parsed.config?.machine?.token).toBe(/token: (\S+)/.exec(secretsText.split('trustdinfo:')[1]!)![1]);
  });

  it('reports a secrets file of another format at cluster.secrets, naming the file and the missing fields', () => {
    const dir = dirWith({ 'kubeconfig': 'apiVersion: v1\nkind: Config\n', 'byo.yaml': scenario('kubeconfig', '        - {machine: {}}\n') });
    const message = loadError(join(dir, 'byo.yaml'));
    expect(message).toContain('cluster.secrets');
    expect(message).toContain('"kubeconfig": cluster is required');
  });

  it('reports a patch that cannot load, and a JSON patch on a generated (multi-document) config', () => {
    const dir = dirWith({
      'secrets.yaml': secretsText,
      'bad.yaml': 'machine:\n  kubelett: {}\n',
      'byo.yaml': scenario('secrets.yaml', "        - '@bad.yaml'\n"),
      'json.yaml': scenario('secrets.yaml', "        - '[{\"op\": \"add\", \"path\": \"/machine/certSANs/-\", \"value\": \"x\"}]'\n"),
    });
    const message = loadError(join(dir, 'byo.yaml'));
    expect(message).toContain('cluster.nodes[0].patches[0]');
    expect(message).toContain('"bad.yaml" line 2: error decoding document /v1alpha1/ (line 1): unknown keys found during decoding');
    const json = loadError(join(dir, 'json.yaml'));
    expect(json).toContain('cluster.nodes[0].patches[0]');
    expect(json).toContain('JSON6902 patches are not supported for multi-document machine configuration');
  });
});
