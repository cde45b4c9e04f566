/**
 * The PDF is printed by the project's Chromium and read back with pdftotext (poppler-utils): A4, the
 * Japanese text and every published figure and citation line present, equal to the report's JSON and to
 * the figures endpoint for the same period. Without Chromium the route answers `renderer_unavailable`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportContent } from '../../core/reports/model.ts';
import { formatCount } from '../../core/reports/sentences.ts';
import { createHub } from '../create-hub.ts';
import { startReportTestHub, type ReportTestHub } from './test-harness.ts';

const NOV = { kind: 'month', start: '2026-11-01' } as const;
const squash = (s: string) => s.replace(/\s+/g, '');

describe('report PDF', () => {
  let t: ReportTestHub;
  beforeAll(async () => {
    t = await startReportTestHub({ seed: { days: 40, fromMs: Date.UTC(2026, 9, 22) } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('prints an A4 PDF whose figures and citation lines equal the statistics of the period', async () => {
    const d = await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'ja', audience: 'public' });
    const pub = await t.api('hubAdmin', 'POST', `/api/v1/reports/${d.json.report.id}/publish`, {});
    const content = pub.json.content as ReportContent;

    const res = await fetch(`${t.url}/api/v1/reports/${d.json.report.id}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const file = path.join(t.dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+\d+(\.\d+)? x \d+(\.\d+)? pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // Every font is embedded and maps to Unicode (Skia embeds the Noto CJK collection's glyphs as Type 3 fonts).
    const flags = fonts.split('\n').slice(2).filter((l) => l.trim()).map((l) => /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(l)!.slice(1));
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.filter(([emb, , uni]) => emb !== 'yes' || uni !== 'yes')).toEqual([]);

    const text = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    expect(text).toContain(squash(content.title));
    // The figures endpoint for the same period (what the statistics give under the report's protection).
    const fig = (await t.api('hubAdmin', 'GET', '/api/v1/reports/figures?kind=month&start=2026-11-01&audience=public&lang=ja')).json as ReportContent;
    const tables = content.sections.filter((s) => !s.removed).flatMap((s) => s.tables);
    expect(tables.map((x) => x.id)).toEqual(['top-ports', 'top-signatures', 'top-countries', 'top-asns', 'observations-by-category', 'questions', 'rooms-by-severity', 'room-outcomes', 'search-activity']);
    for (const tb of tables) {
      const again = fig.sections.flatMap((s) => s.tables).find((x) => x.id === tb.id)!;
      expect(again.rows).toEqual(tb.rows);
      expect(text).toContain(squash(tb.methodology.citation.ja));
      expect(text).toContain(squash(tb.methodology.citation.en));
      // pdftotext reads a table column by column: the labels in order, then this period's figures in order.
      const figs = [...tb.rows, ...(tb.total ? [tb.total] : [])];
      expect(text, tb.id).toContain(squash(`数値${figs.map((f) => f.label).join('')}`));
      expect(text, tb.id).toContain(squash(`当期${figs.map((f) => (f.status === 'published' ? formatCount(f.value!) : '非公表')).join('')}`));
    }
    expect(text).toContain(squash('出典：Renkei コミュニティ統計（2026年11月、会員6社・センサー6台）'));
  }, 120_000);

  it('answers renderer_unavailable (503) when Chromium is missing', async () => {
    const h = await createHub({ db: ':memory:', host: '127.0.0.1', port: 0, webDir: null, secret: 'x'.repeat(32), enrichment: { enabled: false, rangeDirs: [] }, reports: { chromium: '/nonexistent/chromium' } });
    try {
      const url = await h.listen();
      const u = await h.ctx.auth.createUser({ login: 'op', password: null, orgName: 'Hub', role: 'hub-admin' });
      const key = (await h.ctx.auth.createKey(u.id, 't')).key;
      const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const d = (await (await fetch(`${url}/api/v1/reports`, { method: 'POST', headers: auth, body: JSON.stringify({ period: NOV, lang: 'en', audience: 'public' }) })).json()) as { report: { id: number } };
      const res = await fetch(`${url}/api/v1/reports/${d.report.id}/report.pdf`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({ code: 'renderer_unavailable', details: { chromium: '/nonexistent/chromium' } });
    } finally {
      await h.close();
    }
  });
});
