// Talos v1.13's validation of the multi-document kinds talsim acts on: each document's errors
// under its id, the conflicts with the v1alpha1 document, and the container's duplicate and
// conflicting-document checks, with Talos' texts; and the same findings from `talsim lint`.
import { describe, expect, it } from 'vitest';
import {
  ConfigError, formatApplyValidationError, lintConfig, parseConfig, validateConfig, validateDocuments,
} from '../../nodes/config/index.ts';
import { WORKER_YAML, edit } from './fixtures.ts';

/** A v1.12+ worker: the stable hostname comes from a HostnameConfig, not machine.features. */
const WORKER = WORKER_YAML.replace('        stableHostname: true\n', '');
const withDocs = (...docs: string[]) => [WORKER, ...docs].join('---\n');
const issues = (text: string) => {
  const parsed = parseConfig(text);
  return validateDocuments(parsed.documents, parsed.config).map((issue) => issue.message);
};

describe('document validation with Talos texts', () => {
  it('KubeSpanConfig conflicts with .machine.network.kubespan, however it is set', () => {
    const kubeSpan = 'apiVersion: v1alpha1\nkind: KubeSpanConfig\nenabled: true\n';
    const withLegacy = (kubespan: string) => [edit(WORKER, '    network: {}\n', `    network:\n        kubespan:${kubespan}\n`), kubeSpan].join('---\n');
    expect(issues(withLegacy(' {}'))).toEqual(['kubespan is already configured in v1alpha1 machine.network.kubespan']);
    expect(issues(withLegacy('\n            enabled: false'))).toEqual(['kubespan is already configured in v1alpha1 machine.network.kubespan']);
    expect(issues(withDocs(kubeSpan))).toEqual([]);
  });

  it('HostnameConfig: auto and hostname exclusive, one required, talos-addr refused', () => {
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: HostnameConfig\n'))).toEqual(["HostnameConfig: either 'auto' or 'hostname' must be set"]);
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\nhostname: node-1\n'))).toEqual(["HostnameConfig: 'auto' and 'hostname' cannot be set at the same time"]);
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: HostnameConfig\nauto: talos-addr\n'))).toEqual(["HostnameConfig: invalid value for 'auto': talos-addr"]);
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: HostnameConfig\nauto: off\nhostname: node-1\n'))).toEqual([]);
  });

  it('named documents carry their name; errors of one document are joined by newlines', () => {
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: VLANConfig\nname: eth0.5\nvlanID: 5000\naddresses:\n  - address: 0.0.0.0/0\n'))).toEqual([
      'VLANConfig/eth0.5: vlanID must be specified and between 1 and 4094\nparent must be specified\naddress 0 must be a valid IP address',
    ]);
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: not-an-ip\n'))).toEqual([
      'Layer2VIPConfig/not-an-ip: name must be a valid IP address: ParseAddr("not-an-ip"): unable to parse IP\nlink must be specified',
    ]);
  });

  it('volume documents: names, sizes, selectors and the system volumes VolumeConfig may name', () => {
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: my_data\nprovisioning:\n  minSize: 20GB\n  maxSize: 10GB\n'))).toEqual([
      'UserVolumeConfig/my_data: name can only contain lowercase and uppercase ASCII letters, digits, and hyphens\ndisk selector is required\nmin size is greater than max size',
    ]);
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: VolumeConfig\nname: DATA\n'))).toEqual(['VolumeConfig/DATA: only ["STATE" "EPHEMERAL" "IMAGECACHE"] volumes are supported']);
    expect(issues(withDocs('apiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\nprovisioning:\n  maxSize: 40GiB\n'))).toEqual([]);
  });

  it('reports conflicts with the v1alpha1 document', () => {
    const v1 = edit(WORKER, '    network: {}\n', '    time:\n        servers: [time.cloudflare.com]\n    network:\n        hostname: w1\n        nameservers: [1.1.1.1]\n');
    const text = [v1, 'apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n', 'apiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n  - address: 8.8.8.8\n', 'apiVersion: v1alpha1\nkind: TimeSyncConfig\nntp:\n  servers: [pool.ntp.org]\n'].join('---\n');
    expect(issues(text)).toEqual([
      'static hostname is already set in v1alpha1 config',
      '.machine.network.nameservers is already set in v1alpha1 config',
      'time servers cannot be specified in both v1alpha1 and new-style configuration',
    ]);
  });

  it('formats an apply refusal like the config container', () => {
    const parsed = parseConfig(withDocs('apiVersion: v1alpha1\nkind: StaticHostConfig\nname: 10.0.0.9\n'));
    const v1 = validateConfig(parsed.config!).errors;
    expect(formatApplyValidationError(v1, validateDocuments(parsed.documents, parsed.config))).toBe('1 error occurred:\n\t* StaticHostConfig/10.0.0.9: at least one hostname is required\n\n');
  });

  it('the container refuses a link configured by two kinds and a repeated document', () => {
    const link = 'apiVersion: v1alpha1\nkind: LinkConfig\nname: bond0\n';
    const bond = 'apiVersion: v1alpha1\nkind: BondConfig\nname: bond0\nlinks: [eth0, eth1]\nbondMode: active-backup\n';
    expect(() => parseConfig(withDocs(link, bond))).toThrow(new ConfigError('conflicting documents: LinkConfig/bond0 and BondConfig/bond0', 0, 0, ''));
    const vip = 'apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.5.0.10\nlink: eth0\n';
    const hcloud = 'apiVersion: v1alpha1\nkind: HCloudVIPConfig\nname: 10.5.0.10\nlink: eth0\napiToken: t\n';
    expect(() => parseConfig(withDocs(vip, hcloud))).toThrow('conflicting documents: Layer2VIPConfig/10.5.0.10 and HCloudVIPConfig/10.5.0.10');
  });

  it('talsim lint reports document errors at the document', () => {
    const text = withDocs('apiVersion: v1alpha1\nkind: LinkAliasConfig\nname: net%s\n');
    const result = lintConfig(text, { file: 'worker.yaml' });
    expect(result.errors).toEqual([expect.objectContaining({
      line: WORKER.split('\n').length + 1,
      path: 'LinkAliasConfig/net%s',
      message: 'name "net%s" contains an invalid format verb, use %d suffix\nlink selector is required',
    })]);
  });
});
