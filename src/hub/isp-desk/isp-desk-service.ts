/**
 * The ISP desk: the owning member acknowledges the reports routed to it (received, handling, resolved,
 * false positive) and reads the hosts in its space by registration, category and day with trends;
 * reporters see only how many of the reports they contributed to are in each state. Every read and write
 * goes through the store's rule with the caller's own member (a hub admin reads any member's view,
 * without its notes, and acknowledges nothing).
 */
import { RenkeiError } from '../../core/errors.ts';
import type { AckState, OutcomeCounts } from '../../core/isp-desk/acks.ts';
import { DAY_MS, hostSeries, type HostSeries } from '../../core/isp-desk/host-trend.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { HostRow, IspDeskStore } from '../../storage/isp-desk/port.ts';
import type { AddressSpaceService } from '../address-space/address-space-service.ts';
import type { HubPrincipal } from '../auth/auth-service.ts';
import type { NotificationService } from '../notifications/notification-service.ts';

export interface HostView {
  memberId: number;
  /** Start (ms) of each UTC day of the window, oldest first. */
  days: number[];
  series: HostSeries[];
  hosts: Array<HostRow & { prefix: string }>;
}

export interface IspDeskService {
  acknowledge(who: HubPrincipal, input: { reportIds?: number[] | undefined; ticket?: string | undefined; state: AckState; note: string | null }): Promise<{ acknowledged: number[] }>;
  hostView(who: HubPrincipal, q: { days: number; prefix?: string | undefined; category?: string | undefined; day?: string | undefined; memberId?: number | undefined; limit: number }): Promise<HostView>;
  /** The caller's member's reports (as a reporter), counted by the owners' states. */
  outcomes(who: HubPrincipal): Promise<OutcomeCounts & { reports: number }>;
}

/** Builds the service. */
export function createIspDeskService(deps: { store: IspDeskStore; hub: HubStore; addressSpace: AddressSpaceService; notifications: NotificationService; now: () => number }): IspDeskService {
  const { store } = deps;
  const ownMember = async (who: HubPrincipal): Promise<number> => {
    const m = await deps.hub.getMemberByOrg(who.orgId);
    if (!m) throw new RenkeiError('forbidden', 'your organisation is not a member');
    return m.id;
  };
  return {
    async acknowledge(who, input) {
      if (who.role === 'hub-admin') throw new RenkeiError('forbidden', 'the member owning the address space acknowledges its reports');
      const memberId = await ownMember(who);
      await deps.notifications.fold();
      const ids = input.ticket !== undefined ? await store.ticketReports(memberId, input.ticket) : input.reportIds ?? [];
      const done = await store.acknowledge(memberId, ids, { state: input.state, note: input.note, by: who.userId, at: deps.now() });
      // Another member's reports and tickets are indistinguishable from none.
      if (done.length === 0) throw new RenkeiError('not_found', input.ticket !== undefined ? `no ticket ${input.ticket}` : 'no such reports');
      return { acknowledged: done };
    },
    async hostView(who, q) {
      let memberId: number;
      if (who.role === 'hub-admin') {
        if (q.memberId === undefined) throw new RenkeiError('validation_failed', 'a hub admin names the member (memberId)');
        memberId = q.memberId;
      } else {
        memberId = await ownMember(who);
        if (q.memberId !== undefined && q.memberId !== memberId) throw new RenkeiError('forbidden', 'a member reads its own host view only');
      }
      await deps.notifications.fold();
      const lastDay = Math.floor(deps.now() / DAY_MS);
      const firstDay = lastDay - q.days + 1;
      const since = firstDay * DAY_MS;
      const claims = (await deps.addressSpace.list(who)).filter((c) => c.memberId === memberId && c.kind === 'prefix');
      const prefixOf = new Map(claims.map((c) => [c.id, c.value]));
      const name = (claimId: number) => prefixOf.get(claimId) ?? `#${claimId}`;
      const days = Array.from({ length: q.days }, (_, i) => (firstDay + i) * DAY_MS);
      let claimId: number | undefined;
      if (q.prefix !== undefined) {
        claimId = claims.find((c) => c.value === q.prefix)?.id;
        if (claimId === undefined) return { memberId, days, series: [], hosts: [] };
      }
      const day = q.day === undefined ? undefined : Math.floor(Date.parse(`${q.day}T00:00:00Z`) / DAY_MS);
      const viewer = who.role === 'hub-admin' ? { kind: 'hub-admin' as const } : { kind: 'member' as const, memberId };
      const counts = (await store.hostDays(memberId, since)).filter((c) => (claimId === undefined || c.claimId === claimId) && (q.category === undefined || c.category === q.category));
      const series = hostSeries(counts.map((c) => ({ ...c, prefix: name(c.claimId) })), firstDay, lastDay);
      const hosts = await store.hosts(memberId, viewer, { since, limit: q.limit, ...(claimId !== undefined ? { claimId } : {}), ...(q.category !== undefined ? { category: q.category } : {}), ...(day !== undefined ? { day } : {}) });
      return { memberId, days, series, hosts: hosts.map((h) => ({ ...h, prefix: name(h.claimId) })) };
    },
    async outcomes(who) {
      if (who.role === 'hub-admin') throw new RenkeiError('forbidden', 'outcomes are shown to reporting members');
      const memberId = await ownMember(who);
      await deps.notifications.fold();
      return store.reporterOutcomes(memberId);
    },
  };
}
