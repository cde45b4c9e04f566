/** "Mark all hits as seen": one action for every hit of the organisation's own search. */
import { useContext, useState } from 'react';
import type { FeedbackSummary } from '../../contracts/feedback.ts';
import { useMessages } from '../i18n/i18n.tsx';
import type { WebApi } from '../api/hub-client.ts';
import { SessionContext } from '../lib/session.tsx';
import { ErrorMessage } from './error-message.tsx';
import { feedbackMessages } from './feedback-messages.ts';

/** The bulk action; nothing outside a signed-in session (results shown without one, e.g. in isolation). */
export function FeedbackBulk({ searchId }: { searchId: string }) {
  const session = useContext(SessionContext);
  return session ? <Bulk api={session.api} searchId={searchId} /> : null;
}

function Bulk({ api, searchId }: { api: WebApi; searchId: string }) {
  const m = useMessages(feedbackMessages);
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<FeedbackSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone(await api.feedback.markAllSeen(searchId, { reveal }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="feedback-bulk">
      <label className="check">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        {m('reveal')}
      </label>
      <button type="button" disabled={busy} onClick={() => void run()}>
        {busy ? m('working') : m('bulk')}
      </button>
      {done && (
        <span role="status" className="muted">
          {m('bulkDone', { recorded: done.recorded, duplicates: done.duplicates, relayed: done.relayed, kept: done.kept, pending: done.pending })}
        </span>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </span>
  );
}
