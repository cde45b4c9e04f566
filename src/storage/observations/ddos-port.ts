/**
 * The DDoS room storage port. Reads take the reader and return only what the read rule lets it see
 * (`ddos-view.ts`); a room's posted addresses are kept only when they fall in approved registered space,
 * each with the registration that owned it, and are shown only to that registration's member.
 */
import type { AddressRole, DdosDraft, DdosView, Mitigation } from '../../core/observations/ddos.ts';
import type { RoomDraft } from '../../core/observations/room.ts';
import type { StoreReader, StoreWriter } from './port.ts';

/** A posted address routed by longest-prefix match to the approved registration owning it. */
export interface OwnedAddress {
  address: string;
  role: AddressRole;
  ownerMemberId: number;
  claimId: number;
  prefix: string;
}

export interface AddressPost {
  /** The poster's note on the timeline (may be empty). */
  note: string;
  /** The poster opted in to be named to the owning ISPs (and on the timeline); otherwise "a member". */
  named: boolean;
  /** How many distinct valid addresses each list had (shown on the timeline). */
  counts: { sources: number; reflectors: number };
  /** Those inside approved space; the rest are stored nowhere. */
  owned: OwnedAddress[];
}

export interface DdosRoomStore {
  migrate(): Promise<void>;
  /** Opens a room of kind `ddos` with its target and vectors, in one transaction. */
  createDdosRoom(author: StoreWriter, room: RoomDraft, ddos: DdosDraft, now: number): Promise<number>;
  /**
   * The DDoS part as the reader may see it, with at most `ownLimit` (default `OWN_SPACE_SHOWN`) own-space
   * addresses; null when it may not read the room or the room is not a DDoS room.
   */
  view(reader: StoreReader, roomId: number, ownLimit?: number): Promise<DdosView | null>;
  /** Sets the writer org's mitigation line (latest wins); false when it may not read the DDoS room. */
  setMitigation(writer: StoreWriter, roomId: number, m: { status: Mitigation; note: string; anonymous: boolean }, now: number): Promise<boolean>;
  /** Adds an address post (timeline post, counts, owned addresses) in one transaction; null when not visible. */
  postAddresses(writer: StoreWriter, roomId: number, p: AddressPost, now: number): Promise<number | null>;
  /** Of `orgIds`, those that may read the room (the same SQL read rule). */
  readersAmong(roomId: number, orgIds: readonly number[]): Promise<number[]>;
}
