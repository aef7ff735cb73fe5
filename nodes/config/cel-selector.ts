// The subset of CEL that Talos's selectors are written in (LinkAliasConfig `selector.match`,
// volume `diskSelector.match`): literals (strings, ints, `u` uints, bools), field access on the
// `link`/`disk` variables (proto field names: link.driver, disk.transport, disk.size...), the
// size constants (GB, GiB, TB...), `!`, `&&`, `||`, comparisons, `+ - * /`, `in` over a list,
// and the functions Talos adds: mac(bytes) and glob(pattern, string). Evaluation is total: a
// field the hardware lacks reads as its zero value, as proto fields do.
// Leaves out: macros (has, exists, all), maps, string methods (startsWith, contains), type
// conversions and CEL's type checker (a type error is reported at evaluation, not compile time).

export type CelValue = string | number | boolean | CelValue[] | { [key: string]: CelValue } | null;

const UNITS: Record<string, number> = {
  B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50, EiB: 2 ** 60,
};

type Token = { kind: 'num' | 'str' | 'id' | 'op'; text: string; value?: CelValue };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) { at += space[0].length; continue; }
    const number = /^(\d+(?:\.\d+)?)(u?)/.exec(rest);
    if (number) { tokens.push({ kind: 'num', text: number[0], value: Number(number[1]) }); at += number[0].length; continue; }
    const string = /^"((?:[^"\\]|\\.)*)"|^'((?:[^'\\]|\\.)*)'/.exec(rest);
    if (string) { tokens.push({ kind: 'str', text: string[0], value: (string[1] ?? string[2]).replace(/\\(.)/g, '$1') }); at += string[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word) { tokens.push({ kind: 'id', text: word[0] }); at += word[0].length; continue; }
    const op = /^(&&|\|\||==|!=|<=|>=|[!<>+\-*/().,[\]])/.exec(rest);
    if (op) { tokens.push({ kind: 'op', text: op[0] }); at += op[0].length; continue; }
    throw new Error(`Syntax error: token recognition error at: '${rest[0]}'`);
  }
  return tokens;
}

type Node =
  | { t: 'lit'; value: CelValue }
  | { t: 'var'; name: string }
  | { t: 'field'; of: Node; name: string }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'list'; items: Node[] }
  | { t: 'unary'; op: string; of: Node }
  | { t: 'binary'; op: string; left: Node; right: Node };

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.at < this.tokens.length) throw new Error(`Syntax error: extraneous input '${this.tokens[this.at].text}'`);
    return node;
  }

  private peek(text: string): boolean {
    return this.tokens[this.at]?.text === text && this.tokens[this.at].kind !== 'str';
  }

  private expect(text: string): void {
    if (!this.peek(text)) throw new Error(`Syntax error: missing '${text}'`);
    this.at++;
  }

  private binary(next: () => Node, ops: string[]): Node {
    let left = next();
    while (ops.some((op) => this.peek(op))) {
      const op = this.tokens[this.at++].text;
      left = { t: 'binary', op, left, right: next() };
    }
    return left;
  }

  private or = (): Node => this.binary(this.and, ['||']);
  private and = (): Node => this.binary(this.relation, ['&&']);
  private relation = (): Node => this.binary(this.sum, ['==', '!=', '<=', '>=', '<', '>', 'in']);
  private sum = (): Node => this.binary(this.product, ['+', '-']);
  private product = (): Node => this.binary(this.unary, ['*', '/']);

  private unary = (): Node => {
    if (this.peek('!') || this.peek('-')) {
      const op = this.tokens[this.at++].text;
      return { t: 'unary', op, of: this.unary() };
    }
    return this.member();
  };

  private member(): Node {
    let node = this.primary();
    while (this.peek('.')) {
      this.at++;
      const name = this.tokens[this.at++];
      if (name?.kind !== 'id') throw new Error('Syntax error: expected a field name');
      node = { t: 'field', of: node, name: name.text };
    }
    return node;
  }

  private primary(): Node {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new Error('Syntax error: unexpected end of input');
    if (token.kind === 'num' || token.kind === 'str') return { t: 'lit', value: token.value ?? null };
    if (token.kind === 'id') {
      if (token.text === 'true' || token.text === 'false') return { t: 'lit', value: token.text === 'true' };
      if (this.peek('(')) {
        this.at++;
        const args: Node[] = [];
        while (!this.peek(')')) {
          args.push(this.or());
          if (!this.peek(')')) this.expect(',');
        }
        this.at++;
        return { t: 'call', name: token.text, args };
      }
      return { t: 'var', name: token.text };
    }
    if (token.text === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.text === '[') {
      const items: Node[] = [];
      while (!this.peek(']')) {
        items.push(this.or());
        if (!this.peek(']')) this.expect(',');
      }
      this.at++;
      return { t: 'list', items };
    }
    throw new Error(`Syntax error: mismatched input '${token.text}'`);
  }
}

function globMatch(pattern: string, text: string): boolean {
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return expression.test(text);
}

function evaluate(node: Node, variables: Record<string, CelValue>): CelValue {
  switch (node.t) {
    case 'lit':
      return node.value;
    case 'var':
      if (node.name in variables) return variables[node.name];
      if (node.name in UNITS) return UNITS[node.name];
      throw new Error(`undeclared reference to '${node.name}'`);
    case 'field': {
      const of = evaluate(node.of, variables);
      if (of === null || typeof of !== 'object' || Array.isArray(of)) throw new Error(`no such field '${node.name}'`);
      return of[node.name] ?? null;
    }
    case 'list':
      return node.items.map((item) => evaluate(item, variables));
    case 'call': {
      const args = node.args.map((arg) => evaluate(arg, variables));
      if (node.name === 'mac') return String(args[0] ?? '').toLowerCase();
      if (node.name === 'glob') return globMatch(String(args[0] ?? ''), String(args[1] ?? ''));
      throw new Error(`undeclared reference to '${node.name}'`);
    }
    case 'unary': {
      const of = evaluate(node.of, variables);
      return node.op === '!' ? !of : -Number(of);
    }
    case 'binary': {
      if (node.op === '&&') return Boolean(evaluate(node.left, variables)) && Boolean(evaluate(node.right, variables));
      if (node.op === '||') return Boolean(evaluate(node.left, variables)) || Boolean(evaluate(node.right, variables));
      const left = evaluate(node.left, variables);
      const right = evaluate(node.right, variables);
      switch (node.op) {
        case '==': return JSON.stringify(left ?? '') === JSON.stringify(right ?? '');
        case '!=': return JSON.stringify(left ?? '') !== JSON.stringify(right ?? '');
        case '<': return (left as number) < (right as number);
        case '<=': return (left as number) <= (right as number);
        case '>': return (left as number) > (right as number);
        case '>=': return (left as number) >= (right as number);
        case '+': return typeof left === 'string' ? left + String(right) : Number(left) + Number(right);
        case '-': return Number(left) - Number(right);
        case '*': return Number(left) * Number(right);
        case '/': return Math.floor(Number(left) / Number(right));
        case 'in': return Array.isArray(right) && right.some((item) => JSON.stringify(item) === JSON.stringify(left));
      }
      return null;
    }
  }
}

/** Compiles a selector; the error text when it cannot be parsed. */
export function compileSelector(expression: string): { evaluate(variables: Record<string, CelValue>): boolean } | { error: string } {
  let tree: Node;
  try {
    tree = new Parser(tokenize(expression)).parse();
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { evaluate: (variables) => Boolean(evaluate(tree, variables)) };
}

/** True when `expression` holds for these variables; false when it does not or cannot be evaluated. */
export function selectorMatches(expression: string, variables: Record<string, CelValue>): boolean {
  const compiled = compileSelector(expression);
  if ('error' in compiled) return false;
  try {
    return compiled.evaluate(variables);
  } catch {
    return false;
  }
}
