/**
 * Tells subscribed users about new observations and room updates: in-app, and through their member
 * organisation's configured e-mail and HMAC-signed webhook (the notification pipeline's outbox). A
 * notification is one more read path: each subscriber's copy is loaded through the store's read rule for
 * that subscriber, so nobody hears of what they may not read; messages that leave the hub name an
 * anonymous author as "a member" whoever receives them.
 */
import { exportOrg } from '../../core/observations/room-export.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { ObservationsStore, Subscriber, SubscriptionScope } from '../../storage/observations/port.ts';
import type { NotificationService } from '../notifications/notification-service.ts';

export interface ObservationNotifier {
  observationPosted(actorUserId: number, id: number): Promise<void>;
  roomChanged(actorUserId: number, roomId: number, what: 'post' | 'status' | 'state', refId: number | null): Promise<void>;
}

const T = {
  ja: { observation: '新しい気付き', room: 'インシデントルームの更新', member: 'ある会員', by: '投稿', post: '新しい投稿', status: 'ステータスボードの更新', state: 'ルームの状態' },
  en: { observation: 'New observation', room: 'Incident room update', member: 'a member', by: 'Posted by', post: 'New post', status: 'Status board updated', state: 'Room state' },
} as const;

/** Builds the notifier. */
export function createObservationNotifier(deps: { store: ObservationsStore; hub: HubStore; notifications: NotificationService; now: () => number }): ObservationNotifier {
  const { store } = deps;
  const readerOf = (s: Subscriber) => ({ orgId: s.orgId, role: s.role, userId: s.userId });
  const fanOut = async (
    scope: SubscriptionScope, actorUserId: number, kind: 'observation' | 'room', itemId: number, key: string,
    load: (s: Subscriber) => Promise<{ tlp: Tlp; render: (locale: 'ja' | 'en') => { subject: string; text: string; payload: Record<string, unknown> } } | null>,
  ): Promise<void> => {
    const at = deps.now();
    const inApp: Array<{ userId: number; kind: 'observation' | 'room'; itemId: number; roomEventId: null; at: number }> = [];
    for (const s of await store.subscribers(scope)) {
      if (s.userId === actorUserId) continue;
      const item = await load(s);
      // Not readable by this subscriber: it hears nothing, on any channel.
      if (!item) continue;
      inApp.push({ userId: s.userId, kind, itemId, roomEventId: null, at });
      // TLP:RED is never put in an e-mail or a webhook, not even to its own organisation: in-app only.
      if ((!s.email && !s.webhook) || item.tlp === 'red') continue;
      const member = await deps.hub.getMemberByOrg(s.orgId);
      if (member) await deps.notifications.queueMessage(member.id, `${key}:m${member.id}`, { email: s.email, webhook: s.webhook }, item.render);
    }
    await store.addNotifications(inApp);
  };
  return {
    async observationPosted(actorUserId, id) {
      await fanOut({ kind: 'observations' }, actorUserId, 'observation', id, `obs:${id}`, async (s) => {
        const o = await store.getObservation(readerOf(s), id);
        if (!o) return null;
        const by = exportOrg(o.author);
        return { tlp: o.tlp, render: (locale) => {
          const t = T[locale];
          return {
            subject: `[TLP:${o.tlp.toUpperCase()}] ${t.observation}: ${o.title}`,
            text: `${o.title}\n\nTLP:${o.tlp.toUpperCase()} · ${o.category}\n${t.by}: ${by ?? t.member}\n\n${o.body}\n`,
            payload: { type: 'observation', id: o.id, title: o.title, tlp: o.tlp, category: o.category, author: by, body: o.body, indicators: o.indicators },
          };
        } };
      });
    },
    async roomChanged(actorUserId, roomId, what, refId) {
      await fanOut({ kind: 'room', roomId }, actorUserId, 'room', roomId, `room:${roomId}:${what}:${refId ?? deps.now()}`, async (s) => {
        const r = await store.getRoom(readerOf(s), roomId);
        if (!r) return null;
        const post = what === 'post' && refId !== null ? (await store.timeline(readerOf(s), roomId, 20))?.find((p) => p.id === refId) ?? null : null;
        const board = what === 'status' ? await store.board(readerOf(s), roomId) : null;
        return { tlp: r.tlp, render: (locale) => {
          const t = T[locale];
          const line = post ? `${t.post} (${exportOrg(post.author) ?? t.member}): ${post.text}` : what === 'status' ? t.status : `${t.state}: ${r.state}`;
          return {
            subject: `[TLP:${r.tlp.toUpperCase()}] ${t.room}: ${r.title}`,
            text: `${r.title}\n\n${line}\n`,
            payload: {
              type: 'room', id: r.id, title: r.title, tlp: r.tlp, state: r.state, change: what,
              ...(post ? { post: { id: post.id, text: post.text, author: exportOrg(post.author), indicators: post.indicators } } : {}),
              ...(board ? { counts: board.counts } : {}),
            },
          };
        } };
      });
    },
  };
}
