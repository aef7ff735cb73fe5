// The one Go YAML writer (nodes/go-format/yaml.ts) reproduces go.yaml.in/yaml/v4 Marshal as Talos
// uses it for talosconfigs, secrets bundles, machine configs and resource specs: indentation of
// sequences and of collections inside sequence items, empty collections, literal blocks, and when
// a string must be quoted to read back as a string (cases from go-yaml's own encode tests where
// they exist).

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitGoYaml, emitGoYamlDocuments, formatGoYamlScalar } from '../../nodes/pki/index.ts';
import { emitYaml, valueNode } from '../../nodes/go-format/yaml.ts';

describe('Go-style YAML', () => {
  it('indents sequences under keys and nests item mappings four columns right of the dash', () => {
    const text = emitGoYaml({
      list: ['a'],
      items: [{ name: 'x', inner: { deep: ['y'] }, tags: ['t'] }, {}],
      empty: { map: {}, list: [] },
    });
    expect(text).toBe(
      [
        'list:',
        '    - a',
        'items:',
        '    - name: x',
        '      inner:',
        '        deep:',
        '            - "y"',
        '      tags:',
        '        - t',
        '    - {}',
        'empty:',
        '    map: {}',
        '    list: []',
        '',
      ].join('\n'),
    );
  });

  it('quotes strings that would read back as something else, and only those', () => {
    for (const value of ['', 'true', 'yes', 'Off', '12', '1.5', '0x1f', 'null', '~', '.inf', '2026-03-01', '1:20']) {
      expect(formatGoYamlScalar(value)).toBe(JSON.stringify(value));
    }
    for (const value of ['https://10.5.0.2:6443', 'ghcr.io/siderolabs/kubelet:v1.36.0', '10.244.0.0/16', 'abc123.def', 'a+b/c=']) {
      expect(formatGoYamlScalar(value)).toBe(value);
    }
    expect(formatGoYamlScalar('- dash')).toBe("'- dash'");
    expect(formatGoYamlScalar("it's: here")).toBe("'it''s: here'");
    expect(formatGoYamlScalar(false)).toBe('false');
  });

  it('every string reads back unchanged through a YAML parser', () => {
    const values = ['', 'true', '- dash', "it's: here", '#hash', ' padded', 'a: b', '[x]', '1e3', 'on'];
    const document = Object.fromEntries(values.map((value, index) => [`k${index}`, value]));
    expect(parse(emitGoYaml(document))).toEqual(document);
  });

  it('joins documents with ---', () => {
    expect(emitGoYamlDocuments([{ a: 1 }, { b: true }])).toBe('a: 1\n---\nb: true\n');
  });

  it('quotes what go-yaml v4 resolves as a timestamp, base-60 number or merge key, not a date it cannot parse', () => {
    for (const value of ['2026-3-1', '2001-12-14t21:59:43.10Z', '2001-12-14 21:59:43', '1:20:30.5', '<<']) {
      expect(formatGoYamlScalar(value)).toBe(JSON.stringify(value));
    }
    for (const value of ['2026-13-01', '2026-02-30', '2026-03-01x', '12:70']) expect(formatGoYamlScalar(value)).toBe(value);
  });

  it('prints sequences inside sequences two columns in, and aligns what is deeper to the next multiple of four', () => {
    expect(emitYaml(valueNode(['a', ['b', 'c']]))).toBe('- a\n- - b\n  - c\n');
    expect(emitYaml(valueNode([[{ a: { b: 1 }, c: ['d'] }]]))).toBe('- - a:\n        b: 1\n    c:\n        - d\n');
  });

  it('writes multi-line strings as literal blocks (chomping and indentation as go-yaml does)', () => {
    expect(emitGoYaml({ a: '\tB\n\tC\n' })).toBe('a: |\n    \tB\n    \tC\n');
    expect(emitGoYaml({ a: 'x\ny' })).toBe('a: |-\n    x\n    y\n');
    expect(emitGoYaml({ a: 'x\n\n' })).toBe('a: |+\n    x\n\n');
    expect(emitGoYaml({ a: '  x\ny\n' })).toBe('a: |4\n      x\n    y\n');
    expect(emitGoYaml({ list: ['x\ny'] })).toBe('list:\n    - |-\n      x\n      y\n');
    expect(emitGoYaml({ a: '\n' })).toBe('a: "\\n"\n');
  });
});
