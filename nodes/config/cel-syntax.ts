// CEL's syntax as Talos's selectors use it (cel-go's grammar, the subset below): literals (ints,
// `u` uints, doubles, strings, bytes `b"..."`, bools, null), identifiers, field selection,
// function and method calls, lists, map literals `{k: v}`, indexing, `! -`, `* / %`, `+ -`, relations and `in`, `&&`,
// `||` and `? :`. Every node keeps the offset cel-go reports errors at (an operator's own token,
// a call's `(`, a selection's `.`), and errors are framed as cel-go frames them
// ("ERROR: <input>:1:11: ...", the source line, a caret under the column).
// Leaves out: message construction, optional syntax (`?.`, `[?`), raw/triple-quoted strings, escapes beyond \" \' \\ \n
// \t, and the exact ANTLR wording of every syntax error (the common ones are matched).

export type LiteralType = 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'bool' | 'null_type';

export type CelNode =
  | { t: 'lit'; at: number; type: LiteralType; value: string | number | boolean | null }
  | { t: 'ident'; at: number; name: string }
  | { t: 'select'; at: number; operand: CelNode; field: string }
  | { t: 'call'; at: number; fn: string; target?: CelNode; args: CelNode[] }
  | { t: 'list'; at: number; items: CelNode[] }
  | { t: 'map'; at: number; entries: Array<{ key: CelNode; value: CelNode }> };

interface Token {
  kind: 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'id' | 'op' | 'eof';
  text: string;
  at: number;
  value?: string | number;
}

/** One compile error at an offset of the source. */
export class CelError extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

/** cel-go's display of errors: "ERROR: <input>:L:C: message", the line, and dots up to a caret. */
export function formatCelErrors(source: string, errors: readonly CelError[]): string {
  return errors.map((error) => {
    const before = source.slice(0, error.at);
    const line = before.split('\n').length;
    const column = error.at - (before.lastIndexOf('\n') + 1);
    const text = source.split('\n')[line - 1].replace(/\t/g, ' ');
    return `ERROR: <input>:${line}:${column + 1}: ${error.message}\n | ${text}\n | ${'.'.repeat(Math.min(column, text.length))}^`;
  }).join('\n');
}

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '(', ')', '[', ']', '{', '}', '.', ','];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) { at += space[0].length; continue; }
    const number = /^(?:0x[0-9a-fA-F]+|\d+(\.\d+)?(?:[eE][+-]?\d+)?)([uU]?)/.exec(rest);
    if (number) {
      const kind = number[1] !== undefined || /[eE]/.test(number[0]) ? 'double' : number[2] ? 'uint' : 'int';
      tokens.push({ kind, text: number[0], at, value: Number(number[0].replace(/[uU]$/, '')) });
      at += number[0].length;
      continue;
    }
    const string = /^(b?)("((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')/.exec(rest);
    if (string) {
      const body = (string[3] ?? string[4]).replace(/\\(.)/g, (_all, char: string) => ESCAPES[char] ?? char);
      tokens.push({ kind: string[1] ? 'bytes' : 'string', text: string[0], at, value: body });
      at += string[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word) { tokens.push({ kind: 'id', text: word[0], at }); at += word[0].length; continue; }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (op !== undefined) { tokens.push({ kind: 'op', text: op, at }); at += op.length; continue; }
    throw new CelError(at, `Syntax error: token recognition error at: '${rest[0]}'`);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', at: source.length });
  return tokens;
}

const EXPRESSION_START = "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";
const RELATIONS: Record<string, string> = { '==': '_==_', '!=': '_!=_', '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_', in: '@in' };

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CelNode {
    const node = this.conditional();
    const next = this.tokens[this.at];
    if (next.kind !== 'eof') throw new CelError(next.at, `Syntax error: extraneous input '${next.text}' expecting <EOF>`);
    return node;
  }

  private next(): Token {
    return this.tokens[this.at];
  }

  private isOp(text: string): boolean {
    const token = this.next();
    return token.kind === 'op' ? token.text === text : token.kind === 'id' && text === 'in' && token.text === 'in';
  }

  private expect(text: string): Token {
    const token = this.next();
    if (!this.isOp(text)) throw new CelError(token.at, `Syntax error: mismatched input '${token.text}' expecting '${text}'`);
    this.at++;
    return token;
  }

  private conditional(): CelNode {
    const condition = this.or();
    if (!this.isOp('?')) return condition;
    const at = this.tokens[this.at++].at;
    const then = this.or();
    this.expect(':');
    const otherwise = this.conditional();
    return { t: 'call', at, fn: '_?_:_', args: [condition, then, otherwise] };
  }

  private chain(next: () => CelNode, operators: Record<string, string>, once = false): CelNode {
    let left = next();
    while (Object.keys(operators).some((op) => this.isOp(op))) {
      const token = this.tokens[this.at++];
      left = { t: 'call', at: token.at, fn: operators[token.text], args: [left, next()] };
      if (once) break;
    }
    return left;
  }

  private or = (): CelNode => this.chain(this.and, { '||': '_||_' });
  private and = (): CelNode => this.chain(this.relation, { '&&': '_&&_' });
  private relation = (): CelNode => this.chain(this.addition, RELATIONS);
  private addition = (): CelNode => this.chain(this.multiplication, { '+': '_+_', '-': '_-_' });
  private multiplication = (): CelNode => this.chain(this.unary, { '*': '_*_', '/': '_/_', '%': '_%_' });

  private unary = (): CelNode => {
    if (this.isOp('!') || this.isOp('-')) {
      const token = this.tokens[this.at++];
      const operand = this.unary();
      if (token.text === '-' && operand.t === 'lit' && (operand.type === 'int' || operand.type === 'double')) {
        return { ...operand, at: token.at, value: -(operand.value as number) };
      }
      return { t: 'call', at: token.at, fn: token.text === '!' ? '!_' : '-_', args: [operand] };
    }
    return this.member();
  };

  private member(): CelNode {
    let node = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        const dot = this.tokens[this.at++];
        const name = this.next();
        if (name.kind !== 'id') throw new CelError(name.at, `Syntax error: mismatched input '${name.text}' expecting IDENTIFIER`);
        this.at++;
        if (this.isOp('(')) {
          const open = this.tokens[this.at++];
          node = { t: 'call', at: open.at, fn: name.text, target: node, args: this.list(')') };
        } else {
          node = { t: 'select', at: dot.at, operand: node, field: name.text };
        }
      } else if (this.isOp('[')) {
        const open = this.tokens[this.at++];
        const index = this.conditional();
        this.expect(']');
        node = { t: 'call', at: open.at, fn: '_[_]', args: [node, index] };
      } else {
        return node;
      }
    }
  }

  private list(close: string): CelNode[] {
    const items: CelNode[] = [];
    while (!this.isOp(close)) {
      items.push(this.conditional());
      if (!this.isOp(close)) this.expect(',');
    }
    this.at++;
    return items;
  }

  /** A map literal's `key: value` entries up to its closing brace. */
  private entries(): Array<{ key: CelNode; value: CelNode }> {
    const entries: Array<{ key: CelNode; value: CelNode }> = [];
    while (!this.isOp('}')) {
      const key = this.conditional();
      this.expect(':');
      entries.push({ key, value: this.conditional() });
      if (!this.isOp('}')) this.expect(',');
    }
    this.at++;
    return entries;
  }

  private primary(): CelNode {
    const token = this.next();
    this.at++;
    switch (token.kind) {
      case 'int':
      case 'uint':
      case 'double':
      case 'string':
      case 'bytes':
        return { t: 'lit', at: token.at, type: token.kind, value: token.value ?? null };
      case 'id':
        if (token.text === 'true' || token.text === 'false') return { t: 'lit', at: token.at, type: 'bool', value: token.text === 'true' };
        if (token.text === 'null') return { t: 'lit', at: token.at, type: 'null_type', value: null };
        if (this.isOp('(')) {
          const open = this.tokens[this.at++];
          return { t: 'call', at: open.at, fn: token.text, args: this.list(')') };
        }
        return { t: 'ident', at: token.at, name: token.text };
      case 'op':
        if (token.text === '(') {
          const inner = this.conditional();
          this.expect(')');
          return inner;
        }
        if (token.text === '[') return { t: 'list', at: token.at, items: this.list(']') };
        if (token.text === '{') return { t: 'map', at: token.at, entries: this.entries() };
        break;
    }
    this.at--;
    throw new CelError(token.at, `Syntax error: mismatched input '${token.text}' expecting ${EXPRESSION_START}`);
  }
}

/** The expression's syntax tree, or the syntax error cel-go would report first. */
export function parseCel(source: string): CelNode {
  return new Parser(tokenize(source)).parse();
}
