/** The notification store on the hub's SQL runner (SQLite and PostgreSQL, `?` placeholders). */
import type { SqlRunner } from '../hub/runner.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import { foldBatches, type StagedRow } from './fold-staged.ts';
import { encodeStaged } from './staged-format.ts';
import type { Channel, ComposeItem, Contact, FoldResult, NotificationStore, NotifyViewer, OutboxRow, ReportRow } from './port.ts';

const steps = (dialect: SqlRunner['dialect']): string[] => {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  return [
    `CREATE TABLE notify_contacts (
      member_id BIGINT PRIMARY KEY, email TEXT, webhook_url TEXT, webhook_secret TEXT, locale TEXT NOT NULL,
      send_interval TEXT NOT NULL, last_batch_at BIGINT, updated_at BIGINT NOT NULL);
    CREATE TABLE notify_batches (id ${id}, member_id BIGINT NOT NULL, ticket TEXT, created_at BIGINT NOT NULL, reports INTEGER NOT NULL);
    CREATE TABLE notify_reports (
      id ${id}, member_id BIGINT NOT NULL, claim_id BIGINT NOT NULL, address TEXT NOT NULL, category TEXT NOT NULL,
      window_start BIGINT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, count INTEGER NOT NULL,
      evidence TEXT NOT NULL, sources TEXT NOT NULL, reporters TEXT NOT NULL, batch_id BIGINT,
      UNIQUE (member_id, address, category, window_start));
    CREATE INDEX notify_reports_batch_idx ON notify_reports (member_id, batch_id);
    CREATE TABLE notify_outbox (
      id ${id}, member_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, ticket TEXT NOT NULL, channel TEXT NOT NULL,
      target TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, idem_key TEXT NOT NULL UNIQUE,
      state TEXT NOT NULL, attempts INTEGER NOT NULL, next_at BIGINT NOT NULL, last_error TEXT,
      created_at BIGINT NOT NULL, sent_at BIGINT);
    CREATE INDEX notify_outbox_due_idx ON notify_outbox (state, next_at);`,
    // Routed batches waiting to be folded into reports: one row per ingest call, appended in id order.
    `CREATE TABLE notify_staged (id ${id}, source TEXT NOT NULL, reporter BIGINT, n INTEGER NOT NULL, body TEXT NOT NULL);`,
  ];
};

type Num = number | string;
interface ReportDb {
  id: Num; member_id: Num; claim_id: Num; address: string; category: string; window_start: Num; first_seen: Num;
  last_seen: Num; count: Num; evidence: string; sources: string; reporters: string; ticket: string | null;
}
interface OutboxDb {
  id: Num; member_id: Num; batch_id: Num; ticket: string; channel: string; target: string; subject: string; body: string;
  idem_key: string; state: string; attempts: Num; next_at: Num; last_error: string | null; created_at: Num; sent_at: Num | null;
}

const REPORT_COLS = `r.id, r.member_id, r.claim_id, r.address, r.category, r.window_start, r.first_seen, r.last_seen, r.count,
  r.evidence, r.sources, r.reporters, b.ticket`;
const OUTBOX_COLS = 'id, member_id, batch_id, ticket, channel, target, subject, body, idem_key, state, attempts, next_at, last_error, created_at, sent_at';

function toReport(r: ReportDb): ReportRow {
  return {
    id: Number(r.id), memberId: Number(r.member_id), claimId: Number(r.claim_id), address: r.address, category: r.category,
    windowStart: Number(r.window_start), firstSeen: Number(r.first_seen), lastSeen: Number(r.last_seen), count: Number(r.count),
    evidence: JSON.parse(r.evidence) as Record<string, unknown>, sources: JSON.parse(r.sources) as string[],
    reporterCount: (JSON.parse(r.reporters) as number[]).length, ticket: r.ticket,
  };
}

function toOutbox(r: OutboxDb): OutboxRow {
  return {
    id: Number(r.id), memberId: Number(r.member_id), batchId: Number(r.batch_id), ticket: r.ticket, channel: r.channel as Channel,
    target: r.target, subject: r.subject, body: r.body, idempotencyKey: r.idem_key, state: r.state as OutboxRow['state'],
    attempts: Number(r.attempts), nextAttemptAt: Number(r.next_at), lastError: r.last_error, createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}

const scope = (v: NotifyViewer, col: string): { where: string; params: unknown[] } =>
  v.kind === 'hub-admin' ? { where: '1 = 1', params: [] } : { where: `${col} = ?`, params: [v.memberId] };

/** One member's batch on an open transaction: takes its unbatched reports, opens a batch, queues its deliveries. */
async function composeOn(tx: SqlRunner, item: ComposeItem, at: number): Promise<{ ticket: string; reports: number; queued: number } | null> {
  const { memberId, idempotencyKey, render } = item;
  const reports = (await tx.all<ReportDb>(
    `SELECT ${REPORT_COLS} FROM notify_reports r LEFT JOIN notify_batches b ON b.id = r.batch_id WHERE r.member_id = ? AND r.batch_id IS NULL ORDER BY r.id`, [memberId])).map(toReport);
  if (reports.length === 0) return null;
  const batch = await tx.all<{ id: Num }>('INSERT INTO notify_batches (member_id, created_at, reports) VALUES (?, ?, ?) RETURNING id', [memberId, at, reports.length]);
  const batchId = Number(batch[0]!.id);
  const ticket = `RK-${String(batchId).padStart(6, '0')}`;
  await tx.run('UPDATE notify_batches SET ticket = ? WHERE id = ?', [ticket, batchId]);
  const drafts = render(reports.map((r) => ({ ...r, ticket })), ticket);
  for (const d of drafts) {
    await tx.run(
      `INSERT INTO notify_outbox (member_id, batch_id, ticket, channel, target, subject, body, idem_key, state, attempts, next_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      [memberId, batchId, ticket, d.channel, d.target, d.subject, d.body, idempotencyKey(d.channel), at, at]);
  }
  await tx.run('UPDATE notify_reports SET batch_id = ? WHERE member_id = ? AND batch_id IS NULL AND id <= ?', [batchId, memberId, reports[reports.length - 1]!.id]);
  await tx.run('UPDATE notify_contacts SET last_batch_at = ? WHERE member_id = ?', [at, memberId]);
  return { ticket, reports: reports.length, queued: drafts.length };
}

/** Creates the store and migrates its tables. */
export async function createSqlNotificationStore(runner: SqlRunner): Promise<NotificationStore> {
  await migrateOn(runner, 'notifications', steps(runner.dialect));
  return {
    async setContact(c, at) {
      await runner.run(
        `INSERT INTO notify_contacts (member_id, email, webhook_url, webhook_secret, locale, send_interval, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET email = excluded.email, webhook_url = excluded.webhook_url,
           webhook_secret = excluded.webhook_secret, locale = excluded.locale, send_interval = excluded.send_interval, updated_at = excluded.updated_at`,
        [c.memberId, c.email, c.webhookUrl, c.webhookSecret, c.locale, c.interval, at],
      );
    },
    async getContact(memberId) {
      const rows = await runner.all<{ member_id: Num; email: string | null; webhook_url: string | null; webhook_secret: string | null; locale: string; send_interval: string }>(
        'SELECT member_id, email, webhook_url, webhook_secret, locale, send_interval FROM notify_contacts WHERE member_id = ?', [memberId]);
      const r = rows[0];
      return r ? { memberId: Number(r.member_id), email: r.email, webhookUrl: r.webhook_url, webhookSecret: r.webhook_secret, locale: r.locale as Contact['locale'], interval: r.send_interval as Contact['interval'] } : null;
    },
    async stageReports(batch) {
      if (batch.reports.length === 0) throw new Error('notification store: an empty batch is not staged');
      return runner.transaction(async (tx) => {
        const rows = await tx.all<{ id: Num }>('INSERT INTO notify_staged (source, reporter, n, body) VALUES (?, ?, ?, ?) RETURNING id',
          [batch.source, batch.reporterMemberId, batch.reports.length, encodeStaged(batch.reports)]);
        const b = await tx.all<{ n: Num | null }>('SELECT SUM(n) AS n FROM notify_staged');
        return { batchId: Number(rows[0]!.id), backlog: Number(b[0]?.n ?? 0) };
      });
    },
    async foldStaged(opts = {}) {
      const maxRows = Math.max(1, opts.maxRows ?? 500_000);
      return runner.transaction(async (tx): Promise<FoldResult> => {
        const heads = await tx.all<{ id: Num; n: Num }>('SELECT id, n FROM notify_staged ORDER BY id LIMIT 10000');
        let upto = -1;
        let total = 0;
        for (const h of heads) {
          if (total > 0 && total + Number(h.n) > maxRows) break;
          total += Number(h.n);
          upto = Number(h.id);
        }
        if (upto < 0) return { batches: 0, rows: 0, created: 0, merged: 0, createdBy: new Set() };
        // Deleting first claims the batches: a second hub folding at the same time waits on these rows
        // (PostgreSQL row locks; SQLite has one writer) and then finds them gone, so none is folded twice.
        const taken = await tx.all<StagedRow>('DELETE FROM notify_staged WHERE id <= ? RETURNING id, source, reporter, n, body', [upto]);
        return foldBatches(tx, taken, opts.newOf ?? null);
      });
    },
    async stagedBacklog() {
      const b = await runner.all<{ n: Num | null }>('SELECT SUM(n) AS n FROM notify_staged');
      return Number(b[0]?.n ?? 0);
    },
    async reportTotals() {
      const r = await runner.all<{ n: Num; c: Num | null }>('SELECT COUNT(*) AS n, SUM(count) AS c FROM notify_reports');
      return { reports: Number(r[0]?.n ?? 0), events: Number(r[0]?.c ?? 0) };
    },
    async listReports(viewer, opts = {}) {
      const s = scope(viewer, 'r.member_id');
      const limit = Math.min(Math.max(1, opts.limit ?? 1000), 10_000);
      return (await runner.all<ReportDb>(
        `SELECT ${REPORT_COLS} FROM notify_reports r LEFT JOIN notify_batches b ON b.id = r.batch_id WHERE ${s.where} ORDER BY r.id LIMIT ${limit}`, s.params)).map(toReport);
    },
    async membersDue(at, intervalMs) {
      const rows = await runner.all<{ member_id: Num; send_interval: string; last_batch_at: Num | null }>(
        `SELECT DISTINCT c.member_id, c.send_interval, c.last_batch_at FROM notify_contacts c
         JOIN notify_reports r ON r.member_id = c.member_id AND r.batch_id IS NULL
         WHERE c.email IS NOT NULL OR c.webhook_url IS NOT NULL ORDER BY c.member_id`);
      return rows.filter((r) => r.last_batch_at === null || Number(r.last_batch_at) + intervalMs[r.send_interval as Contact['interval']] <= at).map((r) => Number(r.member_id));
    },
    async composeBatch(memberId, at, idempotencyKey, render) {
      return (await runner.transaction((tx) => composeOn(tx, { memberId, idempotencyKey, render }, at)));
    },
    async composeBatches(items, at) {
      return runner.transaction(async (tx) => {
        const out: Array<Awaited<ReturnType<typeof composeOn>>> = [];
        for (const item of items) out.push(await composeOn(tx, item, at));
        return out;
      });
    },
    async queueMessages(memberId, at, drafts) {
      return runner.transaction(async (tx) => {
        const batch = await tx.all<{ id: Num }>('INSERT INTO notify_batches (member_id, created_at, reports) VALUES (?, ?, 0) RETURNING id', [memberId, at]);
        const batchId = Number(batch[0]!.id);
        const ticket = `RK-${String(batchId).padStart(6, '0')}`;
        await tx.run('UPDATE notify_batches SET ticket = ? WHERE id = ?', [ticket, batchId]);
        let queued = 0;
        for (const d of drafts) {
          queued += await tx.run(
            `INSERT INTO notify_outbox (member_id, batch_id, ticket, channel, target, subject, body, idem_key, state, attempts, next_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (idem_key) DO NOTHING`,
            [memberId, batchId, ticket, d.channel, d.target, d.subject, d.body, d.idempotencyKey, at, at]);
        }
        return { ticket, queued };
      });
    },
    async dueDeliveries(at, limit) {
      return (await runner.all<OutboxDb>(`SELECT ${OUTBOX_COLS} FROM notify_outbox WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`, [at])).map(toOutbox);
    },
    async markSent(id, at) {
      await runner.run("UPDATE notify_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", [at, id]);
    },
    async markFailed(id, error, nextAttemptAt) {
      if (nextAttemptAt === null) await runner.run("UPDATE notify_outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?", [error.slice(0, 500), id]);
      else await runner.run('UPDATE notify_outbox SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?', [error.slice(0, 500), nextAttemptAt, id]);
    },
    async listOutbox(viewer) {
      const s = scope(viewer, 'member_id');
      return (await runner.all<OutboxDb>(`SELECT ${OUTBOX_COLS} FROM notify_outbox WHERE ${s.where} ORDER BY id`, s.params)).map(toOutbox);
    },
  };
}
