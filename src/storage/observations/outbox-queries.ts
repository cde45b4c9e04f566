/**
 * The notification outbox of observations and rooms: a write that should be told to subscribers adds one
 * row in its own transaction (so a hub killed right after answering the request still tells them), and a
 * background worker fans each row out to the subscribers page by page. The cursor and the page's in-app
 * notifications commit together; e-mail and webhook messages are queued by idempotency key before that,
 * so a page processed twice after a crash queues nothing twice and adds no in-app notification twice.
 */
import type { SqlRunner } from '../hub/runner.ts';
import type { InAppDraft, OutboxChange, OutboxEntry } from './port.ts';
import { num, numOrNull } from './rows.ts';

type Row = { id: number; idem_key: string; kind: string; item_id: number; change_kind: string | null; ref_id: number | null; actor_user_id: number; created_at: number; after_user_id: number; attempts: number };

const toEntry = (r: Row): OutboxEntry => ({
  id: num(r.id), key: r.idem_key, kind: r.kind === 'room' ? 'room' : 'observation', itemId: num(r.item_id), change: (r.change_kind as OutboxChange | null) ?? null,
  refId: numOrNull(r.ref_id), actorUserId: num(r.actor_user_id), createdAt: num(r.created_at), afterUserId: num(r.after_user_id), attempts: num(r.attempts),
});

/** Adds an outbox row inside the caller's transaction; the key makes it one row per change. */
export async function enqueueOutbox(tx: SqlRunner, e: { key: string; kind: 'observation' | 'room'; itemId: number; change: OutboxChange | null; refId: number | null; actorUserId: number; at: number }): Promise<void> {
  await tx.run(
    `INSERT INTO obs_outbox (idem_key, kind, item_id, change_kind, ref_id, actor_user_id, created_at, after_user_id, next_at, attempts)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0) ON CONFLICT (idem_key) DO NOTHING`,
    [e.key, e.kind, e.itemId, e.change, e.refId, e.actorUserId, e.at, e.at],
  );
}

/** Builds the outbox queries on a runner. */
export function outboxQueries(db: SqlRunner) {
  return {
    async claimOutbox(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
      const rows = await db.all<Row>(`SELECT * FROM obs_outbox WHERE done_at IS NULL AND next_at <= ? ORDER BY id LIMIT ${Math.max(1, Math.floor(limit))}`, [now]);
      const out: OutboxEntry[] = [];
      // A row is leased by moving its next attempt past the lease: a second hub on the same database skips it.
      for (const r of rows) if ((await db.run('UPDATE obs_outbox SET next_at = ? WHERE id = ? AND done_at IS NULL AND next_at <= ?', [now + leaseMs, r.id, now])) === 1) out.push(toEntry(r));
      return out;
    },
    async advanceOutbox(id: number, notes: readonly InAppDraft[], afterUserId: number, done: boolean, now: number): Promise<void> {
      await db.transaction(async (tx) => {
        for (const n of notes) {
          await tx.run(
            `INSERT INTO obs_notifications (user_id, kind, item_id, room_event_id, at, seen, dedup_key) VALUES (?, ?, ?, ?, ?, 0, ?)
             ON CONFLICT (user_id, dedup_key) DO NOTHING`,
            [n.userId, n.kind, n.itemId, n.roomEventId, n.at, n.dedupKey],
          );
        }
        await tx.run('UPDATE obs_outbox SET after_user_id = ?, next_at = ?, attempts = 0, last_error = NULL, done_at = ? WHERE id = ?', [afterUserId, now, done ? now : null, id]);
      });
    },
    async failOutbox(id: number, error: string, retryAt: number): Promise<void> {
      await db.run('UPDATE obs_outbox SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?', [error.slice(0, 500), retryAt, id]);
    },
    async outboxBacklog(): Promise<number> {
      const [r] = await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM obs_outbox WHERE done_at IS NULL');
      return num(r?.n ?? 0);
    },
  };
}
