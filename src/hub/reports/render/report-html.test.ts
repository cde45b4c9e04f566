/** The report page escapes every text it did not write itself: labels from agents' signature names, reviewers' paragraphs. */
import { describe, expect, it } from 'vitest';
import type { ReportContent } from '../../../core/reports/model.ts';
import { reportHtml } from './report-html.ts';

const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe('reportHtml', () => {
  it('escapes labels (in the table and in the SVG chart), titles and paragraphs', () => {
    const content: ReportContent = {
      title: `T ${evil}`,
      issuer: 'Renkei',
      lang: 'en',
      audience: 'public',
      tlp: 'CLEAR',
      period: { kind: 'month', start: '2026-11-01', from: 0, to: 1, code: '2026-11', label: 'November 2026 (UTC)' },
      generatedAt: '2026-12-01T00:00:00.000Z',
      params: { minMembers: 5, step: 10, significantDigits: 3, noiseSteps: 1 },
      methodology: 'm',
      licence: 'CC BY 4.0',
      sections: [
        {
          id: 'statistics',
          kind: 'statistics',
          title: 'S',
          paragraphs: [evil],
          removed: false,
          edited: true,
          tables: [
            {
              id: 'top-signatures',
              citationId: '2026-11/public/top-signatures',
              title: 'Top signatures',
              unit: 'events',
              chart: true,
              total: null,
              rows: [{ citationId: '2026-11/public/top-signatures/1', label: evil, status: 'published', value: 1230, previous: null, changePercent: null }],
              methodology: { issuer: 'Renkei', period: 'November 2026 (UTC)', members: 6, sensors: 6, countingRule: 'events', method: 'm', methodVersion: 'renkei-sdc/1', caveats: [], licence: 'CC BY 4.0', citation: { ja: 'ja', en: 'en' } },
            },
          ],
        },
      ],
    };
    const html = reportHtml({ id: 1, series: 's', state: 'published', version: 1, supersedes: null, changeNote: evil, lang: 'en', audience: 'public', tlp: 'CLEAR', periodCode: '2026-11', title: 't', createdAt: 0, publishedAt: 0 }, content);
    expect(html).not.toMatch(/<script|<img/);
    // <title>, h1, paragraph, change note, table cell and chart label.
    expect(html.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)?.length).toBe(6);
    expect(html).toContain('<svg');
    expect(html).toContain('&lt;script');
  });
});
