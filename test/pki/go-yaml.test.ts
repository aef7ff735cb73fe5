// The YAML writer reproduces Go yaml's choices: indentation of sequences and of mappings inside
// sequence items, empty collections, and when a string must be quoted to read back as a string.

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitGoYaml, emitGoYamlDocuments, formatGoYamlScalar } from '../../nodes/pki/index.ts';

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
});
