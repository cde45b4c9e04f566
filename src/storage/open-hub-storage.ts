/**
 * `openHubStorage(db)`: the one storage call a hub process makes. It opens the hub store and, on the same
 * database (and PostgreSQL schema), every hub feature store, all migrated. Feature stores are built on the
 * hub's SQL runner here, so no driver handle leaves storage/. A new hub feature adds its port below.
 */
import { openStatsStore } from './stats/open-stats-store.ts';
import type { StatsStore } from './stats/port.ts';
import { postgresRunner, sqliteRunner, type SqlRunner } from './hub/runner.ts';
import { createSqlHubStore } from './hub/sql-hub-store.ts';
import type { HubStore } from './hub/port.ts';
import type { ReportStore } from './reports/port.ts';
import { createSqlReportStore } from './reports/sql-report-store.ts';

/** Every store a hub needs. */
export interface HubStorage {
  hub: HubStore;
  stats: StatsStore;
  reports: ReportStore;
  /** Closes every store, the hub store included. */
  close(): Promise<void>;
}

export interface HubStorageOptions {
  /** PostgreSQL schema for every table (tests isolate suites this way). */
  schema?: string;
  /** Use this hub store (tests); feature stores still open on `db`. */
  hub?: HubStore;
}

const isPostgres = (db: string): boolean => /^postgres(ql)?:\/\//.test(db);

/** Opens and migrates every hub store on `db` (a SQLite file path, `:memory:` or a postgres:// URL). */
export async function openHubStorage(db: string, opts: HubStorageOptions = {}): Promise<HubStorage> {
  const runner: SqlRunner = isPostgres(db) ? postgresRunner(db, opts.schema) : sqliteRunner(db);
  const hub = opts.hub ?? createSqlHubStore(runner);
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    if (!opts.hub) await hub.migrate();
    // The statistics store keeps its own driver code (bulk cell upserts); it opens the same database.
    const stats = await openStatsStore(isPostgres(db) ? { postgresUrl: db, ...(opts.schema ? { schema: opts.schema } : {}) } : { sqlitePath: db });
    opened.push(stats);
    const reports = createSqlReportStore(runner);
    await reports.migrate();
    return {
      hub,
      stats,
      reports,
      async close() {
        for (const s of opened.reverse()) await s.close();
        await hub.close();
        if (opts.hub) await runner.close();
      },
    };
  } catch (e) {
    for (const s of opened.reverse()) await s.close().catch(() => undefined);
    await runner.close().catch(() => undefined);
    throw e;
  }
}
