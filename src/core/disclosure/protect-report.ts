/**
 * Protects the figures of one report before publication:
 * 1. primary suppression: a figure backed by 1 … k−1 distinct members is withheld;
 * 2. secondary suppression: where a table publishes a total, the withheld cells of that table must
 *    together come from at least k members, or total − published cells would reveal them; more cells
 *    are withheld (smallest first) until they do, or the total itself is withheld. A figure withheld in
 *    one table is withheld in every table of the report (repeated until nothing changes);
 * 3. every published figure, totals included, is rounded with keyed noise (`perturb.ts`), the same for
 *    the same figure key everywhere in the report.
 */
import { RenkeiError } from '../errors.ts';
import { perturb } from './perturb.ts';
import { checkParams, type DisclosureParams } from './params.ts';
import type { ReportSeed } from './keyed-noise.ts';

/** Contributions to one figure: member → count (members with 0 are not contributors). */
export type Contributions = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/** One cell of a table. `key` names the figure report-wide, e.g. `events|port=23|2026-11`. */
export interface CellInput {
  key: string;
  contributions: Contributions;
}

/**
 * A table (breakdown). With `totalKey` its total (the sum of all its cells) is published too; the cells
 * must then cover the whole total: put what is not listed into an "other" cell.
 */
export interface TableInput {
  id: string;
  cells: readonly CellInput[];
  totalKey?: string;
}

export type FigureStatus = 'published' | 'suppressed' | 'suppressed_secondary';

/** A figure as published: `value` is null unless `status` is 'published'. */
export interface PublishedFigure {
  key: string;
  status: FigureStatus;
  value: number | null;
}

export interface PublishedTable {
  id: string;
  cells: PublishedFigure[];
  total: PublishedFigure | null;
}

interface Figure {
  sum: number;
  members: Set<string>;
}

function figureOf(key: string, c: Contributions): Figure {
  const entries = c instanceof Map ? [...c.entries()] : Object.entries(c);
  const members = new Set<string>();
  let sum = 0;
  for (const [member, n] of entries) {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      throw new RenkeiError('validation_failed', `figure ${key}: contribution of ${member} is not a non-negative number`, { key, member });
    }
    if (n > 0) {
      members.add(member);
      sum += n;
    }
  }
  return { sum, members };
}

function sameFigure(a: Figure, b: Figure): boolean {
  return a.sum === b.sum && a.members.size === b.members.size && [...a.members].every((m) => b.members.has(m));
}

/** Applies suppression and noise to every table of one report. Throws `validation_failed` on bad input. */
export function protectReport(tables: readonly TableInput[], opts: { seed: ReportSeed; params: DisclosureParams }): PublishedTable[] {
  const p = checkParams(opts.params);
  const k = p.minMembers;
  const figures = new Map<string, Figure>();
  const remember = (key: string, f: Figure) => {
    const seen = figures.get(key);
    if (seen && !sameFigure(seen, f)) throw new RenkeiError('validation_failed', `figure ${key} appears with different contributions`, { key });
    figures.set(key, f);
  };
  for (const t of tables) {
    const cellKeys = new Set<string>();
    const total: Figure = { sum: 0, members: new Set() };
    for (const c of t.cells) {
      if (cellKeys.has(c.key)) throw new RenkeiError('validation_failed', `table ${t.id}: cell ${c.key} listed twice`, { table: t.id, key: c.key });
      cellKeys.add(c.key);
      const f = figureOf(c.key, c.contributions);
      remember(c.key, f);
      total.sum += f.sum;
      for (const m of f.members) total.members.add(m);
    }
    if (t.totalKey !== undefined) {
      if (cellKeys.has(t.totalKey)) throw new RenkeiError('validation_failed', `table ${t.id}: total key ${t.totalKey} is also a cell`, { table: t.id, key: t.totalKey });
      remember(t.totalKey, total);
    }
  }

  const status = new Map<string, FigureStatus>();
  for (const [key, f] of figures) status.set(key, f.members.size > 0 && f.members.size < k ? 'suppressed' : 'published');
  const withheld = (key: string) => status.get(key) !== 'published';

  for (let changed = true; changed; ) {
    changed = false;
    for (const t of tables) {
      if (t.totalKey === undefined || withheld(t.totalKey)) continue;
      const hidden = t.cells.filter((c) => withheld(c.key));
      if (hidden.length === 0) continue;
      const who = new Set<string>();
      for (const c of hidden) for (const m of figures.get(c.key)!.members) who.add(m);
      if (who.size >= k) continue;
      // Complement with the smallest published cells that bring in new members.
      const candidates = t.cells
        .filter((c) => !withheld(c.key))
        .map((c) => ({ key: c.key, f: figures.get(c.key)! }))
        .sort((a, b) => a.f.sum - b.f.sum || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const c of candidates) {
        if (who.size >= k) break;
        if (![...c.f.members].some((m) => !who.has(m))) continue;
        status.set(c.key, 'suppressed_secondary');
        for (const m of c.f.members) who.add(m);
      }
      if (who.size < k) status.set(t.totalKey, 'suppressed_secondary');
      changed = true;
    }
  }

  const publish = (key: string): PublishedFigure => {
    const s = status.get(key)!;
    return { key, status: s, value: s === 'published' ? perturb(figures.get(key)!.sum, opts.seed, key, p) : null };
  };
  return tables.map((t) => ({ id: t.id, cells: t.cells.map((c) => publish(c.key)), total: t.totalKey === undefined ? null : publish(t.totalKey) }));
}

/** Protects one stand-alone figure (a headline number): a report with one single-cell table. */
export function protectFigure(key: string, contributions: Contributions, opts: { seed: ReportSeed; params: DisclosureParams }): PublishedFigure {
  return protectReport([{ id: key, cells: [{ key, contributions }] }], opts)[0]!.cells[0]!;
}
