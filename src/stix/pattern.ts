/**
 * A small, strict recursive-descent parser for STIX 2.1 patterns (`STIXPattern.g4`): observation
 * expressions joined by AND/OR/FOLLOWEDBY with qualifiers, comparison expressions joined by AND/OR,
 * object paths (`file:hashes.'SHA-256'`, `a:b_refs[*].value`) and all literal kinds. Throws on bad input.
 */

export type PathStep = string | number | '*';
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'timestamp' | 'hex' | 'binary'; value: string }
  | { kind: 'set'; items: Literal[] };

export interface Comparison {
  kind: 'cmp';
  path: ObjectPath;
  op: string;
  negated: boolean;
  value: Literal;
}
export type ComparisonExpr = Comparison | { kind: 'and' | 'or'; items: ComparisonExpr[] };
export type ObservationExpr =
  | { kind: 'obs'; expr: ComparisonExpr; qualifiers: string[] }
  | { kind: 'and' | 'or' | 'followedby'; items: ObservationExpr[]; qualifiers: string[] };

export class PatternError extends Error {}

const OPS = ['<=', '>=', '!=', '=', '<', '>'];
const WORD_OPS = ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'IN'];

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(msg: string): never {
    throw new PatternError(`${msg} at position ${this.i}`);
  }
  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  peekWord(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i, this.i + 32));
    return m ? m[0] : '';
  }
  word(w: string): boolean {
    if (this.peekWord().toUpperCase() === w && this.peekWord().length === w.length) {
      this.i += w.length;
      return true;
    }
    return false;
  }
  ch(c: string): boolean {
    this.ws();
    if (this.s.startsWith(c, this.i)) {
      this.i += c.length;
      return true;
    }
    return false;
  }
  expect(c: string): void {
    if (!this.ch(c)) this.fail(`expected "${c}"`);
  }

  pattern(): ObservationExpr {
    const e = this.obsFollowed();
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text');
    return e;
  }
  obsFollowed(): ObservationExpr {
    return this.joined('FOLLOWEDBY', 'followedby', () => this.obsOr());
  }
  obsOr(): ObservationExpr {
    return this.joined('OR', 'or', () => this.obsAnd());
  }
  obsAnd(): ObservationExpr {
    return this.joined('AND', 'and', () => this.obsUnit());
  }
  joined(kw: string, kind: 'and' | 'or' | 'followedby', next: () => ObservationExpr): ObservationExpr {
    const items = [next()];
    while (this.word(kw)) items.push(next());
    return items.length === 1 ? items[0]! : { kind, items, qualifiers: [] };
  }
  obsUnit(): ObservationExpr {
    let e: ObservationExpr;
    if (this.ch('[')) {
      const expr = this.cmpOr();
      this.expect(']');
      e = { kind: 'obs', expr, qualifiers: [] };
    } else if (this.ch('(')) {
      e = this.obsFollowed();
      this.expect(')');
    } else this.fail('expected "[" or "("');
    for (;;) {
      const q = this.qualifier();
      if (!q) break;
      e.qualifiers.push(q);
    }
    return e;
  }
  qualifier(): string | null {
    if (this.word('WITHIN')) {
      const n = this.number();
      if (!this.word('SECONDS')) this.fail('expected SECONDS');
      return `WITHIN ${n} SECONDS`;
    }
    if (this.word('REPEATS')) {
      const n = this.number();
      if (!this.word('TIMES')) this.fail('expected TIMES');
      return `REPEATS ${n} TIMES`;
    }
    if (this.word('START')) {
      const a = this.literal();
      if (!this.word('STOP')) this.fail('expected STOP');
      const b = this.literal();
      if (a.kind !== 'timestamp' || b.kind !== 'timestamp') this.fail('START/STOP need timestamps');
      return `START ${a.value} STOP ${b.value}`;
    }
    return null;
  }
  cmpOr(): ComparisonExpr {
    const items = [this.cmpAnd()];
    while (this.word('OR')) items.push(this.cmpAnd());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }
  cmpAnd(): ComparisonExpr {
    const items = [this.cmpUnit()];
    while (this.word('AND')) items.push(this.cmpUnit());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }
  cmpUnit(): ComparisonExpr {
    if (this.ch('(')) {
      const e = this.cmpOr();
      this.expect(')');
      return e;
    }
    const path = this.objectPath();
    const negated = this.word('NOT');
    this.ws();
    let op = OPS.find((o) => this.s.startsWith(o, this.i));
    if (op) this.i += op.length;
    else {
      op = WORD_OPS.find((w) => this.word(w));
      if (!op) this.fail('expected a comparison operator');
    }
    const value = op === 'IN' ? this.set() : this.literal();
    return { kind: 'cmp', path, op, negated, value };
  }
  objectPath(): ObjectPath {
    this.ws();
    const t = /^[a-z0-9][a-z0-9-]*[a-z0-9]|^[a-z]/.exec(this.s.slice(this.i));
    if (!t) this.fail('expected an object type');
    this.i += t[0].length;
    if (this.s[this.i] !== ':') this.fail('expected ":" after object type');
    this.i++;
    const steps: PathStep[] = [this.pathComponent()];
    for (;;) {
      if (this.s[this.i] === '.') {
        this.i++;
        steps.push(this.pathComponent());
      } else if (this.s[this.i] === '[') {
        this.i++;
        const m = /^(\*|\d+)\]/.exec(this.s.slice(this.i));
        if (!m) this.fail('expected list index');
        steps.push(m[1] === '*' ? '*' : Number(m[1]));
        this.i += m[0].length;
      } else break;
    }
    return { objectType: t[0], steps };
  }
  pathComponent(): string {
    if (this.s[this.i] === "'") return this.quoted();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a property name');
    this.i += m[0].length;
    return m[0];
  }
  quoted(): string {
    if (this.s[this.i] !== "'") this.fail('expected a quoted string');
    this.i++;
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!;
      if (c === "'") return out;
      if (c === '\\') {
        const n = this.s[this.i++];
        if (n !== "'" && n !== '\\') this.fail('bad escape in string');
        out += n;
      } else out += c;
    }
    this.fail('unterminated string');
  }
  number(): number {
    this.ws();
    const m = /^[+-]?\d+/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected an integer');
    this.i += m[0].length;
    return Number(m[0]);
  }
  set(): Literal {
    this.expect('(');
    const items = [this.literal()];
    while (this.ch(',')) items.push(this.literal());
    this.expect(')');
    return { kind: 'set', items };
  }
  literal(): Literal {
    this.ws();
    const c = this.s[this.i];
    if (c === "'") return { kind: 'string', value: this.quoted() };
    if ((c === 't' || c === 'h' || c === 'b') && this.s[this.i + 1] === "'") {
      this.i++;
      const v = this.quoted();
      if (c === 't') {
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) this.fail('bad timestamp literal');
        return { kind: 'timestamp', value: v };
      }
      if (c === 'h') {
        if (!/^([0-9a-fA-F]{2})*$/.test(v)) this.fail('bad hex literal');
        return { kind: 'hex', value: v };
      }
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v)) this.fail('bad binary literal');
      return { kind: 'binary', value: v };
    }
    if (this.word('true')) return { kind: 'bool', value: true };
    if (this.word('false')) return { kind: 'bool', value: false };
    const m = /^[+-]?(\d+\.\d+|\.\d+|\d+)/.exec(this.s.slice(this.i));
    if (m) {
      this.i += m[0].length;
      return m[0].includes('.') ? { kind: 'float', value: Number(m[0]) } : { kind: 'int', value: Number(m[0]) };
    }
    this.fail('expected a literal');
  }
}

/** Parses a STIX pattern; throws `PatternError` with the position of the first problem. */
export function parsePattern(pattern: string): ObservationExpr {
  return new Parser(pattern).pattern();
}

/** `file:hashes.'SHA-256'` → `file:hashes.SHA-256` (for messages and lookups). */
export function pathString(p: ObjectPath): string {
  return `${p.objectType}:${p.steps.map((s, i) => (typeof s === 'number' || s === '*' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('').replace(/\.\[/g, '[')}`;
}
