/**
 * `openHubStorage(db)`: the one storage call a hub process makes. It opens the hub store and, on the same
 * database (and PostgreSQL schema), every hub feature store, all migrated. Feature stores are built on the
 * hub's SQL runner here, so no driver handle leaves storage/. A new hub feature adds its port below.
 */
import { createSqlAdminStore } from './admin/sql-admin-store.ts';
import type { AdminStore } from './admin/port.ts';
import { createSqlCaseStore } from './cases/sql-case-store.ts';
import { createSqlFeedbackStore } from './feedback/sql-feedback-store.ts';
import type { FeedbackStore } from './feedback/port.ts';
import type { CaseStore } from './cases/port.ts';
import { createSqlAddressSpaceStore } from './address-space/sql-address-space-store.ts';
import type { AddressSpaceStore } from './address-space/port.ts';
import { createSqlNotificationStore } from './notifications/sql-notification-store.ts';
import type { NotificationStore } from './notifications/port.ts';
import { isPostgresUrl as isPostgres } from './common/dialect.ts';
import { createSqlIspDeskStore } from './isp-desk/sql-isp-desk-store.ts';
import type { IspDeskStore } from './isp-desk/port.ts';
import { openStatsStore } from './stats/open-stats-store.ts';
import type { StatsStore } from './stats/port.ts';
import { postgresRunner, sqliteRunner, type SqlRunner } from './hub/runner.ts';
import { createSqlHubStore } from './hub/sql-hub-store.ts';
import type { HubStore } from './hub/port.ts';
import { createSqlObservationsStore } from './observations/sql-observations-store.ts';
import type { ObservationsStore } from './observations/port.ts';
import type { ReportStore } from './reports/port.ts';
import { createSqlReportStore } from './reports/sql-report-store.ts';
import type { WorkbenchStore } from './workbench/port.ts';
import { createSqlWorkbenchStore } from './workbench/sql-workbench-store.ts';

/** Every store a hub needs. */
export interface HubStorage {
  hub: HubStore;
  stats: StatsStore;
  /** Observations, community questions, incident rooms and topic groups. */
  observations: ObservationsStore;
  /** A member's incident cases (org-scoped in every query). */
  cases: CaseStore;
  /** Registered address space (ISP prefixes and AS numbers). */
  addressSpace: AddressSpaceStore;
  /** Abuse notifications: routed reports, batches, outbox. */
  notifications: NotificationStore;
  /** The ISP's acknowledgements and host view over the routed reports. */
  ispDesk: IspDeskStore;
  reports: ReportStore;
  /** Hit feedback members gave (aggregates, the owner's view, what a MISP key could not take). */
  feedback: FeedbackStore;
  /** Search labels, watched lists and their notifications (history workbench). */
  workbench: WorkbenchStore;
  /** Account state (disabled users, key expiry), operator edits and the filtered audit log. */
  admin: AdminStore;
  /** Closes every store, the hub store included. */
  close(): Promise<void>;
}

export interface HubStorageOptions {
  /** PostgreSQL schema for every table (tests isolate suites this way). */
  schema?: string;
  /** Use this hub store (tests); feature stores still open on `db`. */
  hub?: HubStore;
}


/** Opens and migrates every hub store on `db` (a SQLite file path, `:memory:` or a postgres:// URL). */
export async function openHubStorage(db: string, opts: HubStorageOptions = {}): Promise<HubStorage> {
  const runner: SqlRunner = isPostgres(db) ? postgresRunner(db, opts.schema) : sqliteRunner(db);
  const hub = opts.hub ?? createSqlHubStore(runner);
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    if (!opts.hub) await hub.migrate();
    const cases = createSqlCaseStore(runner);
    await cases.migrate();
    // The statistics store keeps its own driver code (bulk cell upserts); it opens the same database.
    const stats = await openStatsStore(isPostgres(db) ? { postgresUrl: db, ...(opts.schema ? { schema: opts.schema } : {}) } : { sqlitePath: db });
    opened.push(stats);
    const observations = createSqlObservationsStore(runner);
    await observations.migrate();
    const addressSpace = await createSqlAddressSpaceStore(runner);
    const notifications = await createSqlNotificationStore(runner);
    const ispDesk = await createSqlIspDeskStore(runner);
    const reports = createSqlReportStore(runner);
    await reports.migrate();
    const feedback = createSqlFeedbackStore(runner);
    await feedback.migrate();
    const workbench = createSqlWorkbenchStore(runner);
    await workbench.migrate();
    const admin = createSqlAdminStore(runner);
    await admin.migrate();
    return {
      admin,
      feedback,
      workbench,
      hub,
      stats,
      addressSpace,
      notifications,
      ispDesk,
      observations,
      cases,
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
