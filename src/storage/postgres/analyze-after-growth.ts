/**
 * Refreshes planner statistics after bulk loads. Until autovacuum's analyze catches up (a minute or more),
 * PostgreSQL plans batch lookups on freshly loaded tables from stale row counts and scans them whole
 * (measured: a 21 ms sequential scan for 1,000 keys over 200k attributes, where the index needs ~1 ms).
 */
import type { Pool } from 'pg';

/** The tables batch lookups and hydration read. */
const LOOKUP_TABLES = ['value_index', 'ip_points', 'ip_ranges', 'attributes', 'events'];

export class AnalyzeAfterGrowth {
  #since = 0;
  #base = 0;

  constructor(private readonly pool: Pool) {}

  /** Counts written rows; runs ANALYZE once they exceed max(10,000, all rows counted before the last one). */
  async wrote(rows: number): Promise<void> {
    this.#since += rows;
    if (this.#since < Math.max(10_000, this.#base)) return;
    this.#base += this.#since;
    this.#since = 0;
    await this.pool.query(`ANALYZE ${LOOKUP_TABLES.join(', ')}`);
  }
}
