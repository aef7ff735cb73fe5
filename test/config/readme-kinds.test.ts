// The README's "what is emulated" paragraph on multi-document configs stays true: every kind
// talsim acts on (ACTING_KINDS) is listed among those that act, and every other kind v1.13
// registers is listed as only parsed (Registry*Config stands for the three registry kinds).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTING_KINDS } from '../../nodes/config/index.ts';
import { registeredKinds } from '../../nodes/config/registered-kinds.ts';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf('Documents talsim **acts on**');
const split = readme.indexOf('Only **parsed**', start);
const end = readme.indexOf('\n\n', split);
const mentioned = (text: string) => new Set([...text.matchAll(/`([A-Za-z0-9*]+Config)`/g)].map((match) => match[1]));

describe('README lists the document kinds that act and those only parsed', () => {
  it('finds the paragraph', () => {
    expect([start, split, end].every((index) => index > 0)).toBe(true);
  });
  it('every acting kind is listed as acting, and none of them as parsed only', () => {
    const acting = mentioned(readme.slice(start, split));
    const parsed = mentioned(readme.slice(split, end));
    expect(ACTING_KINDS.filter((kind) => !acting.has(kind))).toEqual([]);
    expect(ACTING_KINDS.filter((kind) => parsed.has(kind))).toEqual([]);
  });
  it('every other v1.13 kind is listed as parsed only', () => {
    const parsed = mentioned(readme.slice(split, end));
    const rest = [...registeredKinds('v1.13.9')].filter((kind) => !(ACTING_KINDS as readonly string[]).includes(kind));
    expect(rest.filter((kind) => !parsed.has(kind) && !(kind.startsWith('Registry') && parsed.has('Registry*Config')))).toEqual([]);
  });
});
