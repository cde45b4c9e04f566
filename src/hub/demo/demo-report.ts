/**
 * The demo's report: two months of seeded statistics from the demo members (every sixth hour), then
 * the last finished month's public (TLP:CLEAR) report drafted and published by the demo hub admin, so
 * `npm start` shows one at `/api/v1/reports/<id>/report.html` without sign-in.
 */
import type { HubContext } from '../context.ts';
import { seedStatistics } from './seed-statistics.ts';

export interface DemoReport {
  id: number;
  title: string;
  html: string;
  pdf: string;
}

/** Seeds the statistics and publishes the report of the month before `now`. */
export async function publishDemoReport(ctx: HubContext, members: string[], adminUserId: number): Promise<DemoReport> {
  const now = new Date(ctx.now());
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const before = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
  const days = Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - before) / 86_400_000);
  await seedStatistics(ctx.storage.stats, { members, fromMs: before, days, hoursPerDay: 4, surgeDays: 10 });
  const who = { userId: adminUserId, orgName: 'Renkei Hub', role: 'hub-admin' };
  const draft = await ctx.reports.service.createDraft(who, { period: { kind: 'month', start: month.toISOString().slice(0, 10) }, lang: 'ja', audience: 'public' });
  const pub = await ctx.reports.service.publish(who, draft.report.id, undefined);
  return { id: pub.report.id, title: pub.report.title, html: `/api/v1/reports/${pub.report.id}/report.html`, pdf: `/api/v1/reports/${pub.report.id}/report.pdf` };
}
