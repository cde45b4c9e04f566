/** Hits on my data: which of our values were searched, by whom and when. */
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { barOption, Chart } from '../components/chart.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';
import { MATCH_KEYS } from '../components/hit-context.tsx';
import { csvCell, download } from '../lib/export.ts';
import { defineMessages, useMessages } from '../i18n/i18n.tsx';

const hitsMessages = defineMessages({
  en: { own: 'Include our own organisation’s searches', exportCsv: 'Export CSV' },
  ja: { own: '自組織による検索も含める', exportCsv: 'CSV で出力' },
});

/** The hits shown, one line each, as the table has them (match kinds stay codes: scripts read them). */
function hitsCsv(hits: { at: number; searcherOrg: string; value: string; type: string; match: string; eventUuid: string; eventInfo?: string | undefined; member: string }[]): string {
  const head = ['at', 'searcher_org', 'value', 'type', 'match', 'event_uuid', 'event_info', 'member'];
  const lines = hits.map((h) => [new Date(h.at).toISOString(), h.searcherOrg, h.value, h.type, h.match, h.eventUuid, h.eventInfo ?? '', h.member].map(csvCell).join(','));
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Period lengths in milliseconds (`since` is epoch milliseconds). */
const PERIODS = { all: 0, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;
type Period = keyof typeof PERIODS;
/** Rows rendered at first; more on request, so a busy log stays quick to draw. */
const PAGE = 100;

export function HitsPage() {
  const { t, formatDate } = useI18n();
  const { api } = useSession();
  const m = useMessages(hitsMessages);
  const [own, setOwn] = useState(false);
  const [period, setPeriod] = useState<Period>('all');
  const [searcher, setSearcher] = useState('');
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const [shown, setShown] = useState(PAGE);
  const since = period === 'all' ? undefined : Date.now() - PERIODS[period];
  const { data, error, loading, reload } = useAsync(() => api.hits({ limit: 5000, ...(since ? { since } : {}), ...(own ? { own: 1 as const } : {}) }), [api, period, own]);
  const all = data ?? [];
  const searchers = useMemo(() => [...new Set(all.map((h) => h.searcherOrg))].sort(), [all]);
  const types = useMemo(() => [...new Set(all.map((h) => h.type))].sort(), [all]);
  const q = text.trim().toLowerCase();
  const hits = all
    .filter((h) => (!searcher || h.searcherOrg === searcher) && (!type || h.type === type) && (!q || h.value.toLowerCase().includes(q)))
    .sort((a, b) => b.at - a.at);
  const perSearcher = useMemo(() => {
    const c: Record<string, number> = {};
    for (const h of hits) c[h.searcherOrg] = (c[h.searcherOrg] ?? 0) + 1;
    return c;
  }, [hits]);

  return (
    <div className="page">
      <h2>{t('hits.title')}</h2>
      <p className="muted">{t('hits.intro')}</p>
      <fieldset className="filters">
        <legend>{t('filter.title')}</legend>
        <label>
          {t('hits.period')}{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            <option value="all">{t('hits.periodAll')}</option>
            <option value="day">{t('hits.periodDay')}</option>
            <option value="week">{t('hits.periodWeek')}</option>
            <option value="month">{t('hits.periodMonth')}</option>
          </select>
        </label>
        <label>
          {t('hits.searcher')}{' '}
          <select value={searcher} onChange={(e) => setSearcher(e.target.value)}>
            <option value="">{t('filter.all')}</option>
            {searchers.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          {t('results.type')}{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('filter.all')}</option>
            {types.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filter.text')} <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={own} onChange={(e) => setOwn(e.target.checked)} /> {m('own')}
        </label>
      </fieldset>
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && hits.length === 0 && <p className="muted">{t('hits.empty')}</p>}
      {hits.length > 0 && (
        <>
          <figure className="panel">
            <figcaption>{t('chart.perSearcher')}</figcaption>
            <Chart option={barOption(perSearcher)} label={t('chart.perSearcher')} height={Math.min(320, 80 + 28 * Object.keys(perSearcher).length)} />
          </figure>
          <p className="toolbar">
            <button type="button" onClick={() => download(`renkei-hits-${new Date().toISOString().slice(0, 10)}.csv`, hitsCsv(hits), 'text/csv;charset=utf-8')}>
              {m('exportCsv')}
            </button>
          </p>
          <div className="table-wrap">
            <table className="list cards" data-testid="owner-hits">
              <caption className="sr-only">{t('hits.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('hits.when')}</th>
                  <th scope="col">{t('hits.searcher')}</th>
                  <th scope="col">{t('results.value')}</th>
                  <th scope="col">{t('results.type')}</th>
                  <th scope="col">{t('hits.match')}</th>
                  <th scope="col">{t('context.event')}</th>
                  <th scope="col">{t('hits.member')}</th>
                </tr>
              </thead>
              <tbody>
                {hits.slice(0, shown).map((h, i) => (
                  <tr key={`${h.attributeUuid}-${h.at}-${i}`}>
                    <td data-label={t('hits.when')}>{formatDate(h.at)}</td>
                    <td data-label={t('hits.searcher')}>{h.searcherOrg}</td>
                    <td data-label={t('results.value')}>
                      <code>{h.value}</code>
                    </td>
                    <td data-label={t('results.type')}>{h.type}</td>
                    <td data-label={t('hits.match')}>{MATCH_KEYS[h.match] ? t(MATCH_KEYS[h.match]!) : h.match}</td>
                    <td data-label={t('context.event')}>{h.eventInfo ?? h.eventUuid}</td>
                    <td data-label={t('hits.member')}>{h.member}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hits.length > shown && (
            <p className="toolbar">
              <span className="muted">{t('hits.truncated', { n: shown, total: hits.length })}</span>
              <button type="button" onClick={() => setShown(shown + 500)}>
                {t('hits.more')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
