/**
 * My organisation's past searches; each opens its stored result. Labels (ticket number, note) show with
 * each search and filter the list; two runs can be picked and compared hit by hit.
 */
import { useMemo, useState } from 'react';
import { workbenchMessages } from '../components/workbench-messages.ts';
import { useI18n, useMessages } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';
import { defineMessages } from '../i18n/i18n.tsx';

const historyMessages = defineMessages({
  en: { filter: 'Filter by label', pick: 'Compare', compare: 'Compare the two picked runs', pickTwo: 'Pick two searches to compare.', watches: 'Watched lists →' },
  ja: { filter: 'ラベルで絞り込み', pick: '比較', compare: '選んだ 2 件の実行を比較', pickTwo: '比較する検索を 2 件選んでください。', watches: 'ウォッチ中のリスト →' },
});

export function HistoryPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const m = useMessages(historyMessages);
  const wm = useMessages(workbenchMessages);
  const { api } = useSession();
  const { data, error, loading, reload } = useAsync(async () => {
    const [searches, labels] = await Promise.all([api.searches(), api.workbench.labels()]);
    return { searches, labels: new Map(labels.labels.map((l) => [l.searchId, l])) };
  }, [api]);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const rows = useMemo(() => {
    if (!data) return [];
    const f = filter.trim().toLowerCase();
    return [...data.searches]
      .filter((s) => {
        if (!f) return true;
        const l = data.labels.get(s.id);
        return l !== undefined && `${l.ticket} ${l.note}`.toLowerCase().includes(f);
      })
      .sort((a, b) => b.createdAt - a.createdAt);
  }, [data, filter]);
  const toggle = (id: string): void => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const compare = (): void => {
    if (!data || picked.length !== 2) return;
    const [a, b] = picked.map((id) => data.searches.find((s) => s.id === id)!).sort((x, y) => y.createdAt - x.createdAt);
    navigate(`/compare/${encodeURIComponent(a!.id)}/${encodeURIComponent(b!.id)}`);
  };
  return (
    <div className="page">
      <h2>{t('history.title')}</h2>
      <p>
        <a href="#/watches">{m('watches')}</a>
      </p>
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && data.searches.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {data && data.searches.length > 0 && (
        <>
          <div className="toolbar">
            <label>
              {m('filter')} <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
            </label>
            <button type="button" disabled={picked.length !== 2} onClick={compare}>
              {m('compare')}
            </button>
            {picked.length !== 2 && <span className="muted">{m('pickTwo')}</span>}
          </div>
          <div className="table-wrap">
            <table className="list cards">
              <caption className="sr-only">{t('history.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{m('pick')}</th>
                  <th scope="col">{t('history.when')}</th>
                  <th scope="col">{wm('label')}</th>
                  <th scope="col">{t('history.user')}</th>
                  <th scope="col">{t('history.status')}</th>
                  <th scope="col" className="num">
                    {t('history.values')}
                  </th>
                  <th scope="col" className="num">
                    {t('history.hitValues')}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('history.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const l = data.labels.get(s.id);
                  return (
                    <tr key={s.id}>
                      <td data-label={m('pick')}>
                        {s.resultKept && <input type="checkbox" aria-label={`${m('pick')}: ${formatDate(s.createdAt)}`} checked={picked.includes(s.id)} onChange={() => toggle(s.id)} />}
                      </td>
                      <td data-label={t('history.when')}>{formatDate(s.createdAt)}</td>
                      <td data-label={wm('label')}>
                        {l && (
                          <>
                            <strong className="history-label">{l.ticket}</strong>
                            {l.note && <span className="history-label muted">{l.note}</span>}
                          </>
                        )}
                      </td>
                      <td data-label={t('history.user')}>{s.user}</td>
                      <td data-label={t('history.status')} className={`search-status search-status-${s.status}`}>{t(`history.status.${s.status}`)}</td>
                      <td data-label={t('history.values')} className="num">{formatNumber(s.valueCount)}</td>
                      {/* Hits of a running or interrupted search are unknown, never shown as 0. */}
                      <td data-label={t('history.hitValues')} className="num">{s.hitValueCount === null ? t('history.hitsUnknown') : formatNumber(s.hitValueCount)}</td>
                      <td>
                        {s.resultKept ? <a href={`#/search/${encodeURIComponent(s.id)}`}>{t('history.open')}</a> : <span className="muted">{t(s.status === 'done' || s.status === 'partial' ? 'history.purged' : 'history.noResult')}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
