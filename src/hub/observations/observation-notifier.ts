/**
 * Tells subscribed users about new observations and room updates: in-app, and through their member
 * organisation's configured e-mail and HMAC-signed webhook (the notification pipeline's outbox). It runs
 * in the background, not in the posting request: each change is a row of the observations outbox
 * (written with the change), fanned out here in bounded ticks, a page of subscribers at a time, and
 * delivered by the notification pipeline's outbox, at least once, with one idempotency key per message.
 * A notification is one more read path: each subscriber's copy is loaded through the store's read rule
 * for that subscriber when it is fanned out, so nobody hears of what they may not read; messages that
 * leave the hub name an anonymous author as "a member" whoever receives them.
 */
import { exportOrg } from '../../core/observations/room-export.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { InAppDraft, ObservationsStore, OutboxEntry, Subscriber } from '../../storage/observations/port.ts';
import type { NotificationService } from '../notifications/notification-service.ts';

/** How much one tick does. */
export interface NotifierLimits {
  /** Outbox rows taken per tick. */
  maxEntries: number;
  /** Subscribers checked per tick, over all rows (a row with more keeps its cursor for the next tick). */
  maxSubscribers: number;
  /** How long a taken row is left to this hub before another may take it. */
  leaseMs: number;
  /** First retry delay after a failed row (doubling, at most 64 times it). */
  retryMs: number;
}

export const NOTIFIER_LIMITS: NotifierLimits = { maxEntries: 20, maxSubscribers: 500, leaseMs: 60_000, retryMs: 5_000 };

export interface ObservationNotifier {
  /** One bounded tick of fan-out; `more` when it stopped at its limits with work left. */
  process(): Promise<{ entries: number; told: number; failed: number; more: boolean }>;
}

type Rendered = { subject: string; text: string; payload: Record<string, unknown> };
type Loaded = { tlp: Tlp; render: (locale: 'ja' | 'en') => Rendered } | null;

const T = {
  ja: { observation: '新しい気付き', room: 'インシデントルームの更新', member: 'ある会員', by: '投稿', post: '新しい投稿', status: 'ステータスボードの更新', state: 'ルームの状態' },
  en: { observation: 'New observation', room: 'Incident room update', member: 'a member', by: 'Posted by', post: 'New post', status: 'Status board updated', state: 'Room state' },
} as const;

/** Builds the notifier. */
export function createObservationNotifier(deps: {
  store: ObservationsStore;
  hub: HubStore;
  notifications: NotificationService;
  now: () => number;
  limits?: Partial<NotifierLimits>;
  /** Runs once per row before its first page of subscribers (IP indicators to their address owners); idempotent per row key. */
  route?: (e: OutboxEntry) => Promise<void>;
}): ObservationNotifier {
  const { store } = deps;
  const limits = { ...NOTIFIER_LIMITS, ...deps.limits };
  const readerOf = (s: Subscriber) => ({ orgId: s.orgId, role: s.role, userId: s.userId });

  const loadObservation = async (s: Subscriber, id: number): Promise<Loaded> => {
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
  };
  const loadRoom = async (s: Subscriber, e: OutboxEntry): Promise<Loaded> => {
    const r = await store.getRoom(readerOf(s), e.itemId);
    if (!r) return null;
    const what = e.change ?? 'state';
    const post = what === 'post' && e.refId !== null ? await store.roomPost(readerOf(s), r.id, e.refId) : null;
    const board = what === 'status' ? await store.board(readerOf(s), r.id) : null;
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
  };

  /** Fans one row out to at most `budget` subscribers; returns how many were checked and told. */
  const fanOut = async (e: OutboxEntry, budget: number): Promise<{ checked: number; told: number }> => {
    // Before the first page only; a failure retries the row, and the row key keeps the routing once.
    if (e.afterUserId === 0 && deps.route) await deps.route(e);
    const scope = e.kind === 'observation' ? { kind: 'observations' as const } : { kind: 'room' as const, roomId: e.itemId };
    const page = await store.subscribers(scope, { afterUserId: e.afterUserId, limit: budget + 1 });
    const take = page.slice(0, budget);
    const notes: InAppDraft[] = [];
    for (const s of take) {
      if (s.userId === e.actorUserId) continue;
      const item = e.kind === 'observation' ? await loadObservation(s, e.itemId) : await loadRoom(s, e);
      // Not readable by this subscriber: it hears nothing, on any channel.
      if (!item) continue;
      notes.push({ userId: s.userId, kind: e.kind, itemId: e.itemId, roomEventId: null, at: e.createdAt, dedupKey: e.key });
      // TLP:RED is never put in an e-mail or a webhook, not even to its own organisation: in-app only.
      if ((!s.email && !s.webhook) || item.tlp === 'red') continue;
      const member = await deps.hub.getMemberByOrg(s.orgId);
      // Queued before the cursor moves, by key: a page taken again after a crash queues nothing twice.
      if (member) await deps.notifications.queueMessage(member.id, `${e.key}:m${member.id}`, { email: s.email, webhook: s.webhook }, item.render);
    }
    await store.advanceOutbox(e.id, notes, take.at(-1)?.userId ?? e.afterUserId, page.length <= budget, deps.now());
    return { checked: take.length, told: notes.length };
  };

  return {
    async process() {
      let budget = limits.maxSubscribers;
      let entries = 0;
      let told = 0;
      let failed = 0;
      while (entries < limits.maxEntries && budget > 0) {
        const [e] = await store.claimOutbox(deps.now(), 1, limits.leaseMs);
        if (!e) return { entries, told, failed, more: false };
        entries++;
        try {
          const r = await fanOut(e, budget);
          budget -= Math.max(1, r.checked);
          told += r.told;
        } catch (err) {
          failed++;
          await store.failOutbox(e.id, (err as Error).message || String(err), deps.now() + limits.retryMs * 2 ** Math.min(e.attempts, 6));
        }
      }
      return { entries, told, failed, more: true };
    },
  };
}
