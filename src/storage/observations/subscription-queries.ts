/**
 * Subscriptions and in-app notifications. A notification is one more read path: it stores only a
 * reference, and listing joins the item through `visibleSql` for the reader, so a notification about
 * something the reader may not (or no longer) read is never shown.
 */
import type { SqlRunner } from '../hub/runner.ts';
import type { InAppNotification, StoreWriter, Subscriber, Subscription, SubscriptionScope } from './port.ts';
import { bit, flag, num, numOrNull } from './rows.ts';
import { visibleSql } from './visibility.ts';

const scopeKey = (s: SubscriptionScope): string => (s.kind === 'observations' ? 'observations' : `room:${s.roomId}`);
const scopeOf = (key: string): SubscriptionScope => (key === 'observations' ? { kind: 'observations' } : { kind: 'room', roomId: Number(key.slice(5)) });

/** Builds the subscription queries on a runner. */
export function subscriptionQueries(db: SqlRunner) {
  return {
    async subscribe(user: StoreWriter, scope: SubscriptionScope, channels: { email: boolean; webhook: boolean }, now: number): Promise<boolean> {
      if (scope.kind === 'room') {
        const v = visibleSql('room', user);
        if ((await db.all(`SELECT 1 FROM obs_rooms t WHERE t.id = ? AND ${v.sql}`, [scope.roomId, ...v.params])).length === 0) return false;
      }
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM obs_subscriptions WHERE user_id = ? AND scope = ?', [user.userId, scopeKey(scope)]);
        await tx.run('INSERT INTO obs_subscriptions (user_id, scope, email, webhook, created_at) VALUES (?, ?, ?, ?, ?)', [user.userId, scopeKey(scope), bit(channels.email), bit(channels.webhook), now]);
      });
      return true;
    },
    async unsubscribe(user: StoreWriter, scope: SubscriptionScope): Promise<void> {
      await db.run('DELETE FROM obs_subscriptions WHERE user_id = ? AND scope = ?', [user.userId, scopeKey(scope)]);
    },
    async subscriptions(user: StoreWriter): Promise<Subscription[]> {
      const rows = await db.all<{ scope: string; email: number; webhook: number }>('SELECT scope, email, webhook FROM obs_subscriptions WHERE user_id = ? ORDER BY scope', [user.userId]);
      return rows.map((r) => ({ scope: scopeOf(r.scope), email: flag(r.email), webhook: flag(r.webhook) }));
    },
    /** Who subscribed to a scope, with the organisation and role the user has now. */
    async subscribers(scope: SubscriptionScope, page?: { afterUserId: number; limit: number }): Promise<Subscriber[]> {
      const rows = await db.all<{ user_id: number; org_id: number; role: string; locale: string; email: number; webhook: number }>(
        `SELECT s.user_id, u.org_id, u.role, u.locale, s.email, s.webhook FROM obs_subscriptions s JOIN hub_users u ON u.id = s.user_id
         WHERE s.scope = ? AND s.user_id > ? ORDER BY s.user_id${page ? ` LIMIT ${Math.max(1, Math.floor(page.limit))}` : ''}`,
        [scopeKey(scope), page?.afterUserId ?? 0],
      );
      return rows.map((r) => ({ userId: num(r.user_id), orgId: num(r.org_id), role: r.role as Subscriber['role'], locale: r.locale === 'en' ? 'en' : 'ja', email: flag(r.email), webhook: flag(r.webhook) }));
    },
    async notifications(reader: StoreWriter, limit: number): Promise<InAppNotification[]> {
      const vo = visibleSql('observation', reader);
      const vr = visibleSql('room', reader);
      type Row = { id: number; kind: string; item_id: number; room_event_id: number | null; title: string; at: number; seen: number };
      const [obs, rooms] = await Promise.all([
        db.all<Row>(`SELECT n.id, n.kind, n.item_id, n.room_event_id, t.title, n.at, n.seen FROM obs_notifications n JOIN obs_items t ON t.id = n.item_id
          WHERE n.user_id = ? AND n.kind = 'observation' AND ${vo.sql} ORDER BY n.id DESC LIMIT ?`, [reader.userId, ...vo.params, limit]),
        db.all<Row>(`SELECT n.id, n.kind, n.item_id, n.room_event_id, t.title, n.at, n.seen FROM obs_notifications n JOIN obs_rooms t ON t.id = n.item_id
          WHERE n.user_id = ? AND n.kind = 'room' AND ${vr.sql} ORDER BY n.id DESC LIMIT ?`, [reader.userId, ...vr.params, limit]),
      ]);
      return [...obs, ...rooms]
        .map((r) => ({ id: num(r.id), kind: r.kind as InAppNotification['kind'], itemId: num(r.item_id), roomEventId: numOrNull(r.room_event_id), title: r.title, at: num(r.at), seen: flag(r.seen) }))
        .sort((a, b) => b.id - a.id)
        .slice(0, limit);
    },
    async markNotificationsSeen(reader: StoreWriter, upToId: number): Promise<void> {
      await db.run('UPDATE obs_notifications SET seen = 1 WHERE user_id = ? AND id <= ?', [reader.userId, upToId]);
    },
  };
}

