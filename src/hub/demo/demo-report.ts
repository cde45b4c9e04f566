/**
 * The demo's report: the last finished month's public (TLP:CLEAR) report, drafted and published by the
 * demo hub admin from the statistics the demo's agents sent (`seed-agent-statistics.ts`), so `npm start`
 * shows one at `/api/v1/reports/<id>/report.html` without sign-in.
 */
import type { HubContext } from '../context.ts';

export interface DemoReport {
  id: number;
  title: string;
  html: string;
  pdf: string;
}

/** Days of statistics the demo needs: five weeks for the statistics page, and all of the month before for the report. */
export function demoStatisticsDays(nowMs: number): number {
  const now = new Date(nowMs);
  const monthBefore = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  return Math.max(35, Math.ceil((Math.floor(nowMs / 3_600_000) * 3_600_000 - monthBefore) / 86_400_000));
}

/** Publishes the report of the month before `now` (the statistics are already in). */
export async function publishDemoReport(ctx: HubContext, adminUserId: number): Promise<DemoReport> {
  const now = new Date(ctx.now());
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const who = { userId: adminUserId, orgName: 'Renkei Hub', role: 'hub-admin' };
  const draft = await ctx.reports.service.createDraft(who, { period: { kind: 'month', start: month.toISOString().slice(0, 10) }, lang: 'ja', audience: 'public' });
  const pub = await ctx.reports.service.publish(who, draft.report.id, undefined);
  return { id: pub.report.id, title: pub.report.title, html: `/api/v1/reports/${pub.report.id}/report.html`, pdf: `/api/v1/reports/${pub.report.id}/report.pdf` };
}
