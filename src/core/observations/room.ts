/** Wide-area incident rooms: a status board per member, a live timeline, the same TLP and audience rules. */
import type { Tlp } from '../sharing/tlp.ts';
import type { Audience, ItemIndicator, VisibleAuthor } from './model.ts';

export const ROOM_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type RoomSeverity = (typeof ROOM_SEVERITIES)[number];

export const ROOM_STATES = ['open', 'monitoring', 'closed'] as const;
export type RoomState = (typeof ROOM_STATES)[number];

export const MEMBER_STATUSES = ['not-affected', 'investigating', 'affected', 'contained', 'recovered'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface RoomDraft {
  title: string;
  description: string;
  tlp: Tlp;
  audience: Audience;
  severity: RoomSeverity;
  anonymous: boolean;
}

/** A plain incident room, or a DDoS room (target, vectors, mitigation, address lists: `ddos.ts`). */
export const ROOM_KINDS = ['incident', 'ddos'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export interface Room extends RoomDraft {
  id: number;
  kind: RoomKind;
  state: RoomState;
  author: VisibleAuthor;
  mine: boolean;
  createdAt: number;
  updatedAt: number;
}

/** One member's latest line on the board. */
export interface BoardLine {
  status: MemberStatus;
  /** How we respond: block lists, signatures, patches, vendor contact, workaround. */
  note: string;
  author: VisibleAuthor;
  mine: boolean;
  at: number;
}

export interface Board {
  counts: Record<MemberStatus, number>;
  lines: BoardLine[];
}

export interface TimelinePost {
  id: number;
  roomId: number;
  text: string;
  indicators: ItemIndicator[];
  author: VisibleAuthor;
  mine: boolean;
  at: number;
}

/** Counts per status over the board's latest lines. */
export function boardCounts(lines: readonly { status: MemberStatus }[]): Record<MemberStatus, number> {
  const counts = Object.fromEntries(MEMBER_STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>;
  for (const l of lines) counts[l.status]++;
  return counts;
}
