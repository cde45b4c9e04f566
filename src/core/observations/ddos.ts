/**
 * DDoS incident rooms: a room of kind `ddos` adds the attacked target (possibly hidden), the attack
 * vectors, each ISP's mitigation status, and the sources and reflectors members post, of which every ISP
 * sees only those inside its own approved address space.
 */
import { parseIp } from '../indicators/ip.ts';
import type { VisibleAuthor } from './model.ts';

export const DDOS_ROOM_VECTORS = ['dns', 'ntp', 'memcached', 'ssdp', 'cldap', 'syn-flood', 'udp-flood', 'other'] as const;
export type DdosVector = (typeof DDOS_ROOM_VECTORS)[number];

export const MITIGATIONS = ['edge-filtering', 'rtbh', 'rate-limit', 'flowspec', 'none'] as const;
export type Mitigation = (typeof MITIGATIONS)[number];

export const ADDRESS_ROLES = ['source', 'reflector'] as const;
export type AddressRole = (typeof ADDRESS_ROLES)[number];

/** Most addresses one list in one post carries (bounded work per request). */
export const MAX_DDOS_ADDRESSES = 10_000;

/** Own-space addresses a view carries (it is re-sent on every live change); the CSV download has all. */
export const OWN_SPACE_SHOWN = 1000;

/** What the opener adds to a room draft. */
export interface DdosDraft {
  /** The attacked address, prefix or service (free text); null when none is given. */
  target: string | null;
  /** Hidden: only the opener's organisation ever sees the target. */
  targetHidden: boolean;
  vectors: DdosVector[];
}

/** The DDoS part of a room as one reader may see it. */
export interface DdosDetails {
  /** Null when hidden from this reader (or none was given). */
  target: string | null;
  targetHidden: boolean;
  vectors: DdosVector[];
}

/** One ISP's latest mitigation line. */
export interface MitigationLine {
  status: Mitigation;
  note: string;
  author: VisibleAuthor;
  mine: boolean;
  at: number;
}

export interface MitigationBoard {
  counts: Record<Mitigation, number>;
  lines: MitigationLine[];
}

/** An address in the reader's own approved space that members posted to the room. */
export interface OwnSpaceAddress {
  address: string;
  role: AddressRole;
  /** The approved prefix it falls in. */
  prefix: string;
  /** Distinct organisations that posted it. */
  reporters: number;
  /** Of those, the ones that opted in to be named to the ISP. */
  namedReporters: string[];
  firstAt: number;
  lastAt: number;
}

/** What one address post added (counts only: the list itself goes to the owning ISPs). */
export interface AddressPostSummary {
  postId: number;
  sources: number;
  reflectors: number;
}

/** A DDoS room as its reader gets it, besides the room, board and timeline every room has. */
export interface DdosView {
  details: DdosDetails;
  mitigation: MitigationBoard;
  /** Only addresses in the reader's own approved space (empty for readers without any), at most `OWN_SPACE_SHOWN`. */
  ownSpace: OwnSpaceAddress[];
  /** How many there are in all (the CSV download has every one). */
  ownSpaceTotal: number;
  posts: AddressPostSummary[];
}

/** Counts per mitigation status over the latest lines. */
export function mitigationCounts(lines: readonly { status: Mitigation }[]): Record<Mitigation, number> {
  const counts = Object.fromEntries(MITIGATIONS.map((s) => [s, 0])) as Record<Mitigation, number>;
  for (const l of lines) counts[l.status]++;
  return counts;
}

/** The target as `reader` may see it: a hidden one only inside the opener's organisation. */
export function visibleTarget(readerOrgId: number, openerOrgId: number, d: DdosDraft): string | null {
  if (d.targetHidden && readerOrgId !== openerOrgId) return null;
  return d.target;
}

export interface AddressProblem {
  list: AddressRole;
  /** Position in the submitted list. */
  index: number;
  input: string;
  reason: string;
}

/**
 * Parses the posted source and reflector lists to canonical addresses (duplicates kept once per list);
 * every unreadable entry is reported with its list and position so the sender fixes them in one go.
 */
export function parseAddressLists(lists: Record<AddressRole, readonly string[]>): { addresses: Record<AddressRole, string[]>; problems: AddressProblem[] } {
  const problems: AddressProblem[] = [];
  const addresses: Record<AddressRole, string[]> = { source: [], reflector: [] };
  for (const list of ADDRESS_ROLES) {
    const seen = new Set<string>();
    lists[list].forEach((input, index) => {
      const ip = parseIp(input.trim().replace(/\[\.\]/g, '.'));
      if (!ip) {
        problems.push({ list, index, input, reason: 'not an IP address' });
        return;
      }
      if (seen.has(ip.canonical)) return;
      seen.add(ip.canonical);
      addresses[list].push(ip.canonical);
    });
  }
  return { addresses, problems };
}

/** The reader's own-space addresses as CSV (for its own customer-notification systems). */
export function ownSpaceCsv(rows: readonly OwnSpaceAddress[]): string {
  const lines = ['role,address,prefix,reporters,first_seen,last_seen'];
  for (const r of rows) lines.push([r.role, r.address, r.prefix, r.reporters, new Date(r.firstAt).toISOString(), new Date(r.lastAt).toISOString()].join(','));
  return `${lines.join('\n')}\n`;
}
