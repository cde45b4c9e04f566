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
    // Directives (format, aggregation key, reporter opt-in), when a batch reached its member, media types
    // of deliveries, and the idempotency keys of report posts.
    `ALTER TABLE notify_contacts ADD COLUMN format TEXT NOT NULL DEFAULT 'email-digest';
    ALTER TABLE notify_contacts ADD COLUMN aggregate_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE notify_contacts ADD COLUMN name_as_reporter INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE notify_batches ADD COLUMN sent_at BIGINT;
    ALTER TABLE notify_outbox ADD COLUMN content_type TEXT;
    CREATE TABLE notify_ingest_keys (idem_key TEXT PRIMARY KEY, at BIGINT NOT NULL, reply TEXT);
    CREATE INDEX notify_ingest_keys_at_idx ON notify_ingest_keys (at);`,
  ];
};

type Num = number | string;
interface ReportDb {
  id: Num; member_id: Num; claim_id: Num; address: string; category: string; window_start: Num; first_seen: Num;
  last_seen: Num; count: Num; evidence: string; sources: string; reporters: string; ticket: string | null; batch_sent_at: Num | null;
}
interface OutboxDb {
  id: Num; member_id: Num; batch_id: Num; ticket: string; channel: string; target: string; subject: string; body: string;
  idem_key: string; state: string; attempts: Num; next_at: Num; last_error: string | null; created_at: Num; sent_at: Num | null;
  content_type: string | null;
}

const REPORT_COLS = `r.id, r.member_id, r.claim_id, r.address, r.category, r.window_start, r.first_seen, r.last_seen, r.count,
  r.evidence, r.sources, r.reporters, b.ticket, b.sent_at AS batch_sent_at`;
const OUTBOX_COLS = 'id, member_id, batch_id, ticket, channel, target, subject, body, idem_key, state, attempts, next_at, last_error, created_at, sent_at, content_type';

/** A stored report row; `named` holds the reporters that opted in to be named. */
function toReport(r: ReportDb, named: ReadonlySet<number>): ReportRow {
  const reporters = JSON.parse(r.reporters) as number[];
  return {
    id: Number(r.id), memberId: Number(r.member_id), claimId: Number(r.claim_id), address: r.address, category: r.category,
    windowStart: Number(r.window_start), firstSeen: Number(r.first_seen), lastSeen: Number(r.last_seen), count: Number(r.count),
    evidence: JSON.parse(r.evidence) as Record<string, unknown>, sources: JSON.parse(r.sources) as string[],
    reporterCount: reporters.length, namedReporterIds: reporters.filter((id) => named.has(id)), ticket: r.ticket,
    sentAt: r.batch_sent_at === null || r.batch_sent_at === undefined ? null : Number(r.batch_sent_at),
  };
}

/** Members that opted in to be named as reporters. */
async function namedReporters(db: SqlRunner): Promise<Set<number>> {
  const rows = await db.all<{ member_id: Num }>('SELECT member_id FROM notify_contacts WHERE name_as_reporter = 1');
  return new Set(rows.map((r) => Number(r.member_id)));
}

function toOutbox(r: OutboxDb): OutboxRow {
  return {
    id: Number(r.id), memberId: Number(r.member_id), batchId: Number(r.batch_id), ticket: r.ticket, channel: r.channel as Channel,
    target: r.target, subject: r.subject, body: r.body, idempotencyKey: r.idem_key, state: r.state as OutboxRow['state'],
    attempts: Number(r.attempts), nextAttemptAt: Number(r.next_at), lastError: r.last_error, createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at), contentType: (r.content_type as OutboxRow['contentType']) ?? null,
  };
}

const scope = (v: NotifyViewer, col: string): { where: string; params: unknown[] } =>
  v.kind === 'hub-admin' ? { where: '1 = 1', params: [] } : { where: `${col} = ?`, params: [v.memberId] };

/**
 * One member's batches on an open transaction: takes its unbatched reports, splits them by the aggregation
 * key (first appearance order), opens one batch (ticket) per group and queues its deliveries. A group with
 * no deliveries (in-app) is "sent" when composed.
 */
async function composeOn(tx: SqlRunner, item: ComposeItem, at: number, named: ReadonlySet<number>): Promise<{ ticket: string; tickets: string[]; reports: number; queued: number } | null> {
  const { memberId, idempotencyKey, render } = item;
  const reports = (await tx.all<ReportDb>(
    `SELECT ${REPORT_COLS} FROM notify_reports r LEFT JOIN notify_batches b ON b.id = r.batch_id WHERE r.member_id = ? AND r.batch_id IS NULL ORDER BY r.id`, [memberId])).map((r) => toReport(r, named));
  if (reports.length === 0) return null;
  const groups = new Map<string, ReportRow[]>();
  for (const r of reports) {
    const k = item.groupOf ? item.groupOf(r) : '';
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const tickets: string[] = [];
  let queued = 0;
  for (const group of groups.values()) {
    const batch = await tx.all<{ id: Num }>('INSERT INTO notify_batches (member_id, created_at, reports) VALUES (?, ?, ?) RETURNING id', [memberId, at, group.length]);
    const batchId = Number(batch[0]!.id);
    const ticket = `RK-${String(batchId).padStart(6, '0')}`;
    tickets.push(ticket);
    const drafts = render(group.map((r) => ({ ...r, ticket })), ticket);
    await tx.run('UPDATE notify_batches SET ticket = ?, sent_at = ? WHERE id = ?', [ticket, drafts.length === 0 ? at : null, batchId]);
    for (const d of drafts) {
      await tx.run(
        `INSERT INTO notify_outbox (member_id, batch_id, ticket, channel, target, subject, body, idem_key, state, attempts, next_at, created_at, content_type)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
        [memberId, batchId, ticket, d.channel, d.target, d.subject, d.body, idempotencyKey(d.channel, ticket), at, at, d.contentType ?? null]);
    }
    queued += drafts.length;
    const ids = group.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      await tx.run(`UPDATE notify_reports SET batch_id = ? WHERE id IN (${part.map(() => '?').join(', ')})`, [batchId, ...part]);
    }
  }
  await tx.run('UPDATE notify_contacts SET last_batch_at = ? WHERE member_id = ?', [at, memberId]);
  return { ticket: tickets[0]!, tickets, reports: reports.length, queued };
}

/** Creates the store and migrates its tables. */
export async function createSqlNotificationStore(runner: SqlRunner): Promise<NotificationStore> {
  await migrateOn(runner, 'notifications', steps(runner.dialect));
  return {
    async setContact(c, at) {
      await runner.run(
        `INSERT INTO notify_contacts (member_id, email, webhook_url, webhook_secret, locale, send_interval, format, aggregate_by, name_as_reporter, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET email = excluded.email, webhook_url = excluded.webhook_url,
           webhook_secret = excluded.webhook_secret, locale = excluded.locale, send_interval = excluded.send_interval,
           format = excluded.format, aggregate_by = excluded.aggregate_by, name_as_reporter = excluded.name_as_reporter, updated_at = excluded.updated_at`,
        [c.memberId, c.email, c.webhookUrl, c.webhookSecret, c.locale, c.interval, c.format ?? 'email-digest', [...new Set(c.aggregateBy ?? [])].join(','), c.nameAsReporter ? 1 : 0, at],
      );
    },
    async getContact(memberId) {
      const rows = await runner.all<{ member_id: Num; email: string | null; webhook_url: string | null; webhook_secret: string | null; locale: string; send_interval: string; format: string; aggregate_by: string; name_as_reporter: Num }>(
        'SELECT member_id, email, webhook_url, webhook_secret, locale, send_interval, format, aggregate_by, name_as_reporter FROM notify_contacts WHERE member_id = ?', [memberId]);
      const r = rows[0];
      return r ? {
        memberId: Number(r.member_id), email: r.email, webhookUrl: r.webhook_url, webhookSecret: r.webhook_secret, locale: r.locale as Contact['locale'],
        interval: r.send_interval as Contact['interval'], format: r.format as Contact['format'],
        aggregateBy: r.aggregate_by ? (r.aggregate_by.split(',') as Contact['aggregateBy']) : [], nameAsReporter: Number(r.name_as_reporter) === 1,
      } : null;
    },
    async stageReports(batch, opts = {}) {
      if (batch.reports.length === 0) throw new Error('notification store: an empty batch is not staged');
      return runner.transaction(async (tx) => {
        // The key is claimed with the staging, so a post is either staged and keyed, or neither.
        if (opts.idempotencyKey !== undefined) {
          const claimed = await tx.run('INSERT INTO notify_ingest_keys (idem_key, at, reply) VALUES (?, ?, NULL) ON CONFLICT (idem_key) DO NOTHING', [opts.idempotencyKey, opts.at ?? Date.now()]);
          if (claimed === 0) {
            const b = await tx.all<{ n: Num | null }>('SELECT SUM(n) AS n FROM notify_staged');
            return { batchId: 0, backlog: Number(b[0]?.n ?? 0), repeated: true as const };
          }
        }
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
    async claimIngestKey(key, at) {
      return runner.transaction(async (tx) => {
        const claimed = await tx.run('INSERT INTO notify_ingest_keys (idem_key, at, reply) VALUES (?, ?, NULL) ON CONFLICT (idem_key) DO NOTHING', [key, at]);
        if (claimed === 1) return null;
        const rows = await tx.all<{ reply: string | null }>('SELECT reply FROM notify_ingest_keys WHERE idem_key = ?', [key]);
        return { reply: rows[0]?.reply ?? null };
      });
    },
    async saveIngestReply(key, reply) {
      await runner.run('UPDATE notify_ingest_keys SET reply = ? WHERE idem_key = ?', [reply, key]);
    },
    async pruneIngestKeys(before) {
      return runner.run('DELETE FROM notify_ingest_keys WHERE at < ?', [before]);
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
      const named = await namedReporters(runner);
      return (await runner.all<ReportDb>(
        `SELECT ${REPORT_COLS} FROM notify_reports r LEFT JOIN notify_batches b ON b.id = r.batch_id WHERE ${s.where} ORDER BY r.id LIMIT ${limit}`, s.params)).map((r) => toReport(r, named));
    },
    async membersDue(at, intervalMs) {
      const rows = await runner.all<{ member_id: Num; send_interval: string; last_batch_at: Num | null }>(
        `SELECT DISTINCT c.member_id, c.send_interval, c.last_batch_at FROM notify_contacts c
         JOIN notify_reports r ON r.member_id = c.member_id AND r.batch_id IS NULL
         WHERE c.email IS NOT NULL OR c.webhook_url IS NOT NULL OR c.format = 'in-app' ORDER BY c.member_id`);
      return rows.filter((r) => r.last_batch_at === null || Number(r.last_batch_at) + intervalMs[r.send_interval as Contact['interval']] <= at).map((r) => Number(r.member_id));
    },
    async composeBatch(memberId, at, idempotencyKey, render) {
      return runner.transaction(async (tx) => composeOn(tx, { memberId, idempotencyKey, render }, at, await namedReporters(tx)));
    },
    async composeBatches(items, at) {
      return runner.transaction(async (tx) => {
        const named = await namedReporters(tx);
        const out: Array<Awaited<ReturnType<typeof composeOn>>> = [];
        for (const item of items) out.push(await composeOn(tx, item, at, named));
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
            `INSERT INTO notify_outbox (member_id, batch_id, ticket, channel, target, subject, body, idem_key, state, attempts, next_at, created_at, content_type)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (idem_key) DO NOTHING`,
            [memberId, batchId, ticket, d.channel, d.target, d.subject, d.body, d.idempotencyKey, at, at, d.contentType ?? null]);
        }
        return { ticket, queued };
      });
    },
    async dueDeliveries(at, limit) {
      return (await runner.all<OutboxDb>(`SELECT ${OUTBOX_COLS} FROM notify_outbox WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`, [at])).map(toOutbox);
    },
    async markSent(id, at) {
      await runner.transaction(async (tx) => {
        await tx.run("UPDATE notify_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", [at, id]);
        // The notification reached its member when the first of its deliveries was accepted.
        await tx.run('UPDATE notify_batches SET sent_at = ? WHERE sent_at IS NULL AND id = (SELECT batch_id FROM notify_outbox WHERE id = ?)', [at, id]);
      });
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
