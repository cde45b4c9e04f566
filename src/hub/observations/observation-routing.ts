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
import type { ObservationsStore, StoreReader } from '../../storage/observations/port.ts';
import type { AddressSpaceService } from '../address-space/address-space-service.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { ObservationNotifier } from './observation-notifier.ts';

const CATEGORY: Record<ObservationCategory, ReportCategory> = {
  scanning: 'scanner', 'brute-force': 'bruteforce', ddos: 'ddos-source', phishing: 'phishing', malware: 'malware-infection',
  'vulnerability-exploitation': 'ids-alert', 'data-leak': 'other', other: 'other',
};

/** Builds the routing as an observation notifier (chained after the subscribers' notifier). */
export function createIndicatorRouting(deps: { store: ObservationsStore; hub: HubStore; addressSpace: AddressSpaceService; notifications: NotificationService; now: () => number }): ObservationNotifier {
  const { store } = deps;
  const actorReader = async (userId: number): Promise<(StoreReader & { memberId: number | null }) | null> => {
    const u = await deps.hub.getUser(userId);
    if (!u) return null;
    return { orgId: u.orgId, role: u.role, userId, memberId: (await deps.hub.getMemberByOrg(u.orgId))?.id ?? null };
  };
  /** Routes `indicators` to the owners that `readable` allows. */
  const route = async (source: string, indicators: readonly ItemIndicator[], category: ReportCategory, reporter: number | null, evidence: Record<string, unknown>, readable: (orgId: number) => Promise<boolean>): Promise<void> => {
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
    if (records.length > 0) await deps.notifications.ingest(source, records, reporter, false);
  };
  return {
    async observationPosted(actorUserId, id) {
      const actor = await actorReader(actorUserId);
      const o = actor ? await store.getObservation(actor, id) : null;
      if (!actor || !o) return;
      await route('observation', o.indicators, CATEGORY[o.category], o.anonymous ? null : actor.memberId, { observation: o.id, tlp: o.tlp },
        async (orgId) => (await store.getObservation({ orgId, role: 'analyst' }, id)) !== null);
    },
    async roomChanged(actorUserId, roomId, what, refId) {
      if (what !== 'post' || refId === null) return;
      const actor = await actorReader(actorUserId);
      const post = actor ? (await store.timeline(actor, roomId, 20))?.find((p) => p.id === refId) : undefined;
      const room = actor ? await store.getRoom(actor, roomId) : null;
      if (!actor || !post || !room) return;
      await route('room', post.indicators, 'other', post.author.anonymous || room.anonymous ? null : actor.memberId, { room: roomId, post: post.id, tlp: room.tlp },
        async (orgId) => (await store.getRoom({ orgId, role: 'analyst' }, roomId)) !== null);
    },
  };
}

/** One notifier calling each in turn (a failing one does not stop the next). */
export function chainNotifiers(...all: ObservationNotifier[]): ObservationNotifier {
  return {
    async observationPosted(u, id) {
      for (const n of all) await n.observationPosted(u, id).catch(() => undefined);
    },
    async roomChanged(u, r, what, ref) {
      for (const n of all) await n.roomChanged(u, r, what, ref).catch(() => undefined);
    },
  };
}
