/** The organisation's watched lists and the user's watch notifications (history workbench, issue 13 §7). */
import { useState } from 'react';
import type { Watch } from '../../../contracts/workbench.ts';
import { codeKey, ErrorMessage, Loading } from '../../components/error-message.tsx';
import { WATCH_SEEN_EVENT } from '../../components/watch-count.tsx';
import { WATCH_INTERVALS, workbenchMessages } from '../../components/workbench-messages.ts';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { watchesMessages } from './messages.ts';

function Inbox() {
  const m = useMessages(watchesMessages);
  const { formatDate } = useI18n();
  const { api } = useSession();
  const { data, error, reload } = useAsync(() => api.workbench.watchNotifications(), [api]);
  const markSeen = async (): Promise<void> => {
    const top = data?.notifications[0];
    if (top) await api.workbench.markWatchNotificationsSeen(top.id);
    window.dispatchEvent(new Event(WATCH_SEEN_EVENT));
    reload();
  };
  return (
    <section className="panel" aria-labelledby="watch-inbox">
      <div className="panel-head">
        <h3 id="watch-inbox">{m('inbox')}</h3>
        {data && data.unseen > 0 && (
          <button type="button" onClick={() => void markSeen()}>
            {m('markSeen')}
          </button>
        )}
      </div>
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && data.notifications.length === 0 && <p className="muted">{m('inboxEmpty')}</p>}
      {data && data.notifications.length > 0 && (
        <ul className="watch-inbox">
          {data.notifications.map((n) => (
            <li key={n.id} className={n.seen ? undefined : 'unseen'}>
              {!n.seen && <span className="badge new">{m('unseen')}</span>} <span>{m('notice', { name: n.watchName || m('unnamed', { id: n.watchId }), n: n.newHits })}</span>{' '}
              <span className="muted">{formatDate(n.at)}</span> <a href={`#/compare/${encodeURIComponent(n.searchId)}/${encodeURIComponent(n.previousId)}`}>{m('openCompare')}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Row({ w, onChange }: { w: Watch; onChange: () => void }) {
  const m = useMessages(watchesMessages);
  const wm = useMessages(workbenchMessages);
  const { t, formatDate, formatNumber } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [queued, setQueued] = useState(false);
  const act = async (f: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await f();
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const name = w.name || m('unnamed', { id: w.id });
  const intervalLabel = (h: number): string => ((WATCH_INTERVALS as readonly number[]).includes(h) ? wm(`interval.${h as 1 | 6 | 24 | 168}`) : m('every', { h }));
  return (
    <tr>
      <td data-label={m('name')}>{name}</td>
      <td data-label={m('owner')}>{w.owner}</td>
      <td data-label={m('values')} className="num">{formatNumber(w.valueCount)}</td>
      <td data-label={m('interval')}>
        {w.canEdit ? (
          <select aria-label={`${m('interval')}: ${name}`} value={w.intervalHours} onChange={(e) => void act(() => api.workbench.updateWatch(w.id, { intervalHours: Number(e.target.value) }))}>
            {[...new Set([...WATCH_INTERVALS, w.intervalHours])].map((h) => (
              <option key={h} value={h}>
                {intervalLabel(h)}
              </option>
            ))}
          </select>
        ) : (
          intervalLabel(w.intervalHours)
        )}
      </td>
      <td data-label={m('lastRun')}>{w.lastRunAt === null ? <span className="muted">{m('neverRun')}</span> : <a href={`#/search/${encodeURIComponent(w.lastSearchId)}`}>{formatDate(w.lastRunAt)}</a>}</td>
      <td data-label={m('nextRun')}>{w.enabled ? formatDate(w.nextRunAt) : <span className="muted">{m('paused')}</span>}</td>
      <td data-label={m('lastResult')}>
        {w.lastError ? <span className="error-text">{t(codeKey(w.lastError) ?? 'error.generic')}</span> : w.lastNewHits === null ? '—' : m('newHits', { n: w.lastNewHits })}
      </td>
      <td data-label={m('actions')}>
        {w.canEdit && (
          <span className="actions">
            <button type="button" onClick={() => void act(async () => (await api.workbench.runWatchNow(w.id), setQueued(true)))}>
              {m('runNow')}
            </button>
            <button type="button" onClick={() => void act(() => api.workbench.updateWatch(w.id, { enabled: !w.enabled }))}>
              {m(w.enabled ? 'pause' : 'resume')}
            </button>
            <button type="button" onClick={() => void act(() => api.workbench.deleteWatch(w.id))}>
              {m('remove')}
            </button>
          </span>
        )}
        {queued && <span role="status">{m('runQueued')}</span>}
        {error !== null && <ErrorMessage error={error} />}
      </td>
    </tr>
  );
}

export function WatchesPage() {
  const m = useMessages(watchesMessages);
  const { api } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.workbench.watches(), [api]);
  return (
    <div className="page">
      <h2>{m('title')}</h2>
      <p className="muted">{m('intro')}</p>
      <Inbox />
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && data.watches.length === 0 && <p className="muted">{m('empty')}</p>}
      {data && data.watches.length > 0 && (
        <div className="table-wrap">
          <table className="list cards" data-testid="watches">
            <caption className="sr-only">{m('title')}</caption>
            <thead>
              <tr>
                {(['name', 'owner', 'values', 'interval', 'lastRun', 'nextRun', 'lastResult', 'actions'] as const).map((k) => (
                  <th key={k} scope="col" className={k === 'values' ? 'num' : undefined}>
                    {m(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.watches.map((w) => (
                <Row key={w.id} w={w} onChange={reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
