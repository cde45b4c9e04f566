/**
 * Posting a case's safe status into a community incident room. The cases slice names only what it needs of
 * the rooms (the wiring passes the observations service); what is posted is built from `SafeStatus` alone,
 * so nothing but its allow-listed fields can reach the room.
 */
import type { SafeStatus } from '../../core/cases/safe-status.ts';
import type { HubRole } from '../../core/roles.ts';

export type RoomMemberStatus = 'not-affected' | 'investigating' | 'affected' | 'contained' | 'recovered';

/** What the cases service asks of the rooms; each call is the room's own, with its visibility and audit. */
export interface CaseRoomPort {
  setStatus(who: { userId: number; orgId: number; role: HubRole; orgName: string }, roomId: number, s: { status: RoomMemberStatus; note: string; anonymous: boolean }): Promise<unknown>;
  postToRoom(who: { userId: number; orgId: number; role: HubRole; orgName: string }, roomId: number, p: { text: string; indicators: string[]; anonymous: boolean }): Promise<number>;
}

/** The room's status word for a safe status. */
export function roomMemberStatus(s: SafeStatus): RoomMemberStatus {
  return s.status === 'not_affected' ? 'not-affected' : s.status;
}

/** Room notes are at most 500 characters. */
const NOTE_MAX = 500;

/**
 * The status note: counts per triage tag and malware families, in the tags' own names (identifiers every
 * reader's page also shows), e.g. `triage black 0 · red 2 · yellow 1 · green 7 · untriaged 0 · SmokeLoader`.
 */
export function roomStatusNote(s: SafeStatus): string {
  const t = s.triage;
  const note = [`triage black ${t.black} · red ${t.red} · yellow ${t.yellow} · green ${t.green} · untriaged ${t.untriaged}`, ...s.malwareFamilies].join(' · ');
  return note.length <= NOTE_MAX ? note : `${note.slice(0, NOTE_MAX - 1)}…`;
}
