/**
 * Turns pasted text or a dropped file into search values, normalised by the same core normaliser the hub
 * uses, so problems are shown before the search is sent.
 */
import { normalize } from '../../core/indicators/normalize.ts';

export interface PreparedValue {
  input: string;
  type: string;
  value: string;
}
export interface Problem {
  line: number;
  input: string;
  error: string;
}
export interface Prepared {
  values: PreparedValue[];
  problems: Problem[];
  /** Values dropped because their canonical form was already present. */
  duplicates: number;
  /** CSV cells that are not indicators (dates, names, headers): counted, not listed. */
  ignoredCells: number;
  byType: Record<string, number>;
}

/** Splits one CSV line into trimmed cells, honouring double quotes; empty cells keep their position. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';' || c === '\t') {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  return cells.map((s) => s.trim());
}

type Outcome = ReturnType<typeof normalize>;

function tryNormalize(cell: string): Outcome {
  try {
    return normalize(cell);
  } catch (e) {
    return { ok: false, input: cell, error: e instanceof Error ? e.message : String(e) };
  }
}

function add(out: Prepared, seen: Set<string>, n: Outcome & { ok: true }, input: string): void {
  const key = `${n.type}\u0000${n.value}`;
  if (seen.has(key)) {
    out.duplicates++;
    return;
  }
  seen.add(key);
  out.values.push({ input, type: n.type, value: n.value });
  out.byType[n.type] = (out.byType[n.type] ?? 0) + 1;
}

/**
 * Pasted text: one value per line (comments `#` skipped); a line with separators is split and must
 * yield at least one indicator. CSV: the columns that are most consistently indicators are kept (dates,
 * ids and malware names in other columns are only counted), and unreadable cells in kept columns are problems.
 */
export function prepareValues(text: string, mode: 'text' | 'csv' = 'text'): Prepared {
  const out: Prepared = { values: [], problems: [], duplicates: 0, ignoredCells: 0, byType: {} };
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: { line: number; cells: string[]; outcomes: (Outcome | null)[] }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('//')) return;
    const split = mode === 'csv' || /[,\t;]/.test(line);
    const cells = split ? splitCsvLine(line) : [line];
    // Empty cells stay as null outcomes so CSV columns keep their positions.
    if (cells.every((c) => !c)) return;
    rows.push({ line: i + 1, cells, outcomes: cells.map((c) => (c ? tryNormalize(c) : null)) });
  });
  if (mode === 'csv') {
    const okCount: number[] = [];
    const seenCount: number[] = [];
    const distinct: Set<string>[] = [];
    for (const r of rows)
      r.outcomes.forEach((o, c) => {
        if (!o) return;
        seenCount[c] = (seenCount[c] ?? 0) + 1;
        if (!o.ok) return;
        okCount[c] = (okCount[c] ?? 0) + 1;
        (distinct[c] ??= new Set()).add(o.value);
      });
    // Malware names like "win.remcos" read as domains too, but repeat a lot: a column's score is the
    // share of its cells that are indicators times the share of those that are distinct.
    const score = seenCount.map((n, c) => ((okCount[c] ?? 0) / n) * ((distinct[c]?.size ?? 0) / Math.max(1, okCount[c] ?? 0)));
    const best = Math.max(0, ...score.filter((x) => !Number.isNaN(x)));
    const keep = seenCount.map((n, c) => (okCount[c] ?? 0) / n >= 0.5 && (score[c] ?? 0) >= best * 0.8);
    // A first row with nothing readable in the kept columns is a header, not a list of problems.
    const first = rows[0];
    const header = first !== undefined && first.outcomes.every((o, c) => !keep[c] || !o?.ok);
    for (const r of header ? rows.slice(1) : rows)
      r.outcomes.forEach((o, c) => {
        if (!o) return;
        if (!keep[c]) out.ignoredCells++;
        else if (o.ok) add(out, seen, o, r.cells[c]!);
        else out.problems.push({ line: r.line, input: r.cells[c]!, error: o.error });
      });
    if (header) out.ignoredCells += first.outcomes.filter(Boolean).length;
    return out;
  }
  for (const r of rows) {
    const present = r.outcomes.filter((o): o is Outcome => o !== null);
    const readable = present.filter((o) => o.ok).length;
    if (readable === 0) {
      const last = present[present.length - 1];
      const input = r.cells.filter(Boolean).join(', ');
      out.problems.push({ line: r.line, input, error: last && !last.ok ? last.error : '' });
      continue;
    }
    out.ignoredCells += present.length - readable;
    r.outcomes.forEach((o, c) => o?.ok && add(out, seen, o, r.cells[c]!));
  }
  return out;
}
