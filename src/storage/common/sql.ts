/**
 * A tiny SQL text builder shared by both adapters: placeholders (`?` vs `$n`), list membership and the
 * few functions whose names differ. Keeps the query logic in one place while each adapter runs it.
 */
export type Dialect = 'sqlite' | 'postgres';

export class Sql {
  readonly params: unknown[] = [];
  constructor(readonly dialect: Dialect) {}

  /** Binds one value and returns its placeholder (booleans become 0/1: both schemas store flags as ints). */
  p(v: unknown): string {
    this.params.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return this.dialect === 'sqlite' ? '?' : `$${this.params.length}`;
  }

  /** `expr IN (…)`; an empty list gives a false predicate. */
  inList(expr: string, values: readonly unknown[]): string {
    if (values.length === 0) return '1=0';
    if (this.dialect === 'postgres') {
      const allNum = values.every((v) => typeof v === 'number');
      return `${expr} = ANY(${this.p(values)}::${allNum ? 'bigint' : 'text'}[])`;
    }
    return `${expr} IN (${values.map((v) => this.p(v)).join(',')})`;
  }

  /** Case-insensitive LIKE in both dialects (SQLite's LIKE already ignores ASCII case); `\\` escapes, as in MySQL. */
  like(expr: string, pattern: string): string {
    return this.dialect === 'sqlite' ? `${expr} LIKE ${this.p(pattern)} ESCAPE '\\'` : `${expr} ILIKE ${this.p(pattern)} ESCAPE '\\'`;
  }

  greatest(a: string, b: string): string {
    return this.dialect === 'sqlite' ? `max(${a}, ${b})` : `GREATEST(${a}, ${b})`;
  }

  /**
   * True when the JSON tag array in `col` holds a tag named (case-insensitively) one of `names`; names for
   * which `isPattern` holds are LIKE patterns (MISP compares tag filters with LIKE).
   */
  hasTag(col: string, names: readonly string[], isPattern: (n: string) => boolean = () => false): string {
    const name = this.dialect === 'sqlite' ? "lower(json_extract(jt.value, '$.name'))" : "lower(jt.value->>'name')";
    const exact = names.filter((n) => !isPattern(n)).map((n) => n.toLowerCase());
    const parts = exact.length ? [this.inList(name, exact)] : [];
    for (const p of names.filter(isPattern)) parts.push(this.like(name, p.toLowerCase()));
    const each = this.dialect === 'sqlite' ? `json_each(${col})` : `jsonb_array_elements(${col})`;
    return `EXISTS (SELECT 1 FROM ${each} jt WHERE ${parts.length ? parts.join(' OR ') : '1=0'})`;
  }
}

/** Integer ids that are safe to inline into SQL text. */
export function safeInts(values: readonly number[]): number[] {
  return values.filter((v) => Number.isSafeInteger(v));
}
