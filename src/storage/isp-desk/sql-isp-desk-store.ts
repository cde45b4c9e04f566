/** The ISP desk store on the hub's SQL runner (SQLite and PostgreSQL); reads `notify_reports`, owns `notify_acks`. */
import { emptyOutcomes, type AckState } from '../../core/isp-desk/acks.ts';
import { DAY_MS } from '../../core/isp-desk/host-trend.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { DeskViewer, HostRow, IspDeskStore } from './port.ts';

const steps = (): string[] => [
  `CREATE TABLE notify_acks (
    report_id BIGINT PRIMARY KEY, member_id BIGINT NOT NULL, state TEXT NOT NULL, note TEXT, by_user BIGINT NOT NULL, at BIGINT NOT NULL);
  CREATE INDEX notify_acks_member_idx ON notify_acks (member_id);`,
];

type Num = number | string;

/** Creates the store and migrates its table (after the notification store's, whose reports it reads). */
export async function createSqlIspDeskStore(runner: SqlRunner): Promise<IspDeskStore> {
  await migrateOn(runner, 'isp-desk', steps());
  return {
    async acknowledge(memberId, reportIds, ack) {
      const ids = [...new Set(reportIds)].slice(0, 10_000);
      if (ids.length === 0) return [];
      return runner.transaction(async (tx) => {
        const own = new Set<number>();
        for (let i = 0; i < ids.length; i += 500) {
          const part = ids.slice(i, i + 500);
          const rows = await tx.all<{ id: Num }>(`SELECT id FROM notify_reports WHERE member_id = ? AND id IN (${part.map(() => '?').join(', ')})`, [memberId, ...part]);
          for (const r of rows) own.add(Number(r.id));
        }
        const set = ids.filter((id) => own.has(id));
        for (const id of set) {
          await tx.run(
            `INSERT INTO notify_acks (report_id, member_id, state, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (report_id) DO UPDATE SET state = excluded.state, note = excluded.note, by_user = excluded.by_user, at = excluded.at`,
            [id, memberId, ack.state, ack.note, ack.by, ack.at]);
        }
        return set;
      });
    },
    async ticketReports(memberId, ticket) {
      const rows = await runner.all<{ id: Num }>(
        'SELECT r.id FROM notify_reports r JOIN notify_batches b ON b.id = r.batch_id WHERE r.member_id = ? AND b.member_id = ? AND b.ticket = ? ORDER BY r.id', [memberId, memberId, ticket]);
      return rows.map((r) => Number(r.id));
    },
    async hostDays(memberId, since) {
      // Integer division on both engines (BIGINT / integer literal).
      const rows = await runner.all<{ claim_id: Num; category: string; day: Num; hosts: Num; events: Num }>(
        `SELECT claim_id, category, last_seen / ${DAY_MS} AS day, COUNT(DISTINCT address) AS hosts, SUM(count) AS events
         FROM notify_reports WHERE member_id = ? AND last_seen >= ? GROUP BY claim_id, category, last_seen / ${DAY_MS} ORDER BY claim_id, category, day`, [memberId, since]);
      return rows.map((r) => ({ claimId: Number(r.claim_id), category: r.category, day: Math.floor(Number(r.day)), hosts: Number(r.hosts), events: Number(r.events) }));
    },
    async hosts(memberId, viewer: DeskViewer, q) {
      const where = ['r.member_id = ?', 'r.last_seen >= ?'];
      const params: unknown[] = [memberId, q.since];
      if (q.claimId !== undefined) (where.push('r.claim_id = ?'), params.push(q.claimId));
      if (q.category !== undefined) (where.push('r.category = ?'), params.push(q.category));
      if (q.day !== undefined) (where.push('r.last_seen >= ? AND r.last_seen < ?'), params.push(q.day * DAY_MS, (q.day + 1) * DAY_MS));
      const limit = Math.min(Math.max(1, Math.floor(q.limit)), 10_000);
      const rows = await runner.all<{ id: Num; claim_id: Num; address: string; category: string; first_seen: Num; last_seen: Num; count: Num; ticket: string | null; state: string | null; note: string | null; at: Num | null }>(
        `SELECT r.id, r.claim_id, r.address, r.category, r.first_seen, r.last_seen, r.count, b.ticket, a.state, a.note, a.at
         FROM notify_reports r LEFT JOIN notify_batches b ON b.id = r.batch_id LEFT JOIN notify_acks a ON a.report_id = r.id
         WHERE ${where.join(' AND ')} ORDER BY r.last_seen DESC, r.id LIMIT ${limit}`, params);
      const ownNotes = viewer.kind === 'member' && viewer.memberId === memberId;
      return rows.map((r): HostRow => ({
        reportId: Number(r.id), claimId: Number(r.claim_id), address: r.address, category: r.category, firstSeen: Number(r.first_seen),
        lastSeen: Number(r.last_seen), count: Number(r.count), ticket: r.ticket,
        ack: r.state === null ? null : { state: r.state as AckState, note: ownNotes ? r.note : null, at: Number(r.at) },
      }));
    },
    async reporterOutcomes(reporterMemberId) {
      // `reporters` is a JSON array of member ids: match the id as a whole element.
      const id = String(Math.floor(reporterMemberId));
      const rows = await runner.all<{ state: string | null; n: Num }>(
        `SELECT a.state, COUNT(*) AS n FROM notify_reports r LEFT JOIN notify_acks a ON a.report_id = r.id
         WHERE r.reporters = ? OR r.reporters LIKE ? OR r.reporters LIKE ? OR r.reporters LIKE ? GROUP BY a.state`,
        [`[${id}]`, `[${id},%`, `%,${id},%`, `%,${id}]`]);
      const out = { reports: 0, ...emptyOutcomes() };
      for (const r of rows) {
        out[(r.state ?? 'open') as AckState | 'open'] += Number(r.n);
        out.reports += Number(r.n);
      }
      return out;
    },
  };
}
