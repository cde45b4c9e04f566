/**
 * Community statistics from member agents' hourly aggregates (`/api/v1/stats`): the most seen ports,
 * signatures, countries or ASNs, a key's daily trend, and what deviates from the usual baseline.
 */
import { useMemo, useState } from 'react';
import { StatsDimension, type BaselineAnswer, type StatItem, type TopAnswer, type TrendAnswer } from '../../contracts/stats/stats-answers.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { barOption, Chart, latencyOption } from '../components/chart.tsx';
import { PngExportButton } from '../components/png-export-button.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

const DIMENSIONS = StatsDimension.options;
type Dimension = (typeof DIMENSIONS)[number];

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
  // One option object per answer: the on-screen chart and its PNG export draw the same thing.
  const topOption = useMemo(() => barOption(Object.fromEntries(totals.map((it) => [name(it), it.events]))), [totals]);
  const trendOption = useMemo(
    () => (trend.data ? latencyOption(trend.data.points.map((p) => ({ at: p.day.slice(0, 10), ms: p.events })), t('stats.events')) : null),
    [trend.data, t],
  );

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
        {top.data && totals.length > 0 && (
          <PngExportButton
            option={topOption}
            title={t('stats.topOf', { dimension: t(`stats.dim.${top.data.dimension}`) })}
            from={top.data.from}
            to={top.data.to}
            sensors={top.data.sensors}
            name={['stats', top.data.dimension]}
          />
        )}
      </fieldset>
      {top.loading && <Loading />}
      {top.error !== null && <ErrorMessage error={top.error} onRetry={top.reload} />}
      {top.data && totals.length === 0 && <p className="muted">{t('stats.empty')}</p>}
      {top.data && top.data.buckets.some((b) => b.withheld.items > 0) && (
        <p className="muted">{t('stats.withheld', { count: formatNumber(top.data.buckets.reduce((n, b) => n + b.withheld.items, 0)), k: top.data.minMembers })}</p>
      )}
      {totals.length > 0 && (
        <section className="panel" aria-labelledby="stats-top-title">
          <h3 id="stats-top-title">{t('stats.top')}</h3>
          <Chart option={topOption} label={t('stats.top')} />
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
          {trend.data && trendOption && (
            <>
              <Chart option={trendOption} label={t('stats.trendOf', { key })} />
              <div className="toolbar">
                <a href={`api/v1/stats/export.csv?view=trend&dimension=${trend.data.dimension}&key=${encodeURIComponent(trend.data.key)}`} download>
                  {t('stats.export')}
                </a>
                <PngExportButton
                  option={trendOption}
                  title={t('stats.trendTitle', { key: trend.data.key, dimension: t(`stats.dim.${trend.data.dimension}`) })}
                  from={trend.data.from}
                  to={trend.data.to}
                  sensors={trend.data.sensors}
                  name={['stats', trend.data.dimension, trend.data.key, 'trend']}
                />
              </div>
            </>
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
        {baseline.data && baseline.data.items.length > 0 && (
          <p className="toolbar">
            <a href={`api/v1/stats/export.csv?view=baseline&dimension=${dimension}&limit=5`} download>
              {t('stats.export')}
            </a>
          </p>
        )}
      </section>
    </div>
  );
}
