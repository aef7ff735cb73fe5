// The Go behaviours the config layer reproduces: go-yaml scalar resolution, time.Duration,
// net/url and net address parsing, go-yaml printing, Kubernetes label rules, registered kinds.
import { describe, expect, it } from 'vitest';
import { parseGoInteger, resolvePlainScalar, yaml11Bool } from '../../nodes/config/go-yaml-scalars.ts';
import { formatGoDuration, parseGoDuration } from '../../nodes/go-format/duration.ts';
import { endpointURIError, ipOrCIDRError, isSubnetOrAddress, parseIP, parseURL } from '../../nodes/config/net-parse.ts';
import { compareGoMapKeys, emitYaml, stringNode } from '../../nodes/go-format/yaml.ts';
import { kubeletRejectsNodeLabel, nodeRestrictionForbidsLabel } from '../../nodes/config/node-label-restrictions.ts';
import { parseHumanBytes } from '../../nodes/config/leaf-decoders.ts';
import { registeredKinds } from '../../nodes/config/registered-kinds.ts';
import { humanizeBytes, humanizeIBytes } from '../../nodes/go-format/humanize.ts';

describe('go-yaml scalars', () => {
  it('resolves plain scalars like go-yaml', () => {
    expect(resolvePlainScalar('0644').value).toBe(420n);
    expect(resolvePlainScalar('0o644').value).toBe(420n);
    expect(resolvePlainScalar('0x1F').value).toBe(31n);
    expect(resolvePlainScalar('1_000').value).toBe(1000n);
    expect(resolvePlainScalar('09').tag).toBe('!!float');
    expect(resolvePlainScalar('1.10')).toEqual({ text: '1.10', tag: '!!float', value: 1.1 });
    expect(resolvePlainScalar('yes').tag).toBe('!!str');
    expect(resolvePlainScalar('True').value).toBe(true);
    expect(resolvePlainScalar('~').tag).toBe('!!null');
    expect(yaml11Bool('on')).toBe(true);
    expect(parseGoInteger('18446744073709551616')).toBeNull();
  });
});

describe('go-humanize Bytes and IBytes (every size talsim prints)', () => {
  it('one decimal below 10, none from 10 on, halves to even, SI and IEC suffixes', () => {
    expect(humanizeBytes(0)).toBe('0 B');
    expect(humanizeBytes(9)).toBe('9 B');
    expect(humanizeBytes(999)).toBe('999 B');
    expect(humanizeBytes(1024)).toBe('1.0 kB');
    expect(humanizeBytes(9999)).toBe('10 kB');
    expect(humanizeBytes(1024 * 1024)).toBe('1.0 MB');
    expect(humanizeBytes(10_000_000_000)).toBe('10 GB');
    // The sizes talsim's default hardware shows: 4 GiB of memory, 10 and 20 GiB disks (21.5 -> 22 as Go's %.0f rounds).
    expect(humanizeBytes(4 * 1024 ** 3)).toBe('4.3 GB');
    expect(humanizeBytes(10 * 1024 ** 3)).toBe('11 GB');
    expect(humanizeBytes(20 * 1024 ** 3)).toBe('22 GB');
    expect(humanizeBytes(22.5e9)).toBe('22 GB');
    expect(humanizeBytes(1e12 * 1.5)).toBe('1.5 TB');
    expect(humanizeIBytes(9)).toBe('9 B');
    expect(humanizeIBytes(1024)).toBe('1.0 KiB');
    expect(humanizeIBytes(82_854_982)).toBe('79 MiB');
    expect(humanizeIBytes(4 * 1024 ** 3)).toBe('4.0 GiB');
  });
});

describe('time.Duration', () => {
  it('parses and prints like Go', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseGoDuration('1.5s')).toBe(1_500_000_000n);
    expect(parseGoDuration('30')).toBeNull();
    expect(parseGoDuration('')).toBeNull();
    expect(formatGoDuration(60_000_000_000n)).toBe('1m0s');
    expect(formatGoDuration(87_600n * 3_600_000_000_000n)).toBe('87600h0m0s');
    expect(formatGoDuration(1_500_000n)).toBe('1.5ms');
    expect(formatGoDuration(0n)).toBe('0s');
  });
});

describe('addresses and URLs', () => {
  it('parses IPs with Go rules', () => {
    expect(parseIP('10.5.0.2')?.family).toBe(4);
    expect(parseIP('fd00::1')?.bytes).toEqual([0xfd, 0, ...new Array(13).fill(0), 1]);
    expect(parseIP('::ffff:10.0.0.1')?.family).toBe(6);
    expect(parseIP('010.0.0.1')).toBeNull();
    expect(parseIP('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(ipOrCIDRError('10.5.0.0/33')).toBe('invalid CIDR address: 10.5.0.0/33');
    expect(isSubnetOrAddress('10')).toBe(false);
    expect(isSubnetOrAddress('fd00::/64')).toBe(true);
  });

  it('parses endpoint URLs like net/url and siderolabs/net', () => {
    expect(parseURL('https://[fd00::1]:6443')).toMatchObject({ hostname: 'fd00::1', port: '6443' });
    expect(parseURL('https://foo:abc')).toBe('parse "https://foo:abc": invalid port ":abc" after host');
    expect(parseURL('https://[::1')).toBe('parse "https://[::1": missing \']\' in host');
    expect(endpointURIError('https://fd00::1:6443')).toBe('IPv6 addresses MUST be enclosed by square brackets');
    expect(endpointURIError('https://cp.example.com')).toBe('');
  });
});

describe('go-yaml printing', () => {
  it('quotes strings that would read back as something else', () => {
    expect(stringNode('0644')).toMatchObject({ style: 'double' });
    expect(stringNode('yes')).toMatchObject({ style: 'double' });
    expect(stringNode('a: b')).toMatchObject({ style: 'single' });
    expect(stringNode('-foo')).toMatchObject({ style: 'plain' });
    expect(emitYaml({ kind: 'map', entries: [['a', stringNode('line 1\nline 2\n')], ['b', { kind: 'seq', items: [] }]] })).toBe(
      'a: |\n    line 1\n    line 2\nb: []\n',
    );
  });

  it('orders map keys like go-yaml', () => {
    expect(['b', 'a10', 'a9', '_x', 'A'].sort(compareGoMapKeys)).toEqual(['_x', 'A', 'a9', 'a10', 'b']);
  });

  it('parses byte sizes like humanize', () => {
    expect(parseHumanBytes('8GB')).toBe(8e9);
    expect(parseHumanBytes('8 GiB')).toBe(8 * 2 ** 30);
    expect(parseHumanBytes('10 parsecs')).toBe('unhandled size name: parsecs');
  });
});

describe('Kubernetes node label rules', () => {
  it('knows what the kubelet and NodeRestriction refuse', () => {
    expect(kubeletRejectsNodeLabel('node-role.kubernetes.io/worker')).toBe(true);
    expect(kubeletRejectsNodeLabel('app.kubernetes.io/component')).toBe(true);
    expect(kubeletRejectsNodeLabel('node.kubernetes.io/pool')).toBe(false);
    expect(kubeletRejectsNodeLabel('topology.kubernetes.io/zone')).toBe(false);
    expect(kubeletRejectsNodeLabel('example.com/pool')).toBe(false);
    expect(nodeRestrictionForbidsLabel('node-restriction.kubernetes.io/x')).toBe(true);
  });
});

describe('registered kinds', () => {
  it('grows with each release', () => {
    expect(registeredKinds('v1.11.0').size).toBe(17);
    expect(registeredKinds('v1.12.0').size).toBe(36);
    expect(registeredKinds('v1.13.0').size).toBe(44);
    expect(registeredKinds('v1.14.0').size).toBe(89);
    expect(registeredKinds('v1.13.0').has('KubeNodeConfig')).toBe(false);
  });
});
