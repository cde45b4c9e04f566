/**
 * What of a case may leave the member: the status a member shares into a community incident room.
 * Built field by field from an allow-list — state, counts per triage tag, malware families and the
 * indicators the user picked — so host names, internal addresses, owners, users and notes cannot
 * slip in. A TLP:RED case shares nothing; picked indicators that are internal are refused.
 */
import { RenkeiError } from '../errors.ts';
import type { TriageCounts } from '../damage/impact.ts';
import type { CaseRecord, CaseTlp } from './case-model.ts';
import { isInternalAddress } from './internal-address.ts';

/** The room's view of a member's incident. */
export const ROOM_STATUSES = ['affected', 'contained', 'recovered', 'not_affected'] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];

export interface SafeStatus {
  status: RoomStatus;
  triage: TriageCounts;
  malwareFamilies: string[];
  indicators: string[];
  /** The case's TLP (never red: red cases share nothing). */
  tlp: Exclude<CaseTlp, 'red'>;
  /** When the case last changed (epoch ms). */
  asOf: number;
}

/** The room status a case state stands for. */
export function roomStatusOf(c: Pick<CaseRecord, 'state' | 'outcome'>): RoomStatus {
  switch (c.state) {
    case 'new':
    case 'in_progress':
      return 'affected';
    case 'contained':
      return 'contained';
    case 'recovered':
      return 'recovered';
    case 'closed':
      return c.outcome === 'false_positive' ? 'not_affected' : 'recovered';
  }
}

export interface SafeStatusInput {
  case: Pick<CaseRecord, 'state' | 'outcome' | 'tlp' | 'updatedAt' | 'malwareFamilies'>;
  counts: TriageCounts;
  /** Indicators the user explicitly picked to share. */
  pickedIndicators: readonly string[];
  /** The case's internal names (host names, addresses, owners, user logins): none may be shared. */
  internalNames: readonly string[];
}

/**
 * Derives the safe status. Throws `forbidden` for a TLP:RED case and `validation_failed` (listing them)
 * when a picked indicator is an internal address or one of the case's internal names.
 */
export function deriveSafeStatus(input: SafeStatusInput): SafeStatus {
  const c = input.case;
  if (c.tlp === 'red') throw new RenkeiError('forbidden', 'a TLP:RED case never leaves its organisation');
  const internal = new Set(input.internalNames.map((n) => n.trim().toLowerCase()).filter((n) => n !== ''));
  const picked = [...new Set(input.pickedIndicators.map((v) => v.trim()).filter((v) => v !== ''))];
  const families = [...new Set(c.malwareFamilies.map((f) => f.trim()).filter((f) => f !== ''))];
  const names = (v: string): boolean => isInternalAddress(v) || [...internal].some((n) => v.toLowerCase() === n || (n.length >= 3 && v.toLowerCase().includes(n)));
  const refused = [...picked, ...families].filter(names);
  if (refused.length > 0) throw new RenkeiError('validation_failed', `${refused.length} shared values name the organisation's internals and cannot leave it`, { refused });
  const n = input.counts;
  return {
    status: roomStatusOf(c),
    triage: { black: n.black, red: n.red, yellow: n.yellow, green: n.green, untriaged: n.untriaged },
    malwareFamilies: families,
    indicators: picked,
    tlp: c.tlp,
    asOf: c.updatedAt,
  };
}
