// Deep nesting runs the recursive YAML parser out of stack at a depth that depends on the stack the
// process has (CI once failed where a laptop passed). Every entry point that parses user YAML turns
// that into its own typed error at the deepest line, whatever the stack size.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../nodes/config/config-error.ts';
import { parseConfig } from '../../nodes/config/config-parser.ts';
import { loadPatch } from '../../nodes/config/patch-loading.ts';
import { deepestNesting, guardYamlStack, isStackOverflow, TOO_DEEP_REASON } from '../../nodes/config/yaml-stack-guard.ts';
import { HardwareImportError, readResourceDocuments } from '../../nodes/hardware/hardware-import.ts';
import { ScenarioError } from '../../sim/errors.ts';
import { loadScenarioText } from '../../sim/scenario/load-scenario.ts';

const DEEP = 100_000;
const deepFlow = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const hugeMap = (indent: string) => Array.from({ length: 3_000 }, (_, n) => `${indent}k${n}: v${n}`).join('\n');

function recurseForever(depth: number): number {
  return recurseForever(depth + 1) + 1;
}

describe('YAML stack guard', () => {
  it('turns a real stack overflow into the caller-made error at the deepest line', () => {
    const text = 'a: 1\nb: [[[x]]]\nc: "[[[[[[ not counted, quoted"\n';
    const thrown = (() => {
      try {
        guardYamlStack(text, () => recurseForever(0), (point) => new ConfigError(`at ${point.line}:${point.column} depth ${point.depth}`, point.line, point.column, ''));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toBe('at 2:6 depth 3');
  });

  it('passes other errors through unchanged', () => {
    const other = new TypeError('not a stack overflow');
    expect(() => guardYamlStack('a: 1', () => { throw other; }, () => new Error('wrong'))).toThrow(other);
    expect(isStackOverflow(other)).toBe(false);
    expect(isStackOverflow(new RangeError('Maximum call stack size exceeded'))).toBe(true);
  });

  it('finds the deepest flow nesting, ignoring comments and quotes, else the most indented line', () => {
    expect(deepestNesting('a:\n  b: {c: [1, [2]]}  # [[[[[\n')).toEqual({ line: 2, column: 14, depth: 3 });
    expect(deepestNesting('a:\n  b:\n      c: 1\n  d: 2\n')).toEqual({ line: 3, column: 7, depth: 6 });
    expect(deepestNesting('')).toEqual({ line: 1, column: 1, depth: 0 });
  });

  it('a config nested 100,000 levels deep is refused with a ConfigError at its line', () => {
    const config = `version: v1alpha1\nmachine:\n  type: worker\n  huge:\n${hugeMap('    ')}\n  deep: ${deepFlow}\n`;
    expect(() => parseConfig(config)).toThrow(ConfigError);
    expect(() => parseConfig(config)).toThrow(/^decode error: yaml: line \d+, column \d+: /);
  });

  it('a scenario nested 100,000 levels deep is refused with a ScenarioError at file:line:col', () => {
    const scenario = `name: deep\nexpect:\n  - at: 4m\n    huge:\n${hugeMap('        ')}\n    name: x\n    deep: ${deepFlow}\n`;
    let thrown: unknown;
    try {
      loadScenarioText(scenario, 'deep.yaml', () => '');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as Error).message).toMatch(/^deep\.yaml:\d+:\d+: /);
  });

  it('a patch and a hardware import nested that deep are refused with their own errors', () => {
    expect(() => loadPatch(`machine:\n  deep: ${deepFlow}\n`, 'v1.13.9')).toThrow(ConfigError);
    let thrown: unknown;
    try {
      readResourceDocuments(`metadata:\n  deep: ${deepFlow}\n`, 'disks.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HardwareImportError);
  });

  it('the reason names the problem', () => {
    expect(TOO_DEEP_REASON).toMatch(/nesting too deep/);
  });
});
