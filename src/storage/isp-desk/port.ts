/**
 * The ISP desk: what an owning member does with the reports routed to it (acknowledgements) and how it
 * reads them (hosts by prefix, category and day), plus the reporters' aggregate outcomes. It reads the
 * notification store's reports on the same database and owns the acknowledgement table.
 * Rules (here, for every path): a member acknowledges and reads only reports addressed to it; its notes
 * are returned to its own member only; a reporter gets counts by state, never addresses, notes or owners.
 */
import type { AckState, OutcomeCounts } from '../../core/isp-desk/acks.ts';

export interface AckInput {
  state: AckState;
  /** The ISP's own note (about its customer): never shown outside its member. */
  note: string | null;
  by: number;
  at: number;
}

export interface AckView {
  state: AckState;
  /** Null for readers other than the owning member. */
  note: string | null;
  at: number;
}

/** Hosts and events per (registration, category, UTC day) for one member. */
export interface HostDayRow {
  claimId: number;
  category: string;
  day: number;
  hosts: number;
  events: number;
}

/** One report as a host row of the ISP's view. */
export interface HostRow {
  reportId: number;
  claimId: number;
  address: string;
  category: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  ticket: string | null;
  ack: AckView | null;
}

export interface HostQuery {
  since: number;
  claimId?: number;
  category?: string;
  /** A UTC day number: reports last seen on it. */
  day?: number;
  limit: number;
}

/** Who reads: the owning member (notes included) or the hub admin (states only). */
export type DeskViewer = { kind: 'hub-admin' } | { kind: 'member'; memberId: number };

export interface IspDeskStore {
  /**
   * Sets the state of those of `reportIds` addressed to `memberId` (others' ids are skipped, as if absent);
   * returns the ids set, in the order given.
   */
  acknowledge(memberId: number, reportIds: readonly number[], ack: AckInput): Promise<number[]>;
  /** The report ids of the member's notification `ticket` (none for another member's ticket). */
  ticketReports(memberId: number, ticket: string): Promise<number[]>;
  /** Hosts per (registration, category, day) of `memberId` last seen since `since`. */
  hostDays(memberId: number, since: number): Promise<HostDayRow[]>;
  /** The member's host rows (most recently seen first) with their acknowledgement as `viewer` may see it. */
  hosts(memberId: number, viewer: DeskViewer, q: HostQuery): Promise<HostRow[]>;
  /** Reports `reporterMemberId` contributed to, counted by the owner's state. */
  reporterOutcomes(reporterMemberId: number): Promise<OutcomeCounts & { reports: number }>;
}
