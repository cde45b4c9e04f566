/** The community alert level: the level in force with its criteria and change log; hub admins get the suggestion and set it. */
import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { reportsMessages } from './messages.ts';
import type { AlertLevel, AlertSuggestion, ReportsApi } from './reports-api.ts';

const LEVELS: AlertLevel[] = ['green', 'yellow', 'orange', 'red'];

export function AlertLevelPanel({ api, admin }: { api: ReportsApi; admin: boolean }) {
  const { lang, formatDate } = useI18n();
  const m = useMessages(reportsMessages);
  const { data, error, reload } = useAsync(() => api.alertLevel(), [api]);
  const [suggestion, setSuggestion] = useState<AlertSuggestion | null>(null);
  const [level, setLevel] = useState<AlertLevel>('green');
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const run = async (p: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await p();
    } catch (e) {
      setFailure(e);
    }
  };
  if (error !== null) return <ErrorMessage error={error} />;
  if (!data) return null;
  return (
    <section aria-label={m('alertTitle')}>
      <h3>{m('alertTitle')}</h3>
      <p>
        <strong data-level={data.level}>{m(`level.${data.level}`)}</strong> — {data.criteria[data.level][lang]}
        {data.since !== null && <> ({m('alertSince', { date: formatDate(data.since) })})</>}
      </p>
      {data.reason && <p className="muted">{data.reason}</p>}
      {admin && (
        <div>
          <button type="button" onClick={() => void run(async () => { const s = await api.suggestAlertLevel(); setSuggestion(s); setLevel(s.level); setReason(s.reasons.map((r) => r[lang]).join('\n')); })}>
            {m('suggest')}
          </button>
          {suggestion && <p>{m('suggested', { week: suggestion.week, level: m(`level.${suggestion.level}`) })}</p>}
          <label>
            {m('setLevel')}{' '}
            <select value={level} onChange={(e) => setLevel(e.target.value as AlertLevel)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {m(`level.${l}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {m('reason')} <textarea value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="button" disabled={reason.trim() === ''} onClick={() => void run(async () => { await api.setAlertLevel(level, reason.trim()); reload(); })}>
            {m('setLevel')}
          </button>
        </div>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      {data.history.length > 0 && (
        <details>
          <summary>{m('history')}</summary>
          <ul>
            {data.history.map((h, i) => (
              <li key={i}>
                {formatDate(h.setAt)} {m(`level.${h.level}`)} — {h.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
