/**
 * DDoS rooms on the hub: opens a room of kind `ddos` (the room checks of every room kind), keeps each
 * organisation's mitigation line, and takes posted source/reflector lists. Each posted address is routed by
 * longest-prefix match over approved registrations (`AddressSpaceService.ownerLookup`): kept for the
 * owning ISP's view of the room, dropped when outside approved space. Reflectors are handed to the
 * notification pipeline (`NotificationService.ingest`) for owners whose organisation may read the room,
 * never for a TLP:RED room (in-app only, as every room notification).
 */
import { RenkeiError } from '../../core/errors.ts';
import { ownSpaceCsv, parseAddressLists, type DdosDraft, type Mitigation } from '../../core/observations/ddos.ts';
import type { RoomDraft } from '../../core/observations/room.ts';
import type { AuditEntry, MemberStore } from '../../storage/hub/port.ts';
import type { DdosRoomStore, OwnedAddress } from '../../storage/observations/ddos-port.ts';
import type { ObservationsStore } from '../../storage/observations/port.ts';
import type { AddressSpaceService } from '../address-space/address-space-service.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { Actor, ObservationsService } from './observations-service.ts';

export interface DdosServiceDeps {
  store: DdosRoomStore;
  rooms: ObservationsStore;
  observations: ObservationsService;
  addressSpace: AddressSpaceService;
  notifications: NotificationService;
  /** Members by id and by organisation (owners' organisations, the poster's member). */
  hub: Pick<MemberStore, 'getMember' | 'getMemberByOrg'>;
  audit: (e: AuditEntry) => Promise<void>;
  now: () => number;
}

export type DdosService = ReturnType<typeof createDdosService>;

/** Builds the service. */
export function createDdosService(deps: DdosServiceDeps) {
  const { store, now } = deps;
  const audit = (who: Actor, action: string, count: number, detail: string): Promise<void> => deps.audit({ at: now(), actorUserId: who.userId, actorOrg: who.orgName, action, count, detail });
  const viewOrNotFound = async (who: Actor, id: number) => {
    const v = await store.view(who, id);
    if (!v) throw new RenkeiError('not_found', 'no DDoS room');
    return v;
  };

  /** Hands reflectors to the owners' notification channels, as far as the room's TLP and audience allow. */
  const toPipeline = async (who: Actor, roomId: number, owned: OwnedAddress[], named: boolean): Promise<number> => {
    const room = await deps.rooms.getRoom(who, roomId);
    const details = await store.view(who, roomId);
    if (!room || !details || room.tlp === 'red') return 0;
    const reflectors = owned.filter((a) => a.role === 'reflector');
    const orgOf = new Map<number, number>();
    for (const memberId of new Set(reflectors.map((a) => a.ownerMemberId))) {
      const m = await deps.hub.getMember(memberId);
      if (m) orgOf.set(memberId, m.orgId);
    }
    const allowed = new Set(await store.readersAmong(roomId, [...orgOf.values()]));
    const time = now();
    // The target goes along only when it is not hidden; the poster only when it opted in to be named.
    const evidence = {
      room: roomId, title: room.title, vectors: details.details.vectors,
      ...(details.details.targetHidden || details.details.target === null ? {} : { target: details.details.target }),
      ...(named ? { reportedBy: who.orgName } : {}),
    };
    const records = reflectors.filter((a) => allowed.has(orgOf.get(a.ownerMemberId) ?? -1)).map((a) => ({ address: a.address, category: 'reflector', time, evidence }));
    if (records.length === 0) return 0;
    const reporter = (await deps.hub.getMemberByOrg(who.orgId))?.id ?? null;
    await deps.notifications.ingest(`ddos-room:${roomId}`, records, reporter, false);
    return records.length;
  };

  return {
    async open(who: Actor, room: RoomDraft, ddos: DdosDraft) {
      await deps.observations.checkRoomDraft(who, room);
      const id = await store.createDdosRoom(who, room, ddos, now());
      await audit(who, 'ddos-room-open', 1, `room ${id} ${room.tlp} ${room.audience.kind} ${ddos.vectors.join(',')}${ddos.targetHidden ? ' target hidden' : ''}`);
      return { room: (await deps.rooms.getRoom(who, id))!, ddos: (await store.view(who, id))! };
    },
    view: viewOrNotFound,
    /** Every own-space address of the reader as CSV (audited: addresses leave the hub). */
    async ownSpaceCsv(who: Actor, id: number): Promise<string> {
      const v = await store.view(who, id, Number.MAX_SAFE_INTEGER);
      if (!v) throw new RenkeiError('not_found', 'no DDoS room');
      await audit(who, 'ddos-addresses-export', v.ownSpace.length, `room ${id}`);
      return ownSpaceCsv(v.ownSpace);
    },
    async setMitigation(who: Actor, id: number, m: { status: Mitigation; note: string; anonymous: boolean }) {
      if (!(await store.setMitigation(who, id, m, now()))) throw new RenkeiError('not_found', 'no DDoS room');
      await audit(who, 'ddos-mitigation', 1, `room ${id} ${m.status}`);
      deps.observations.roomChanged(id);
      return viewOrNotFound(who, id);
    },
    /**
     * Takes a source/reflector post. Any unreadable address refuses the whole post (nothing stored),
     * with every problem's list and position. The poster learns only how many addresses it posted.
     */
    async postAddresses(who: Actor, id: number, p: { sources: string[]; reflectors: string[]; note: string; named: boolean }) {
      const { addresses, problems } = parseAddressLists({ source: p.sources, reflector: p.reflectors });
      if (problems.length > 0) throw new RenkeiError('validation_failed', `${problems.length} address(es) could not be read`, { field: 'addresses', problems });
      // Not visible (or not a DDoS room): refused before routing anything.
      await viewOrNotFound(who, id);
      const ownerOf = await deps.addressSpace.ownerLookup();
      const owned: OwnedAddress[] = [];
      for (const role of ['source', 'reflector'] as const) for (const address of addresses[role]) {
        const o = ownerOf(address);
        if (o) owned.push({ address, role, ownerMemberId: o.memberId, claimId: o.claimId, prefix: o.prefix });
      }
      const counts = { sources: addresses.source.length, reflectors: addresses.reflector.length };
      const postId = await store.postAddresses(who, id, { note: p.note, named: p.named, counts, owned }, now());
      if (postId === null) throw new RenkeiError('not_found', 'no DDoS room');
      const notified = await toPipeline(who, id, owned, p.named);
      await audit(who, 'ddos-addresses', counts.sources + counts.reflectors, `room ${id} post ${postId}: ${counts.sources} sources, ${counts.reflectors} reflectors, ${owned.length} in registered space, ${notified} to the pipeline${p.named ? ', named' : ''}`);
      deps.observations.roomChanged(id);
      return { id: postId, ...counts };
    },
  };
}
