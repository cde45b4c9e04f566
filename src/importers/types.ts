/**
 * What every importer yields: events to save (in batches, by the runner) and rejections that name
 * where the bad record is and why. Importers never touch the store.
 */
import type { EventInput, Tag, Distribution } from '../core/model/event.ts';

export type ImportFormat = 'misp' | 'feed' | 'stix' | 'csv' | 'text';

/** Where a record came from: a line (text, CSV, JSON lines) or a record index / id (JSON documents). */
export interface SourceRef {
  file: string;
  line?: number;
  record?: string;
}

export interface EventItem {
  kind: 'event';
  event: EventInput;
  source: SourceRef;
  /**
   * Values seen again inside the same input and dropped before saving (list imports deduplicate by
   * canonical value within their event).
   */
  repeated?: number;
}

export interface RejectItem extends SourceRef {
  kind: 'reject';
  reason: string;
  /** The offending raw text, shortened. */
  value?: string;
}

/** A record that was read but carries no indicator on purpose (metadata lines, sharing groups). */
export interface SkipItem extends SourceRef {
  kind: 'skip';
  reason: string;
  /** Set when the value was skipped because it is on a warninglist. */
  warninglisted?: boolean;
}

/** A value that was imported but deserves a remark (non-routable address, leading zeros…). */
export interface NoteItem extends SourceRef {
  kind: 'note';
  reason: string;
  value?: string;
}

/** Repeats that no event part carried (after the last part). */
export interface CountItem {
  kind: 'count';
  file: string;
  repeated: number;
  /**
   * Records the importer read from the file (list imports: one per value, plus one per record rejected
   * before its values could be read), so imported + duplicates + rejected + warninglisted = read.
   */
  read?: number;
}

export type ImportItem = EventItem | RejectItem | SkipItem | NoteItem | CountItem;

/** Column mapping for CSV lists: header names or 1-based column numbers. */
export interface ColumnMapping {
  value?: string;
  type?: string;
  comment?: string;
  port?: string;
  category?: string;
}

/** Checks one value against loaded warninglists; returns the names of the lists that hold it. */
export type WarninglistCheck = (type: string, value: string) => string[];

export interface ListOptions {
  /** Organisation name the list events are created for (part of the deterministic event uuid). */
  orgName: string;
  orgUuid?: string;
  /** Tags put on list events (e.g. `tlp:green`). */
  tags?: Tag[];
  distribution?: Distribution;
  /**
   * Most attributes in one list event: bigger lists are split into parts ("Import of X (part 2)"),
   * each saved in one transaction, so memory stays flat and no event grows past what MISP can open.
   */
  partSize?: number;
  columns?: ColumnMapping;
  warninglist?: WarninglistCheck;
  /** Event timestamp/date source; defaults to the file's modification time. */
  timestamp?: number;
}

/** Shortens a raw value for a rejection message. */
export function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
