/**
 * The workbench store on the hub's SQL runner (SQLite and PostgreSQL alike). The organisation is part of
 * every WHERE clause a user's call reaches, and the manage rule (owner or organisation admin) is part of
 * every watch write, so no route can read or change another organisation's label or watch.
 */
import { managesOrgWatches } from '../../core/workbench/watch-schedule.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { StoredLabel, StoredWatch, StoredWatchNotification, WatchChange, WorkbenchActor, WorkbenchStore } from './port.ts';
import { workbenchSteps } from './schema.ts';

type Row = Record<string, unknown>;
const BATCH = 500;

const labelFrom = (r: Row): StoredLabel => ({ searchId: String(r.search_id), ticket: String(r.ticket), note: String(r.note), by: String(r.by_login), updatedAt: Number(r.updated_at) });
const nullNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const watchFrom = (r: Row): StoredWatch => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  ownerUserId: Number(r.owner_user_id),
  ownerLogin: String(r.owner_login),
  name: String(r.name),
  values: JSON.parse(String(r.values_json)) as string[],
  intervalHours: Number(r.interval_hours),
  enabled: Number(r.enabled) === 1,
  email: Number(r.email) === 1,
  webhook: Number(r.webhook) === 1,
  createdAt: Number(r.created_at),
  nextRunAt: Number(r.next_run_at),
  lastRunAt: nullNum(r.last_run_at),
  lastSearchId: String(r.last_search_id),
  lastNewHits: nullNum(r.last_new_hits),
  lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
});
const noteFrom = (r: Row): StoredWatchNotification => ({
  id: Number(r.id),
  watchId: Number(r.watch_id),
  watchName: String(r.watch_name),
  searchId: String(r.search_id),
  previousId: String(r.previous_id),
  newHits: Number(r.new_hits),
  at: Number(r.at),
  seen: Number(r.seen) === 1,
});

/** The manage rule as SQL: the watch is the actor's organisation's, and the actor owns it or administers the organisation. */
const MANAGE = 'id = ? AND org_id = ? AND (owner_user_id = ? OR ? = 1)';
const manageParams = (a: WorkbenchActor, id: number): unknown[] => [id, a.orgId, a.userId, managesOrgWatches(a.role) ? 1 : 0];

const COLUMNS: Record<keyof WatchChange, string> = { name: 'name', intervalHours: 'interval_hours', enabled: 'enabled', email: 'email', webhook: 'webhook', nextRunAt: 'next_run_at' };
const bit = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** A workbench store on `runner`; call `migrate()` first. */
export function createSqlWorkbenchStore(runner: SqlRunner): WorkbenchStore {
  return {
    migrate: () => migrateOn(runner, 'workbench', workbenchSteps(runner.dialect)),
    async setLabel(actor, searchId, label, at) {
      if (!label) {
        await runner.run('DELETE FROM hub_search_labels WHERE org_id = ? AND search_id = ?', [actor.orgId, searchId]);
        return null;
      }
      const rows = await runner.all(
        `INSERT INTO hub_search_labels (org_id, search_id, ticket, note, user_id, by_login, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (org_id, search_id) DO UPDATE SET ticket = excluded.ticket, note = excluded.note, user_id = excluded.user_id, by_login = excluded.by_login, updated_at = excluded.updated_at
         RETURNING *`,
        [actor.orgId, searchId, label.ticket, label.note, actor.userId, actor.login, at],
      );
      return labelFrom(rows[0]!);
    },
    async labels(orgId, searchIds) {
      if (!searchIds) return (await runner.all('SELECT * FROM hub_search_labels WHERE org_id = ? ORDER BY updated_at DESC, search_id', [orgId])).map(labelFrom);
      const out: StoredLabel[] = [];
      for (let i = 0; i < searchIds.length; i += BATCH) {
        const part = searchIds.slice(i, i + BATCH);
        if (part.length === 0) continue;
        const rows = await runner.all(`SELECT * FROM hub_search_labels WHERE org_id = ? AND search_id IN (${part.map(() => '?').join(', ')})`, [orgId, ...part]);
        out.push(...rows.map(labelFrom));
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt || (a.searchId < b.searchId ? -1 : 1));
    },
    async createWatch(w) {
      const rows = await runner.all(
        `INSERT INTO hub_watches (org_id, owner_user_id, owner_login, name, values_json, interval_hours, enabled, email, webhook, created_at, next_run_at, last_run_at, last_search_id, last_new_hits, last_error)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, NULL, ?, NULL, NULL) RETURNING *`,
        [w.orgId, w.ownerUserId, w.ownerLogin, w.name, JSON.stringify(w.values), w.intervalHours, w.email ? 1 : 0, w.webhook ? 1 : 0, w.createdAt, w.nextRunAt, w.searchId],
      );
      return watchFrom(rows[0]!);
    },
    async listWatches(orgId) {
      return (await runner.all('SELECT * FROM hub_watches WHERE org_id = ? ORDER BY id', [orgId])).map(watchFrom);
    },
    async getWatch(orgId, id) {
      const r = (await runner.all('SELECT * FROM hub_watches WHERE org_id = ? AND id = ?', [orgId, id]))[0];
      return r ? watchFrom(r) : null;
    },
    async updateWatch(actor, id, change) {
      const keys = (Object.keys(change) as Array<keyof WatchChange>).filter((k) => change[k] !== undefined);
      if (keys.length === 0) {
        const r = (await runner.all(`SELECT * FROM hub_watches WHERE ${MANAGE}`, manageParams(actor, id)))[0];
        return r ? watchFrom(r) : null;
      }
      const rows = await runner.all(`UPDATE hub_watches SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE ${MANAGE} RETURNING *`, [...keys.map((k) => bit(change[k])), ...manageParams(actor, id)]);
      return rows[0] ? watchFrom(rows[0]) : null;
    },
    async deleteWatch(actor, id) {
      return runner.transaction(async (tx) => {
        const gone = await tx.all(`DELETE FROM hub_watches WHERE ${MANAGE} RETURNING id`, manageParams(actor, id));
        if (gone.length === 0) return false;
        await tx.run('DELETE FROM hub_watch_notifications WHERE watch_id = ?', [id]);
        return true;
      });
    },
    async claimDue(now, leaseUntil, limit) {
      // The outer condition is checked again on the row being updated, so a concurrent claim loses it.
      const rows = await runner.all(
        `UPDATE hub_watches SET next_run_at = ? WHERE enabled = 1 AND next_run_at <= ? AND id IN (SELECT id FROM hub_watches WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?) RETURNING *`,
        [leaseUntil, now, now, limit],
      );
      return rows.map(watchFrom).sort((a, b) => a.id - b.id);
    },
    async finishRun(id, startedAt, nextRunAt, outcome) {
      return runner.transaction(async (tx) => {
        const ok = 'searchId' in outcome;
        const rows = await tx.all(
          ok
            ? 'UPDATE hub_watches SET last_run_at = ?, next_run_at = ?, last_search_id = ?, last_new_hits = ?, last_error = NULL WHERE id = ? RETURNING *'
            : 'UPDATE hub_watches SET last_run_at = ?, next_run_at = ?, last_error = ? WHERE id = ? RETURNING *',
          ok ? [startedAt, nextRunAt, outcome.searchId, outcome.newHits, id] : [startedAt, nextRunAt, outcome.error, id],
        );
        const w = rows[0] ? watchFrom(rows[0]) : null;
        if (!w) return false;
        if (ok && outcome.notify) {
          await tx.run(
            'INSERT INTO hub_watch_notifications (org_id, user_id, watch_id, watch_name, search_id, previous_id, new_hits, at, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)',
            [w.orgId, w.ownerUserId, w.id, w.name, outcome.searchId, outcome.notify.previousId, outcome.newHits, startedAt],
          );
        }
        return true;
      });
    },
    async notifications(actor, limit) {
      const rows = await runner.all('SELECT * FROM hub_watch_notifications WHERE org_id = ? AND user_id = ? ORDER BY id DESC LIMIT ?', [actor.orgId, actor.userId, limit]);
      const unseen = await runner.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM hub_watch_notifications WHERE org_id = ? AND user_id = ? AND seen = 0', [actor.orgId, actor.userId]);
      return { notifications: rows.map(noteFrom), unseen: Number(unseen[0]?.n ?? 0) };
    },
    async markSeen(actor, upTo) {
      await runner.run('UPDATE hub_watch_notifications SET seen = 1 WHERE org_id = ? AND user_id = ? AND id <= ?', [actor.orgId, actor.userId, upTo]);
    },
  };
}
