/**
 * Executive reports (issue 19) on SQLite: a monthly report (November 2026) over 5 weeks of hourly
 * statistics from 20 members (16,800 batches): the draft composed from the store, its HTML with the
 * server-side SVG charts, and its PDF printed by Chromium (cold: the browser starts inside the measured
 * time). Target: draft + HTML + PDF ≤ 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HubConfig } from '../src/hub/config.ts';
import { createHubContext } from '../src/hub/create-hub-context.ts';
import { seedStatistics } from '../src/hub/demo/seed-statistics.ts';
import { reportHtml } from '../src/hub/reports/render/report-html.ts';
import type { BenchRow } from './types.ts';

const MEMBERS = Array.from({ length: 20 }, (_, i) => `Member ${String(i + 1).padStart(2, '0')}`);

/** Runs the benchmark. */
export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-reports-'));
  const ctx = await createHubContext(HubConfig.parse({ db: path.join(dir, 'hub.db'), secret: 'bench-reports-secret-0123456789', webDir: null, enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 } }), { ipInfo: null });
  try {
    const seedStart = performance.now();
    const batches = await seedStatistics(ctx.storage.stats, { members: MEMBERS, fromMs: Date.UTC(2026, 9, 27), days: 35 });
    const seedMs = performance.now() - seedStart;
    const admin = await ctx.auth.createUser({ login: 'bench', password: null, orgName: 'Hub Operator', role: 'hub-admin' });
    const who = { userId: admin.id, orgName: 'Hub Operator', role: 'hub-admin' };

    const t0 = performance.now();
    const draft = await ctx.reports.service.createDraft(who, { period: { kind: 'month', start: '2026-11-01' }, lang: 'ja', audience: 'public' });
    const t1 = performance.now();
    const html = reportHtml(draft.report, draft.content);
    const t2 = performance.now();
    const pdf = await ctx.reports.pdf.pdf(html);
    const t3 = performance.now();
    const warm = await ctx.reports.pdf.pdf(html);
    const t4 = performance.now();
    const total = (t3 - t0) / 1000;
    const figures = draft.content.sections.flatMap((s) => s.tables).reduce((n, t) => n + t.rows.length + (t.total ? 1 : 0), 0);
    return [
      { name: 'seed: 20 members × 5 weeks hourly (setup)', value: seedMs / 1000, unit: 's', note: `${batches} batches` },
      { name: 'monthly draft composed from the store', value: (t1 - t0) / 1000, unit: 's', note: `${figures} figures` },
      { name: 'HTML with SVG charts', value: (t2 - t1) / 1000, unit: 's', note: `${Math.round(html.length / 1024)} KiB` },
      { name: 'PDF, cold (Chromium start included)', value: (t3 - t2) / 1000, unit: 's', note: `${Math.round(pdf.length / 1024)} KiB` },
      { name: 'PDF, warm', value: (t4 - t3) / 1000, unit: 's', note: `${Math.round(warm.length / 1024)} KiB` },
      { name: 'monthly report: draft + HTML + PDF', value: total, unit: 's', target: '≤ 10 s', ok: total <= 10 },
    ];
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
