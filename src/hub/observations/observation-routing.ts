/**
 * IP indicators posted in observations and room timelines go into the notification pipeline like any
 * report: each address inside approved registered space becomes a report for the member owning it, but
 * only when that member may read the item under the observation read rule (so TLP:RED and AMBER outside
 * its audience never reach it). An anonymous item is reported without a reporter (never counted or named,
 * so an opted-in name cannot unmask it); the source is the channel ("observation", "room").
 */
import { parseIp } from '../../core/indicators/ip.ts';
import type { ObservationCategory, ItemIndicator } from '../../core/observations/model.ts';
import type { ReportCategory } from '../../core/notifications/categories.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { ObservationsStore, OutboxEntry, StoreReader } from '../../storage/observations/port.ts';
import type { AddressSpaceService } from '../address-space/address-space-service.ts';
import type { NotificationService } from '../notifications/notification-service.ts';

const CATEGORY: Record<ObservationCategory, ReportCategory> = {
  scanning: 'scanner', 'brute-force': 'bruteforce', ddos: 'ddos-source', phishing: 'phishing', malware: 'malware-infection',
  'vulnerability-exploitation': 'ids-alert', 'data-leak': 'other', other: 'other',
};

/**
 * Builds the routing of one observations-outbox row (a posted observation or a room post): run by the
 * notifier in the background before the row's fan-out, at least once, and ingested under the row's key,
 * so a row taken again after a crash or failure is not counted twice.
 */
export function createIndicatorRouting(deps: { store: ObservationsStore; hub: HubStore; addressSpace: AddressSpaceService; notifications: NotificationService; now: () => number }): (e: OutboxEntry) => Promise<void> {
  const { store } = deps;
  const actorReader = async (userId: number): Promise<(StoreReader & { memberId: number | null }) | null> => {
    const u = await deps.hub.getUser(userId);
    if (!u) return null;
    return { orgId: u.orgId, role: u.role, userId, memberId: (await deps.hub.getMemberByOrg(u.orgId))?.id ?? null };
  };
  /** Routes `indicators` to the owners that `readable` allows. */
  const route = async (key: string, source: string, indicators: readonly ItemIndicator[], category: ReportCategory, reporter: number | null, evidence: Record<string, unknown>, readable: (orgId: number) => Promise<boolean>): Promise<void> => {
    const owners = new Map<number, boolean>();
    const records: Array<{ address: string; category: ReportCategory; time: number; evidence: Record<string, unknown> }> = [];
    for (const i of indicators) {
      const ip = parseIp(i.value);
      if (!ip) continue;
      const owner = await deps.addressSpace.owner(ip.canonical);
      if (!owner) continue;
      let ok = owners.get(owner.memberId);
      if (ok === undefined) {
        const m = await deps.hub.getMember(owner.memberId);
        owners.set(owner.memberId, (ok = m !== null && (await readable(m.orgId))));
      }
      if (ok) records.push({ address: ip.canonical, category, time: deps.now(), evidence });
    }
    if (records.length > 0) await deps.notifications.ingest(source, records, reporter, false, { idempotencyKey: key });
  };
  return async (e) => {
    const actor = await actorReader(e.actorUserId);
    if (!actor) return;
    if (e.kind === 'observation') {
      const o = await store.getObservation(actor, e.itemId);
      if (!o) return;
      await route(e.key, 'observation', o.indicators, CATEGORY[o.category], o.anonymous ? null : actor.memberId, { observation: o.id, tlp: o.tlp },
        async (orgId) => (await store.getObservation({ orgId, role: 'analyst' }, e.itemId)) !== null);
      return;
    }
    if (e.change !== 'post' || e.refId === null) return;
    const room = await store.getRoom(actor, e.itemId);
    const post = room ? await store.roomPost(actor, e.itemId, e.refId) : null;
    if (!room || !post) return;
    await route(e.key, 'room', post.indicators, 'other', post.author.anonymous || room.anonymous ? null : actor.memberId, { room: room.id, post: post.id, tlp: room.tlp },
      async (orgId) => (await store.getRoom({ orgId, role: 'analyst' }, e.itemId)) !== null);
  };
}
