/**
 * Folding staged batches into reports, set-wise: the batches are merged in memory per dedup key (oldest
 * batch first, so the first evidence and source order are kept), then written with multi-row upserts
 * (`INSERT … ON CONFLICT DO UPDATE … RETURNING`) in one transaction, so each index page is written once
 * per fold instead of once per request. Only reports that gain a new source or reporter get a second update.
 */
import type { SqlRunner } from '../hub/runner.ts';
import { reportKey, type FoldResult } from './port.ts';
import { decodeStaged, type StagedLine } from './staged-format.ts';

type Num = number | string;

/** A staged row as claimed by the fold. */
export interface StagedRow {
  id: Num;
  source: string;
  reporter: Num | null;
  n: Num;
  body: string;
}

/** A report being folded: the staged fields (evidence as JSON text) plus what batches add to it. */
type Merged = Omit<StagedLine, 'key'> & {
  sources: string[];
  reporters: number[];
  /** JSON of `sources` and `reporters` while they are still the first batch's (the usual case). */
  sourcesJson: string | null;
  reportersJson: string | null;
  firstBatch: number;
};

// 11 parameters a row: 500 rows stay far below SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT = 500;

const upsertSql = (dialect: SqlRunner['dialect'], rows: number): string => {
  const least = dialect === 'sqlite' ? 'MIN' : 'LEAST';
  const greatest = dialect === 'sqlite' ? 'MAX' : 'GREATEST';
  const values = new Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  return `INSERT INTO notify_reports (member_id, claim_id, address, category, window_start, first_seen, last_seen, count, evidence, sources, reporters)
    VALUES ${values}
    ON CONFLICT (member_id, address, category, window_start) DO UPDATE SET count = notify_reports.count + excluded.count,
      first_seen = ${least}(notify_reports.first_seen, excluded.first_seen), last_seen = ${greatest}(notify_reports.last_seen, excluded.last_seen)
    RETURNING id, member_id, address, category, window_start, count, sources, reporters`;
};

/** Folds claimed batches on the transaction's runner; `newOf` names the batch whose created keys to return. */
export async function foldBatches(tx: SqlRunner, taken: readonly StagedRow[], newOf: number | null): Promise<FoldResult> {
  const batches = [...taken].sort((a, b) => Number(a.id) - Number(b.id));
  const merged = new Map<string, Merged>();
  let rows = 0;
  for (const b of batches) {
    const batchId = Number(b.id);
    const reporter = b.reporter === null ? null : Number(b.reporter);
    const sourcesJson = JSON.stringify([b.source]);
    const reportersJson = JSON.stringify(reporter === null ? [] : [reporter]);
    decodeStaged(b.body, (l) => {
      rows++;
      const m = merged.get(l.key);
      if (!m) {
        merged.set(l.key, {
          memberId: l.memberId, claimId: l.claimId, address: l.address, category: l.category, windowStart: l.windowStart,
          firstSeen: l.firstSeen, lastSeen: l.lastSeen, count: l.count, evidence: l.evidence,
          sources: [b.source], reporters: reporter === null ? [] : [reporter], sourcesJson, reportersJson, firstBatch: batchId,
        });
        return;
      }
      m.count += l.count;
      if (l.firstSeen < m.firstSeen) m.firstSeen = l.firstSeen;
      if (l.lastSeen > m.lastSeen) m.lastSeen = l.lastSeen;
      if (!m.sources.includes(b.source)) (m.sources.push(b.source), (m.sourcesJson = null));
      if (reporter !== null && !m.reporters.includes(reporter)) (m.reporters.push(reporter), (m.reportersJson = null));
    });
  }
  // In arrival order, so report ids keep the order events came in (the inbox lists by id).
  const list = [...merged.values()];
  let created = 0;
  const createdBy = new Set<string>();
  const fixes: Array<{ id: number; sources: string; reporters: string }> = [];
  for (let i = 0; i < list.length; ) {
    // Full statements, then the tail in power-of-two sizes: a handful of distinct statements to prepare.
    const left = list.length - i;
    const size = left >= ROWS_PER_STATEMENT ? ROWS_PER_STATEMENT : 2 ** Math.floor(Math.log2(left));
    const part = list.slice(i, i + size);
    i += size;
    const params = new Array<unknown>(part.length * 11);
    let p = 0;
    for (const m of part) {
      params[p++] = m.memberId;
      params[p++] = m.claimId;
      params[p++] = m.address;
      params[p++] = m.category;
      params[p++] = m.windowStart;
      params[p++] = m.firstSeen;
      params[p++] = m.lastSeen;
      params[p++] = m.count;
      params[p++] = m.evidence;
      params[p++] = m.sourcesJson ?? JSON.stringify(m.sources);
      params[p++] = m.reportersJson ?? JSON.stringify(m.reporters);
    }
    const back = await tx.all<{ id: Num; member_id: Num; address: string; category: string; window_start: Num; count: Num; sources: string; reporters: string }>(upsertSql(tx.dialect, part.length), params);
    for (const r of back) {
      const key = reportKey(Number(r.member_id), r.address, r.category, Number(r.window_start));
      const m = merged.get(key)!;
      // A created row holds exactly this fold's count; an existing one holds more.
      if (Number(r.count) === m.count) {
        created++;
        if (m.firstBatch === newOf) createdBy.add(key);
        continue;
      }
      // Usually the stored lists already are this fold's (the same feed again): nothing to merge or parse.
      if (r.sources === m.sourcesJson && r.reporters === m.reportersJson) continue;
      const sources = JSON.parse(r.sources) as string[];
      const reporters = JSON.parse(r.reporters) as number[];
      let changed = false;
      for (const s of m.sources) if (!sources.includes(s)) (sources.push(s), (changed = true));
      for (const p of m.reporters) if (!reporters.includes(p)) (reporters.push(p), (changed = true));
      if (changed) fixes.push({ id: Number(r.id), sources: JSON.stringify(sources), reporters: JSON.stringify(reporters) });
    }
  }
  for (const f of fixes) await tx.run('UPDATE notify_reports SET sources = ?, reporters = ? WHERE id = ?', [f.sources, f.reporters, f.id]);
  return { batches: batches.length, rows, created, merged: rows - created, createdBy };
}
