// CEL's type checker over a parsed selector, in one of Talos's environments: undeclared
// references, undefined fields, operators and functions with no overload for their argument
// types (strict: `uint > int` is an error, as cel-go checks it without cross-type numeric
// comparisons), and Talos's own check that the result is a bool. Errors carry cel-go's texts and
// positions; an operand that already failed does not produce a second error. Each node's type is
// kept for evaluation (integer division, zero values of unset fields).
// Maps (literals, indexing), optionals' hasValue/value/orValue and durations (compared, made by
// duration()) as the OOM environments need them.
// Leaves out: timestamps, duration arithmetic, and the `has()` macro on anything but a field.
import { CelError, type CelNode } from './cel-syntax.ts';
import { MESSAGES, typeName, type CelEnvironment, type CelType } from './cel-environments.ts';

const NUMERIC = ['int', 'uint', 'double'];
const ORDERED = [...NUMERIC, 'string', 'bytes', 'bool', 'google.protobuf.Duration'];
const DYN = 'dyn';
const ERROR = 'error';

const isLoose = (type: CelType): boolean => type === DYN || type === ERROR;

function same(a: CelType, b: CelType): boolean {
  if (isLoose(a) || isLoose(b)) return true;
  if (typeof a === 'object' && typeof b === 'object' && 'list' in a && 'list' in b) return same(a.list, b.list);
  if (typeof a === 'object' && typeof b === 'object' && 'map' in a && 'map' in b) return same(a.map[0], b.map[0]) && same(a.map[1], b.map[1]);
  if (typeof a === 'object' && typeof b === 'object' && 'optional' in a && 'optional' in b) return same(a.optional, b.optional);
  return typeName(a) === typeName(b);
}

function pick(a: CelType, b: CelType): CelType {
  return isLoose(a) ? b : a;
}

export class CelChecker {
  readonly errors: CelError[] = [];
  readonly types = new Map<CelNode, CelType>();

  constructor(private readonly env: CelEnvironment) {}

  check(node: CelNode): CelType {
    const type = this.typeOf(node);
    this.types.set(node, type);
    return type;
  }

  private fail(node: CelNode, message: string): CelType {
    this.errors.push(new CelError(node.at, message));
    return ERROR;
  }

  private noOverload(node: CelNode & { t: 'call' }, args: CelType[], method = false): CelType {
    if (args.some((arg) => arg === ERROR)) return ERROR;
    const list = args.map(typeName);
    const signature = method ? `${list[0]}.(${list.slice(1).join(', ')})` : `(${list.join(', ')})`;
    return this.fail(node, `found no matching overload for '${node.fn}' applied to '${signature}'`);
  }

  private typeOf(node: CelNode): CelType {
    switch (node.t) {
      case 'lit':
        return node.type;
      case 'ident': {
        const variable = this.env.variables[node.name];
        if (variable !== undefined) return variable;
        if (node.name in this.env.constants) return this.env.constantTypes?.[node.name] ?? 'uint';
        return this.fail(node, `undeclared reference to '${node.name}' (in container '')`);
      }
      case 'select': {
        const operand = this.check(node.operand);
        if (isLoose(operand)) return DYN;
        if (typeof operand === 'object' && 'message' in operand) {
          const fields = MESSAGES[operand.message];
          if (fields === undefined) return DYN;
          return fields[node.field] ?? this.fail(node, `undefined field '${node.field}'`);
        }
        return this.fail(node, `type '${typeName(operand)}' does not support field selection`);
      }
      case 'list': {
        const items = node.items.map((item) => this.check(item));
        const element = items.reduce<CelType | undefined>((joined, item) => (joined === undefined ? item : same(joined, item) ? pick(joined, item) : DYN), undefined);
        return { list: element ?? DYN };
      }
      case 'map': {
        const join = (types: CelType[]) => types.reduce<CelType | undefined>((joined, item) => (joined === undefined ? item : same(joined, item) ? pick(joined, item) : DYN), undefined) ?? DYN;
        const keys = node.entries.map((entry) => this.check(entry.key));
        const values = node.entries.map((entry) => this.check(entry.value));
        return { map: [join(keys), join(values)] };
      }
      case 'call':
        return this.call(node);
    }
  }

  /** The optional type's methods: hasValue(), value(), orValue(default). */
  private optionalMethod(node: CelNode & { t: 'call' }, args: CelType[]): CelType | undefined {
    const target = args[0];
    if (typeof target !== 'object' || !('optional' in target)) return undefined;
    if (node.fn === 'hasValue' && args.length === 1) return 'bool';
    if (node.fn === 'value' && args.length === 1) return target.optional;
    if (node.fn === 'orValue' && args.length === 2) return same(target.optional, args[1]) ? target.optional : this.noOverload(node, args, true);
    return undefined;
  }

  private call(node: CelNode & { t: 'call' }): CelType {
    if (node.fn === 'has' && node.target === undefined && node.args.length === 1 && node.args[0].t === 'select') {
      this.check(node.args[0]);
      return 'bool';
    }
    const args = [...(node.target ? [node.target] : []), ...node.args].map((arg) => this.check(arg));
    const [a, b, c] = args;
    switch (node.fn) {
      case '_==_':
      case '_!=_':
        return same(a, b) ? 'bool' : this.noOverload(node, args);
      case '_<_':
      case '_<=_':
      case '_>_':
      case '_>=_':
        return same(a, b) && (isLoose(a) || ORDERED.includes(typeName(a))) && (isLoose(b) || ORDERED.includes(typeName(b))) ? 'bool' : this.noOverload(node, args);
      case '_+_':
        if (same(a, b) && ([...NUMERIC, 'string', 'bytes'].includes(typeName(pick(a, b))) || isLoose(a) || (typeof a === 'object' && 'list' in a))) return pick(a, b);
        return this.noOverload(node, args);
      case '_-_':
      case '_*_':
      case '_/_':
        return same(a, b) && (NUMERIC.includes(typeName(pick(a, b))) || isLoose(pick(a, b))) ? pick(a, b) : this.noOverload(node, args);
      case '_%_':
        return same(a, b) && ['int', 'uint', DYN, ERROR].includes(typeName(pick(a, b))) ? pick(a, b) : this.noOverload(node, args);
      case '_&&_':
      case '_||_':
        return same(a, 'bool') && same(b, 'bool') ? 'bool' : this.noOverload(node, args);
      case '!_':
        return same(a, 'bool') ? 'bool' : this.noOverload(node, args);
      case '-_':
        return isLoose(a) || ['int', 'double'].includes(typeName(a)) ? a : this.noOverload(node, args);
      case '@in':
        if (isLoose(b)) return 'bool';
        return typeof b === 'object' && 'list' in b && same(a, b.list) ? 'bool' : this.noOverload(node, args);
      case '_?_:_':
        return same(a, 'bool') && same(b, c) ? pick(b, c) : this.noOverload(node, args);
      case '_[_]':
        if (isLoose(a)) return DYN;
        if (typeof a === 'object' && 'map' in a) return same(b, a.map[0]) ? a.map[1] : this.noOverload(node, args);
        return typeof a === 'object' && 'list' in a && same(b, 'int') ? a.list : this.noOverload(node, args);
    }
    const optional = node.target === undefined ? undefined : this.optionalMethod(node, args);
    if (optional !== undefined) return optional;
    const declared = this.env.functions[node.fn];
    if (declared === undefined) return this.fail(node, `undeclared reference to '${node.fn}' (in container '')`);
    const method = node.target !== undefined;
    const overload = declared.overloads.find((candidate) => Boolean(candidate.method) === method && candidate.args.length === args.length
      && candidate.args.every((wanted, index) => same(wanted, args[index]) || (wanted as { list?: CelType }).list === DYN && typeof args[index] === 'object'));
    return overload?.result ?? this.noOverload(node, args, method);
  }
}
