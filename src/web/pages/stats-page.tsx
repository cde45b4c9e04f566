/**
 * Community statistics from member agents' hourly aggregates (`/api/v1/stats`): the most seen ports,
 * signatures, countries or ASNs, a key's daily trend, and what deviates from the usual baseline.
 */
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { barOption, Chart, latencyOption } from '../components/chart.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

const DIMENSIONS = ['port', 'signature', 'country', 'asn'] as const;
type Dimension = (typeof DIMENSIONS)[number];

interface StatItem {
  key: string;
  label: string | null;
  events: number;
  sources: number;
  members: number;
}
interface TopAnswer {
  sensors: number;
  buckets: { start: string; sensors: number; items: StatItem[] }[];
}
interface TrendAnswer {
  points: { day: string; events: number }[];
}
interface BaselineAnswer {
  items: { key: string; label: string | null; events: number; deviation: { level: string }; sentence: { en: string; ja: string } }[];
}

/** Sums each key over the buckets of a top answer, largest first. */
export function totalsOf(top: TopAnswer | undefined): StatItem[] {
  const m = new Map<string, StatItem>();
  for (const b of top?.buckets ?? [])
    for (const it of b.items) {
      const cur = m.get(it.key);
      if (cur) cur.events += it.events;
      else m.set(it.key, { ...it });
    }
  return [...m.values()].sort((a, b) => b.events - a.events);
}

export function StatsPage() {
  const { t, lang, formatNumber } = useI18n();
  const { api } = useSession();
  const [dimension, setDimension] = useState<Dimension>('port');
  const [period, setPeriod] = useState<'day' | 'hour'>('day');
  const [key, setKey] = useState<string | null>(null);
  const top = useAsync(() => api.getJson<TopAnswer>(`/stats/top?dimension=${dimension}&period=${period}&limit=10`), [api, dimension, period]);
  const baseline = useAsync(() => api.getJson<BaselineAnswer>(`/stats/baseline?dimension=${dimension}&limit=5`), [api, dimension]);
  const trend = useAsync(
    () => (key ? api.getJson<TrendAnswer>(`/stats/trend?dimension=${dimension}&key=${encodeURIComponent(key)}`) : Promise.resolve(null)),
    [api, dimension, key],
  );
  const totals = useMemo(() => totalsOf(top.data), [top.data]);
  const name = (it: { key: string; label: string | null }) => (it.label ? `${it.key} ${it.label}` : it.key);

  return (
    <div className="page">
      <h2>{t('stats.title')}</h2>
      <p className="muted">{t('stats.intro')}</p>
      <fieldset className="filters">
        <legend>{t('filter.title')}</legend>
        <label>
          {t('stats.dimension')}{' '}
          <select
            value={dimension}
            onChange={(e) => {
              setDimension(e.target.value as Dimension);
              setKey(null);
            }}
          >
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(`stats.dim.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('hits.period')}{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as 'day' | 'hour')}>
            <option value="day">{t('stats.last7days')}</option>
            <option value="hour">{t('hits.periodDay')}</option>
          </select>
        </label>
        <a href={`api/v1/stats/export.csv?view=top&dimension=${dimension}&period=${period}`} download>
          {t('stats.export')}
        </a>
      </fieldset>
      {top.loading && <Loading />}
      {top.error !== null && <ErrorMessage error={top.error} onRetry={top.reload} />}
      {top.data && totals.length === 0 && <p className="muted">{t('stats.empty')}</p>}
      {totals.length > 0 && (
        <section className="panel" aria-labelledby="stats-top-title">
          <h3 id="stats-top-title">{t('stats.top')}</h3>
          <Chart option={barOption(Object.fromEntries(totals.map((it) => [name(it), it.events])))} label={t('stats.top')} />
          <div className="table-wrap">
            <table className="list">
              <caption className="sr-only">{t('stats.top')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`stats.dim.${dimension}`)}</th>
                  <th scope="col" className="num">
                    {t('stats.events')}
                  </th>
                  <th scope="col" className="num">
                    {t('stats.sources')}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('stats.trend')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {totals.map((it) => (
                  <tr key={it.key}>
                    <td>{name(it)}</td>
                    <td className="num">{formatNumber(it.events)}</td>
                    <td className="num">{formatNumber(it.sources)}</td>
                    <td>
                      <button type="button" onClick={() => setKey(it.key)} aria-pressed={key === it.key}>
                        {t('stats.trend')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {key && (
        <section className="panel" aria-labelledby="stats-trend-title">
          <h3 id="stats-trend-title">{t('stats.trendOf', { key })}</h3>
          {trend.loading && <Loading />}
          {trend.error !== null && <ErrorMessage error={trend.error} onRetry={trend.reload} />}
          {trend.data && (
            <Chart option={latencyOption(trend.data.points.map((p) => ({ at: p.day, ms: p.events })), t('stats.events'))} label={t('stats.trendOf', { key })} />
          )}
        </section>
      )}
      <section className="panel" aria-labelledby="stats-baseline-title">
        <h3 id="stats-baseline-title">{t('stats.baseline')}</h3>
        {baseline.loading && <Loading />}
        {baseline.error !== null && <ErrorMessage error={baseline.error} onRetry={baseline.reload} />}
        {baseline.data && baseline.data.items.length === 0 && <p className="muted">{t('stats.empty')}</p>}
        {baseline.data && baseline.data.items.length > 0 && (
          <ul>
            {baseline.data.items.map((it) => (
              <li key={it.key}>
                <span className={`badge ${it.deviation.level === 'normal' ? 'ok' : 'timeout'}`}>{it.deviation.level}</span> {it.sentence[lang]}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
