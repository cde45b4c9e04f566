/** The parse summary printed by `renkei agent aggregate` and kept by `agent run`. */

/** Counters for one run (or, in the spool state, since the agent's first start). */
export interface ParseSummary {
  linesRead: number;
  parsed: number;
  aggregated: number;
  rejected: Record<string, number>;
  /** Parsed but not aggregated: event kinds not shared, internal traffic, missing addresses. */
  skipped: Record<string, number>;
  /** Events whose hour had already closed (older than the watermark minus the allowed lateness). */
  late: number;
  withheldRows: number;
  withheldEvents: number;
  files: Array<{ path: string; format: string }>;
}

/** A zeroed summary. */
export function emptySummary(): ParseSummary {
  return { linesRead: 0, parsed: 0, aggregated: 0, rejected: {}, skipped: {}, late: 0, withheldRows: 0, withheldEvents: 0, files: [] };
}

/** Increments a reason counter. */
export function bump(map: Record<string, number>, reason: string, by = 1): void {
  map[reason] = (map[reason] ?? 0) + by;
}
