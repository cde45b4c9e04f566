/** The report store on the hub's SQL runner (SQLite and PostgreSQL, `?` placeholders). */
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { ActivityCount, AlertLevelRow, ActivityTlp, CitationRow, NewDraft, ReportRow, ReportStore, ReportSummaryRow, ReportViewer, SearchActivityRow } from './port.ts';
import { reportSteps } from './schema.ts';

const COLS = 'id, series, state, version, supersedes, change_note, lang, audience, period_kind, period_start, period_code, title, created_by, created_at, published_by, published_at';

/** The read rule, in every query: anonymous → published CLEAR; members → published; admins → all. */
function visible(viewer: ReportViewer, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  if (viewer === 'admin') return '1 = 1';
  if (viewer === 'member') return `${a}state = 'published'`;
  return `${a}state = 'published' AND ${a}audience = 'public'`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function summary(r: Record<string, unknown>): ReportSummaryRow {
  return {
    id: Number(r.id),
    series: String(r.series),
    state: r.state as ReportRow['state'],
    version: num(r.version),
    supersedes: num(r.supersedes),
    changeNote: (r.change_note as string | null) ?? null,
    lang: r.lang as ReportRow['lang'],
    audience: r.audience as ReportRow['audience'],
    periodKind: r.period_kind as ReportRow['periodKind'],
    periodStart: String(r.period_start),
    periodCode: String(r.period_code),
    title: String(r.title),
    createdBy: Number(r.created_by),
    createdAt: Number(r.created_at),
    publishedBy: num(r.published_by),
    publishedAt: num(r.published_at),
  };
}

const counts = (rows: Array<Record<string, unknown>>): ActivityCount[] =>
  rows.map((r) => ({ contributor: String(r.contributor), category: String(r.category), n: Number(r.n) }));
const marks = (xs: readonly unknown[]): string => xs.map(() => '?').join(', ') || 'NULL';

/** Builds the store on a runner; `migrate()` creates its tables. */
export function createSqlReportStore(runner: SqlRunner): ReportStore {
  /**
   * Items of `table` created in [from, to) at one of `tlps`, per contributor and `column` (a question has
   * none: its category is 'asked'). Only items shared with the whole community: a report goes to every
   * member (or the public), so an item meant for a group or named organisations must not even be counted.
   */
  const communityCounts = async (table: 'obs_items' | 'obs_questions' | 'obs_rooms', column: 'category' | 'severity' | null, fromMs: number, toMs: number, tlps: readonly ActivityTlp[]): Promise<ActivityCount[]> => {
    const group = column ? `author_org_id, ${column}` : 'author_org_id';
    const rows = await runner.all<Record<string, unknown>>(
      `SELECT author_org_id AS contributor, ${column ?? "'asked'"} AS category, COUNT(*) AS n FROM ${table}
       WHERE created_at >= ? AND created_at < ? AND audience_kind = 'community' AND tlp IN (${marks(tlps)})
       GROUP BY ${group} ORDER BY ${column ? `${column}, ` : ''}author_org_id`,
      [fromMs, toMs, ...tlps],
    );
    return counts(rows);
  };
  const one = async (db: SqlRunner, id: number, viewer: ReportViewer): Promise<ReportRow | null> => {
    const rows = await db.all(`SELECT ${COLS}, content_json FROM report_versions WHERE id = ? AND ${visible(viewer)}`, [id]);
    return rows[0] ? { ...summary(rows[0]), contentJson: String(rows[0].content_json) } : null;
  };
  return {
    migrate: () => migrateOn(runner, 'reports', reportSteps(runner.dialect)),

    async createDraft(d: NewDraft) {
      const series = `${d.periodCode}/${d.audience}/${d.lang}`;
      const params = [series, d.supersedes, d.lang, d.audience, d.periodKind, d.periodStart, d.periodCode, d.title, d.contentJson, d.createdBy, d.createdAt];
      const sql = `INSERT INTO report_versions (series, state, supersedes, lang, audience, period_kind, period_start, period_code, title, content_json, created_by, created_at)
        VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;
      const [row] = await runner.all<{ id: number }>(sql, params);
      return (await one(runner, Number(row!.id), 'admin'))!;
    },

    get: (id, viewer) => one(runner, id, viewer),

    async list(viewer, limit) {
      const rows = await runner.all(`SELECT ${COLS} FROM report_versions WHERE ${visible(viewer)} ORDER BY id DESC LIMIT ?`, [limit]);
      return rows.map(summary);
    },

    async updateDraft(id, title, contentJson) {
      return (await runner.run(`UPDATE report_versions SET title = ?, content_json = ? WHERE id = ? AND state = 'draft'`, [title, contentJson, id])) === 1;
    },

    async publish(id, p) {
      return runner.transaction(async (tx) => {
        const draft = await one(tx, id, 'admin');
        if (!draft || draft.state !== 'draft') return null;
        // Serialise publishers of one series (PostgreSQL); SQLite's transaction is already exclusive.
        if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(hashtext(?))', [`report:${draft.series}`]);
        const [m] = await tx.all<{ v: number | string | null }>(`SELECT MAX(version) AS v FROM report_versions WHERE series = ?`, [draft.series]);
        const version = Number(m?.v ?? 0) + 1;
        const n = await tx.run(`UPDATE report_versions SET state = 'published', version = ?, change_note = ?, published_by = ?, published_at = ? WHERE id = ? AND state = 'draft'`, [version, p.changeNote, p.by, p.at, id]);
        if (n !== 1) return null;
        for (const c of p.citations) {
          await tx.run('INSERT INTO report_citations (citation_id, report_id, version, audience, json) VALUES (?, ?, ?, ?, ?)', [c.citationId, id, version, draft.audience, c.json]);
        }
        return one(tx, id, 'admin');
      });
    },

    async versions(series, viewer) {
      const rows = await runner.all(`SELECT ${COLS} FROM report_versions WHERE series = ? AND state = 'published' AND ${visible(viewer)} ORDER BY version`, [series]);
      return rows.map(summary);
    },

    async resolveCitation(citationId, viewer) {
      const rows = await runner.all<Record<string, unknown>>(
        `SELECT c.citation_id, c.report_id, c.version, c.json FROM report_citations c JOIN report_versions r ON r.id = c.report_id
         WHERE c.citation_id = ? AND ${visible(viewer, 'r')} ORDER BY r.published_at DESC, c.report_id DESC LIMIT 1`,
        [citationId],
      );
      const r = rows[0];
      return r ? ({ citationId: String(r.citation_id), reportId: Number(r.report_id), version: Number(r.version), json: String(r.json) } satisfies CitationRow) : null;
    },

    async searchActivity(fromMs, toMs) {
      const rows = await runner.all<Record<string, unknown>>(
        `SELECT o.name AS org, COUNT(*) AS searches, SUM(s.value_count) AS vals, SUM(s.hit_value_count) AS hits
         FROM hub_searches s JOIN hub_orgs o ON o.id = s.org_id
         WHERE s.created_at >= ? AND s.created_at < ? AND s.status IN ('done', 'partial')
         GROUP BY o.name ORDER BY o.name`,
        [fromMs, toMs],
      );
      return rows.map((r): SearchActivityRow => ({ org: String(r.org), searches: Number(r.searches), values: Number(r.vals ?? 0), hitValues: Number(r.hits ?? 0) }));
    },

    observationActivity: (fromMs, toMs, tlps) => communityCounts('obs_items', 'category', fromMs, toMs, tlps),
    questionActivity: (fromMs, toMs, tlps) => communityCounts('obs_questions', null, fromMs, toMs, tlps),
    roomActivity: (fromMs, toMs, tlps) => communityCounts('obs_rooms', 'severity', fromMs, toMs, tlps),

    async roomOutcomes(fromMs, toMs, tlps) {
      const rows = await runner.all<Record<string, unknown>>(
        `SELECT s.org_id AS contributor, s.status AS category, COUNT(*) AS n FROM obs_room_statuses s JOIN obs_rooms r ON r.id = s.room_id
         WHERE r.state = 'closed' AND r.updated_at >= ? AND r.updated_at < ? AND r.audience_kind = 'community' AND r.tlp IN (${marks(tlps)})
         GROUP BY s.org_id, s.status ORDER BY s.status, s.org_id`,
        [fromMs, toMs, ...tlps],
      );
      return counts(rows);
    },

    async openRooms(atMs, tlps) {
      const rows = await runner.all<Record<string, unknown>>(
        `SELECT severity, COUNT(*) AS n FROM obs_rooms
         WHERE created_at < ? AND state IN ('open', 'monitoring') AND audience_kind = 'community' AND tlp IN (${marks(tlps)})
         GROUP BY severity ORDER BY severity`,
        [atMs, ...tlps],
      );
      return rows.map((r) => ({ severity: String(r.severity), n: Number(r.n) }));
    },

    async notificationActivity(fromMs, toMs) {
      const rows = await runner.all<Record<string, unknown>>(
        `SELECT member_id AS contributor, category, COUNT(*) AS n FROM notify_reports
         WHERE first_seen >= ? AND first_seen < ? GROUP BY member_id, category ORDER BY category, member_id`,
        [fromMs, toMs],
      );
      return counts(rows);
    },

    async setAlertLevel(r) {
      const [row] = await runner.all<{ id: number }>('INSERT INTO report_alert_levels (level, reason, set_by, set_at) VALUES (?, ?, ?, ?) RETURNING id', [r.level, r.reason, r.setBy, r.setAt]);
      return { id: Number(row!.id), ...r };
    },

    async alertLevels(limit) {
      const rows = await runner.all<Record<string, unknown>>('SELECT id, level, reason, set_by, set_at FROM report_alert_levels ORDER BY set_at DESC, id DESC LIMIT ?', [limit]);
      return rows.map((r): AlertLevelRow => ({ id: Number(r.id), level: r.level as AlertLevelRow['level'], reason: String(r.reason), setBy: Number(r.set_by), setAt: Number(r.set_at) }));
    },
  };
}
