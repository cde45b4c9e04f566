/** Wire schemas of DDoS rooms (`POST /api/v1/ddos-rooms`, `/api/v1/rooms/:id/mitigation`, `/api/v1/rooms/:id/addresses`). */
import { z } from 'zod';
import { DDOS_ROOM_VECTORS, MAX_DDOS_ADDRESSES, MITIGATIONS } from '../../core/observations/ddos.ts';
import { RoomInput } from './schemas.ts';

/** A room plus the attacked target (hidden by default: only the opener's organisation sees it) and the vectors. */
export const DdosRoomInput = RoomInput.extend({
  target: z.string().trim().min(1).max(200).nullable().default(null),
  targetHidden: z.boolean().default(true),
  vectors: z.array(z.enum(DDOS_ROOM_VECTORS)).min(1).max(DDOS_ROOM_VECTORS.length).refine((v) => new Set(v).size === v.length, 'vectors must differ'),
}).strict();
export type DdosRoomInput = z.infer<typeof DdosRoomInput>;

export const MitigationInput = z.object({ status: z.enum(MITIGATIONS), note: z.string().trim().max(500).default(''), anonymous: z.boolean().default(false) }).strict();

const addressList = z.array(z.string().max(64)).max(MAX_DDOS_ADDRESSES).default([]);

/**
 * Attack sources and reflectors seen by the poster. Each ISP is shown only those in its own approved
 * space; reflectors also go to the owning ISP through the notification pipeline. `named`: the poster
 * agrees to be named to those ISPs (and on the timeline); otherwise it is "a member" to them.
 */
export const AddressPostInput = z.object({
  sources: addressList,
  reflectors: addressList,
  note: z.string().trim().max(1000).default(''),
  named: z.boolean().default(false),
}).strict().refine((p) => p.sources.length + p.reflectors.length > 0, { message: 'post at least one source or reflector address', path: ['sources'] });
