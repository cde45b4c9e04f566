/** My organisation's past searches; each opens its stored result. */
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

export function HistoryPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const { api } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.searches(), [api]);
  return (
    <div className="page">
      <h2>{t('history.title')}</h2>
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {data && data.length > 0 && (
        <div className="table-wrap">
          <table className="list cards">
            <caption className="sr-only">{t('history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.when')}</th>
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
              {[...data]
                .sort((a, b) => b.createdAt - a.createdAt)
                .map((s) => (
                  <tr key={s.id}>
                    <td data-label={t('history.when')}>{formatDate(s.createdAt)}</td>
                    <td data-label={t('history.user')}>{s.user}</td>
                    <td data-label={t('history.status')} className={`search-status search-status-${s.status}`}>{t(`history.status.${s.status}`)}</td>
                    <td data-label={t('history.values')} className="num">{formatNumber(s.valueCount)}</td>
                    {/* Hits of a running or interrupted search are unknown, never shown as 0. */}
                    <td data-label={t('history.hitValues')} className="num">{s.hitValueCount === null ? t('history.hitsUnknown') : formatNumber(s.hitValueCount)}</td>
                    <td>
                      {s.resultKept ? <a href={`#/search/${encodeURIComponent(s.id)}`}>{t('history.open')}</a> : <span className="muted">{t(s.status === 'done' || s.status === 'partial' ? 'history.purged' : 'history.noResult')}</span>}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
