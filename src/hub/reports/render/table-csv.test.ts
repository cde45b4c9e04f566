import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../../core/reports/model.ts';
import { tableCsv } from './table-csv.ts';

describe('tableCsv', () => {
  it('writes numbers as numbers, withheld figures empty, and defuses formula-looking labels', () => {
    const t: ReportTable = {
      id: 'top-signatures',
      citationId: '2026-11/public/top-signatures',
      title: 'Top signatures',
      unit: 'events',
      chart: true,
      rows: [
        { citationId: '2026-11/public/top-signatures/1', label: '=HYPERLINK("http://x")', status: 'published', value: 1230, previous: { status: 'published', value: 1400 }, changePercent: -12.1 },
        { citationId: '2026-11/public/top-signatures/2', label: 'ET SCAN, "quoted"', status: 'suppressed', value: null, previous: null, changePercent: null },
      ],
      total: null,
      methodology: { issuer: 'Renkei', period: 'November 2026 (UTC)', members: 6, sensors: 6, countingRule: 'events', method: 'm', methodVersion: 'renkei-sdc/1', caveats: ['c'], licence: 'CC BY 4.0', citation: { ja: '出典：Renkei', en: 'Source: Renkei' } },
    };
    expect(tableCsv(t).split('\n')).toEqual([
      '# Top signatures (2026-11/public/top-signatures)',
      '# 出典：Renkei',
      '# Source: Renkei',
      '# issuer: Renkei; period: November 2026 (UTC); members: 6; sensors: 6; method: renkei-sdc/1',
      '# counting: events',
      '# method: m',
      '# caveat: c',
      '# licence: CC BY 4.0',
      'citation_id,label,status,value,previous_value,change_percent,unit',
      `2026-11/public/top-signatures/1,"'=HYPERLINK(""http://x"")",published,1230,1400,-12.1,events`,
      '2026-11/public/top-signatures/2,"ET SCAN, ""quoted""",suppressed,,,,events',
      '',
    ]);
  });
});
