/**
 * The community-statistics section: top destination ports, signatures, source countries and source ASNs
 * of the period (events summed over the stored hourly cells, per member), each with its previous
 * periods for the change and the deviation sentences. Rows are the top keys that at least k members
 * reported; everything else is one "other" row so the table total is the sum of its rows.
 */
import type { Bilingual, RowInput, SectionInput, TableInput } from '../../../core/reports/model.ts';
import type { ReportSectionSource, SectionRequest } from '../../../core/reports/section-source.ts';
import type { Dimension, StatsStore } from '../../../storage/stats/port.ts';
import { add, asRecord, emptyContributions, periodIndex, sumOf, type PeriodContributions } from './contributions.ts';

const DAY = 86_400;

export interface StatisticsSourceOptions {
  stats: StatsStore;
  /** The hub's distinct-source threshold on cells (as in the statistics API). */
  minSources: number;
  /** k of the report's audience: only keys with this many members become rows. */
  minMembersFor: (audience: SectionRequest['audience']) => number;
  asName?: (asn: number) => string | null;
  /** Rows per table besides "other" (default 10). */
  topN?: number;
}

interface DimensionSpec {
  dimension: Dimension;
  id: string;
  title: Bilingual;
  label: (key: string, label: string | null) => Bilingual;
  subject: (l: Bilingual) => Bilingual;
  countingRule: Bilingual;
}

const EVENTS_RULE: Bilingual = {
  ja: '会員センサーが記録したイベント数の合計（時間単位の集計値を期間内で合算、送信元が3未満の集計値は各会員で非送信）',
  en: 'sum of events recorded by member sensors (hourly aggregates added over the period; agents do not send aggregates with fewer than 3 distinct sources)',
};

function specs(asName: ((asn: number) => string | null) | undefined): DimensionSpec[] {
  const same = (s: string): Bilingual => ({ ja: s, en: s });
  return [
    { dimension: 'port', id: 'top-ports', title: { ja: '宛先ポート上位', en: 'Top destination ports' }, label: (k, l) => same(`${k}/${l ?? 'tcp'}`), subject: (l) => ({ ja: `ポート ${l.ja} への`, en: `on port ${l.en}` }), countingRule: EVENTS_RULE },
    { dimension: 'signature', id: 'top-signatures', title: { ja: '検知シグネチャ上位', en: 'Top signatures' }, label: (k, l) => same(l ? `${l} (${k})` : `sid ${k}`), subject: (l) => ({ ja: `シグネチャ「${l.ja}」の`, en: `for signature "${l.en}"` }), countingRule: EVENTS_RULE },
    { dimension: 'country', id: 'top-countries', title: { ja: '送信元の国・地域上位', en: 'Top source countries' }, label: (k) => same(k), subject: (l) => ({ ja: `送信元 ${l.ja} からの`, en: `from ${l.en}` }), countingRule: EVENTS_RULE },
    { dimension: 'asn', id: 'top-asns', title: { ja: '送信元AS上位', en: 'Top source ASNs' }, label: (k) => same(asName?.(Number(k)) ? `AS${k} ${asName(Number(k))}` : `AS${k}`), subject: (l) => ({ ja: `送信元 ${l.ja} からの`, en: `from ${l.en}` }), countingRule: EVENTS_RULE },
  ];
}

const OTHER: Bilingual = { ja: 'その他', en: 'Other' };

/** Builds the statistics section source over the hub's stats store. */
export function statisticsSource(o: StatisticsSourceOptions): ReportSectionSource {
  const topN = o.topN ?? 10;
  return {
    id: 'statistics',
    async build(req: SectionRequest): Promise<SectionInput | null> {
      const periods = [req.period, ...req.history];
      const from = Math.min(...periods.map((p) => p.from));
      const allCov = await o.stats.coverage({ from, to: req.period.to });
      const cov = allCov.filter((c) => c.hour >= req.period.from);
      const members = new Set(cov.map((c) => c.member));
      // Earlier periods count only while the hub collected through the whole of them: a half-covered
      // month would read as a rise. Periods before the first sensor-hour are left out (oldest first).
      const first = Math.min(...allCov.map((c) => c.hour));
      const covered = req.history.filter((p) => p.from + DAY > first).length;
      const history = req.history.slice(0, covered);
      const sensors = new Set(cov.map((c) => `${c.member}\u0000${c.sensorId}`));
      if (members.size === 0) return null;
      const k = o.minMembersFor(req.audience);
      const tables: TableInput[] = [];
      for (const spec of specs(o.asName)) {
        // Day buckets: every period starts at a UTC midnight, so a day falls in one period only.
        const groups = await o.stats.groups({ from, to: req.period.to, minSources: o.minSources, dimension: spec.dimension, bucketSeconds: DAY });
        const acc: PeriodContributions = emptyContributions(periods.length);
        const labels = new Map<string, string | null>();
        for (const g of groups) {
          const i = periodIndex(periods, g.bucket);
          if (i < 0) continue;
          add(acc, i, g.key, g.member, g.events);
          if (!labels.has(g.key) || (g.label !== null && (labels.get(g.key) === null || g.label < labels.get(g.key)!))) labels.set(g.key, g.label);
        }
        const current = acc[0]!;
        const top = [...current.entries()]
          .filter(([, m]) => m.size >= k)
          .sort(([ka, a], [kb, b]) => sumOf(b) - sumOf(a) || ka.localeCompare(kb))
          .slice(0, topN)
          .map(([key]) => key);
        const inTop = new Set(top);
        const rows: RowInput[] = top.map((key) => {
          const label = spec.label(key, labels.get(key) ?? null);
          return { key, label, subject: spec.subject(label), contributions: asRecord(current.get(key)), history: history.map((_, i) => asRecord(acc[i + 1]!.get(key))) };
        });
        const other = (m: Map<string, Map<string, number>>): Record<string, number> => {
          const out = new Map<string, number>();
          for (const [key, c] of m) if (!inTop.has(key)) for (const [who, n] of c) out.set(who, (out.get(who) ?? 0) + n);
          return asRecord(out);
        };
        rows.push({ key: 'other', label: OTHER, contributions: other(current), history: history.map((_, i) => other(acc[i + 1]!)) });
        tables.push({ id: spec.id, title: spec.title, unit: { ja: '件', en: 'events' }, countingRule: spec.countingRule, rows, total: { ja: '合計', en: 'Total' }, chart: true, deviations: true });
      }
      return {
        kind: 'statistics',
        id: 'statistics',
        title: { ja: 'コミュニティ統計', en: 'Community statistics' },
        paragraphs: [
          covered > 0
            ? { ja: '会員のセンサーが観測した通信の集計です。前期比は前の期間の公表値との比較です。', en: "Aggregates of what members' sensors observed. Changes compare with the previous period's published figures." }
            : { ja: '会員のセンサーが観測した通信の集計です。前の期間は集計期間に満たないため、比較していません。', en: "Aggregates of what members' sensors observed. The previous period was not fully collected, so nothing is compared with it." },
        ],
        tables,
        basis: { members: members.size, sensors: sensors.size },
      };
    },
  };
}
