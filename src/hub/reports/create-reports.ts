/** Builds the report slice from the hub's stores and config: section sources, service, PDF renderer. */
import type { HubStorage } from '../../storage/open-hub-storage.ts';
import type { HubConfig } from '../config.ts';
import { createAlertLevelService, type AlertLevelService } from './alert-level-service.ts';
import { createPdfRenderer, type PdfRenderer } from '../../services/pdf/pdf-renderer.ts';
import { reportSeeds } from './report-seed.ts';
import { createReportService, minMembersFor, type ReportService } from './report-service.ts';
import { businessImpactSource } from './sources/business-impact-source.ts';
import { notificationsSource } from './sources/notifications-source.ts';
import { observationsSource } from './sources/observations-source.ts';
import { searchActivitySource } from './sources/search-activity-source.ts';
import { situationSource } from './sources/situation-source.ts';
import { statisticsSource } from './sources/statistics-source.ts';

export interface ReportsSlice {
  service: ReportService;
  /** The community alert level (green/yellow/orange/red) and its change log. */
  alert: AlertLevelService;
  pdf: PdfRenderer;
  close(): Promise<void>;
}

export interface CreateReportsDeps {
  storage: HubStorage;
  config: HubConfig;
  /** The hub's secret: report noise seeds are derived from it per period. */
  secret: string;
  asName?: ((asn: number) => string | null) | undefined;
  now: () => number;
}

/** The report service with every section source, in report order. */
export function createReports(d: CreateReportsDeps): ReportsSlice {
  const c = d.config;
  const k = (audience: 'members' | 'public') => minMembersFor(audience, c.stats.minMembers, c.reports.publicMinMembers);
  const store = d.storage.reports;
  const statistics = statisticsSource({ stats: d.storage.stats, minSources: c.stats.minSources, minMembersFor: k, ...(d.asName ? { asName: d.asName } : {}) });
  const audit = (e: { actorUserId: number | null; actorOrg: string | null; action: string; count: number | null; detail: string | null }) => d.storage.hub.audit({ at: d.now(), ...e });
  const service = createReportService({
    store,
    sources: [
      situationSource(),
      statistics,
      observationsSource(store),
      searchActivitySource(store),
      notificationsSource(store),
      businessImpactSource(c.reports.damageExample),
    ],
    config: c.reports,
    hubMinMembers: c.stats.minMembers,
    seedFor: reportSeeds(d.secret),
    audit,
    now: d.now,
  });
  const alert = createAlertLevelService({ store, statistics, audit, now: d.now });
  const pdf = createPdfRenderer(c.reports.chromium);
  return { service, alert, pdf, close: () => pdf.close() };
}
