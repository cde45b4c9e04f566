/**
 * What a room export may carry: the room, board and timeline a reader was allowed to read, with every
 * anonymous author reduced to "a member" whoever exports (hub admins included). An export leaves the hub
 * and is forwarded; the org behind an anonymous line is kept only in the hub, for abuse handling.
 */
import type { Tlp } from '../sharing/tlp.ts';
import type { VisibleAuthor } from './model.ts';
import type { Board, MemberStatus, Room, RoomSeverity, RoomState, TimelinePost } from './room.ts';

export interface ExportLine {
  /** Organisation name, or null for "a member". */
  org: string | null;
  at: number;
}

export interface RoomExport {
  id: number;
  title: string;
  description: string;
  tlp: Tlp;
  severity: RoomSeverity;
  state: RoomState;
  openedBy: string | null;
  createdAt: number;
  updatedAt: number;
  counts: Record<MemberStatus, number>;
  board: Array<ExportLine & { status: MemberStatus; note: string }>;
  timeline: Array<ExportLine & { id: number; text: string; indicators: Array<{ type: string; value: string }> }>;
}

/** The name an export may show for an author. */
export function exportOrg(a: VisibleAuthor): string | null {
  return a.anonymous || a.org === null ? null : a.org.name;
}

/** Builds the export-safe view of what the reader read. */
export function roomExport(room: Room, board: Board, timeline: readonly TimelinePost[]): RoomExport {
  return {
    id: room.id, title: room.title, description: room.description, tlp: room.tlp, severity: room.severity, state: room.state,
    openedBy: exportOrg(room.author), createdAt: room.createdAt, updatedAt: room.updatedAt,
    counts: board.counts,
    board: board.lines.map((l) => ({ org: exportOrg(l.author), at: l.at, status: l.status, note: l.note })),
    timeline: timeline.map((p) => ({ id: p.id, org: exportOrg(p.author), at: p.at, text: p.text, indicators: p.indicators.map((i) => ({ type: i.type, value: i.value })) })),
  };
}

/** Every distinct indicator of the timeline, in first-seen order. */
export function roomIndicators(x: RoomExport): Array<{ type: string; value: string; firstAt: number }> {
  const seen = new Map<string, { type: string; value: string; firstAt: number }>();
  for (const p of x.timeline) for (const i of p.indicators) {
    const key = `${i.type}\u0000${i.value}`;
    if (!seen.has(key)) seen.set(key, { ...i, firstAt: p.at });
  }
  return [...seen.values()];
}
