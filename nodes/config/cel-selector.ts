// Talos's CEL selectors (LinkAliasConfig `selector.match`, volume `diskSelector.match`,
// ExistingVolumeConfig `volumeSelector.match`): compiled as Talos compiles them at validation
// (cel-syntax.ts parses, cel-check.ts type-checks in the environment, the result must be a bool,
// errors in cel-go's text), then evaluated against what a machine has. A field the hardware lacks
// reads as its proto zero value. Functions: glob(pattern, s), mac(bytes), size, startsWith,
// endsWith, contains, matches, int/uint/string conversions and has(field); for the OOM
// environments (compileExpression): maps (literals and indexing), optionals (null when unset:
// hasValue, value, orValue), double(), duration() (a duration is its length in ms) and
// multiply_qos_vectors.
// Leaves out: bytes as bytes (a MAC address is carried as its text), timestamps, duration arithmetic.
import { CelError, formatCelErrors, parseCel, type CelNode } from './cel-syntax.ts';
import { parseGoDuration } from '../go-format/duration.ts';
import { CelChecker } from './cel-check.ts';
import { CEL_ENVIRONMENTS, MESSAGES, typeName, zeroValue, type CelEnvironment, type CelType } from './cel-environments.ts';

export type CelValue = string | number | boolean | CelValue[] | { [key: string]: CelValue } | null;
export type SelectorEnvironment = CelEnvironment['name'];

function globMatch(pattern: string, text: string): boolean {
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return expression.test(text);
}

const equal = (a: CelValue, b: CelValue): boolean => JSON.stringify(a) === JSON.stringify(b);

function evaluate(node: CelNode, variables: Record<string, CelValue>, env: CelEnvironment, types: Map<CelNode, CelType>): CelValue {
  const run = (child: CelNode) => evaluate(child, variables, env, types);
  switch (node.t) {
    case 'lit':
      return node.value;
    case 'ident':
      return node.name in variables ? variables[node.name] : env.constants[node.name] ?? null;
    case 'list':
      return node.items.map(run);
    case 'map':
      return Object.fromEntries(node.entries.map((entry) => [String(run(entry.key)), run(entry.value)]));
    case 'select': {
      const operand = run(node.operand);
      const value = operand !== null && typeof operand === 'object' && !Array.isArray(operand) ? operand[node.field] : undefined;
      return value ?? (zeroValue(types.get(node) ?? 'dyn') as CelValue);
    }
    case 'call':
      break;
  }
  const type = typeName(types.get(node) ?? 'dyn');
  if (node.target !== undefined && (node.fn === 'hasValue' || node.fn === 'value' || node.fn === 'orValue')) {
    const optional = run(node.target);
    if (node.fn === 'hasValue') return optional !== null;
    if (node.fn === 'orValue') return optional ?? run(node.args[0]);
    if (optional === null) throw new Error('optional.none() dereference');
    return optional;
  }
  if (node.fn === '_&&_') return Boolean(run(node.args[0])) && Boolean(run(node.args[1]));
  if (node.fn === '_||_') return Boolean(run(node.args[0])) || Boolean(run(node.args[1]));
  if (node.fn === '_?_:_') return run(node.args[0]) ? run(node.args[1]) : run(node.args[2]);
  if (node.fn === 'has') {
    const select = node.args[0] as CelNode & { t: 'select' };
    const operand = run(select.operand);
    const value = operand !== null && typeof operand === 'object' && !Array.isArray(operand) ? operand[select.field] : undefined;
    return value !== undefined && !equal(value, zeroValue(types.get(select) ?? 'dyn') as CelValue);
  }
  const args = [...(node.target ? [node.target] : []), ...node.args].map(run);
  const [a, b] = args as [never, never];
  switch (node.fn) {
    case '_==_': return equal(a, b);
    case '_!=_': return !equal(a, b);
    case '_<_': return a < b;
    case '_<=_': return a <= b;
    case '_>_': return a > b;
    case '_>=_': return a >= b;
    case '_+_': return Array.isArray(a) ? [...(a as CelValue[]), ...(b as CelValue[])] : typeof a === 'string' ? `${a}${b}` : Number(a) + Number(b);
    case '_-_': return Number(a) - Number(b);
    case '_*_': return Number(a) * Number(b);
    case '_/_':
      if (type !== 'double' && Number(b) === 0) throw new Error('division by zero');
      return type === 'double' ? Number(a) / Number(b) : Math.trunc(Number(a) / Number(b));
    case '_%_':
      if (Number(b) === 0) throw new Error('modulus by zero');
      return Number(a) % Number(b);
    case '!_': return !a;
    case '-_': return -Number(a);
    case '@in': return Array.isArray(b) && (b as CelValue[]).some((item) => equal(item, a));
    case '_[_]': {
      if (!Array.isArray(a)) {
        const map = a as Record<string, CelValue>;
        if (!(String(b) in map)) throw new Error(`no such key: ${b}`);
        return map[String(b)];
      }
      const list = a as CelValue[];
      if (Number(b) < 0 || Number(b) >= list.length) throw new Error(`index out of range: ${b}`);
      return list[Number(b)];
    }
    case 'glob': return globMatch(String(a), String(b));
    case 'mac': return String(a).toLowerCase();
    case 'size': return Array.isArray(a) ? (a as CelValue[]).length : [...String(a)].length;
    case 'startsWith': return String(a).startsWith(String(b));
    case 'endsWith': return String(a).endsWith(String(b));
    case 'contains': return String(a).includes(String(b));
    case 'matches': return new RegExp(String(b)).test(String(a));
    case 'int':
    case 'uint': {
      const value = Math.trunc(Number(a));
      if (Number.isNaN(value) || (node.fn === 'uint' && value < 0)) throw new Error(`${node.fn} conversion error`);
      return value;
    }
    case 'string': return String(a);
    case 'double': return Number(a);
    case 'duration': {
      if (typeof a === 'number') return a;
      const nanoseconds = parseGoDuration(String(a));
      if (nanoseconds === null) throw new Error(`invalid duration: ${a}`);
      return Number(nanoseconds) / 1e6;
    }
    case 'multiply_qos_vectors': {
      const left = a as Record<string, number>;
      const right = b as Record<string, number>;
      let sum = 0;
      for (const key of Object.keys(left)) if (key in right) sum += left[key] * right[key];
      return sum;
    }
  }
  throw new Error(`no such overload: ${node.fn}`);
}

export interface CompiledSelector {
  evaluate(variables: Record<string, CelValue>): boolean;
}

/** Compiles a selector as Talos does at validation; on failure cel-go's error text (or Talos's output-type error). */
export function compileSelector(expression: string, environment: SelectorEnvironment): CompiledSelector | { error: string } {
  const compiled = compileExpression(expression, environment, 'bool');
  if ('error' in compiled) return compiled;
  return { evaluate: (variables) => compiled.evaluate(variables) === true };
}

export interface CompiledExpression {
  /** The expression's value for these variables; throws on an evaluation error (a missing key, a none optional). */
  evaluate(variables: Record<string, CelValue>): CelValue;
}

/** Compiles an expression that must yield `expected` (cel.ParseBooleanExpression/ParseDoubleExpression) in `environment`. */
export function compileExpression(expression: string, environment: SelectorEnvironment, expected: 'bool' | 'double'): CompiledExpression | { error: string } {
  const env = CEL_ENVIRONMENTS[environment];
  let tree: CelNode;
  try {
    tree = parseCel(expression);
  } catch (error) {
    if (error instanceof CelError) return { error: formatCelErrors(expression, [error]) };
    throw error;
  }
  const checker = new CelChecker(env);
  const output = checker.check(tree);
  if (checker.errors.length > 0) return { error: formatCelErrors(expression, checker.errors) };
  if (typeName(output) !== expected) return { error: `expression output type is ${typeName(output)}, expected ${expected}` };
  return { evaluate: (variables) => evaluate(tree, variables, env, checker.types) };
}

/** True when `expression` compiles and holds for these variables; false otherwise (an evaluation error included). */
export function selectorMatches(expression: string, environment: SelectorEnvironment, variables: Record<string, CelValue>): boolean {
  const compiled = compileSelector(expression, environment);
  if ('error' in compiled) return false;
  try {
    return compiled.evaluate(variables);
  } catch {
    return false;
  }
}

/** The proto field names a selector variable of this environment may carry. */
export function selectorFields(environment: SelectorEnvironment, variable: string): string[] {
  const type = CEL_ENVIRONMENTS[environment].variables[variable];
  return typeof type === 'object' && 'message' in type ? Object.keys(MESSAGES[type.message] ?? {}) : [];
}
