/**
 * History as a workbench (issue 13 §7) on a stored search: label it (ticket number, note), run its list
 * again (the label goes with the new run), watch the list, and read the comparison with the previous run
 * of the same list, hit by hit. Every call reads only the organisation's own searches.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { SearchResult } from '../../contracts/hub-api.ts';
import type { RunComparison, SearchLabel, Watch } from '../../contracts/workbench.ts';
import { useMessages } from '../i18n/i18n.tsx';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { ErrorMessage } from './error-message.tsx';
import { RunDiffView } from './run-diff-view.tsx';
import { WATCH_INTERVALS, workbenchMessages } from './workbench-messages.ts';

export { workbenchMessages } from './workbench-messages.ts';

function LabelForm({ searchId, label, onSaved }: { searchId: string; label: SearchLabel | null; onSaved: (l: SearchLabel | null) => void }) {
  const m = useMessages(workbenchMessages);
  const { api } = useSession();
  const [ticket, setTicket] = useState(label?.ticket ?? '');
  const [note, setNote] = useState(label?.note ?? '');
  const [status, setStatus] = useState<'saved' | 'removed' | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setTicket(label?.ticket ?? '');
    setNote(label?.note ?? '');
  }, [label]);
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.workbench.setLabel(searchId, { ticket, note });
      setStatus(r.label ? 'saved' : 'removed');
      onSaved(r.label);
    } catch (x) {
      setError(x);
    }
  };
  return (
    <form className="workbench-label" onSubmit={(e) => void save(e)} aria-label={m('label')}>
      <label>
        {m('ticket')} <input value={ticket} maxLength={64} onChange={(e) => (setTicket(e.target.value), setStatus(null))} />
      </label>
      <label>
        {m('note')} <input value={note} maxLength={500} onChange={(e) => (setNote(e.target.value), setStatus(null))} />
      </label>
      <button type="submit">{m('saveLabel')}</button>
      {status && <span role="status">{m(status === 'saved' ? 'labelSaved' : 'labelRemoved')}</span>}
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}

function WatchForm({ searchId, defaultName }: { searchId: string; defaultName: string }) {
  const m = useMessages(workbenchMessages);
  const { api } = useSession();
  const [name, setName] = useState(defaultName);
  const [interval, setInterval] = useState<number>(24);
  const [email, setEmail] = useState(false);
  const [made, setMade] = useState<Watch | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setName(defaultName), [defaultName]);
  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      setMade(await api.workbench.createWatch({ searchId, name, intervalHours: interval, email }));
    } catch (x) {
      setError(x);
    }
  };
  return (
    <form className="workbench-watch" onSubmit={(e) => void start(e)} aria-labelledby="watch-title">
      <h4 id="watch-title">{m('watchTitle')}</h4>
      <p className="muted">{m('watchIntro')}</p>
      <label>
        {m('watchName')} <input value={name} maxLength={128} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {m('interval')}{' '}
        <select value={interval} onChange={(e) => setInterval(Number(e.target.value))}>
          {WATCH_INTERVALS.map((h) => (
            <option key={h} value={h}>
              {m(`interval.${h}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} /> {m('email')}
      </label>
      <button type="submit">{m('watch')}</button>
      {made && (
        <p role="status">
          {m('watching', { name: made.name || `#${made.id}` })} <a href="#/watches">→</a>
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}

export function RunWorkbench({ result }: { result: SearchResult }) {
  const m = useMessages(workbenchMessages);
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [label, setLabel] = useState<SearchLabel | null>(null);
  const [diff, setDiff] = useState<RunComparison | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const labels = (await api.workbench.labels()).labels;
        if (live) setLabel(labels.find((l) => l.searchId === result.id) ?? null);
        const { previous } = await api.workbench.previousRun(result.id);
        const d = previous ? await api.workbench.compare(result.id, previous) : null;
        if (live) setDiff(d);
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [api, result]);

  const rerun = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.search({ values: result.results.map((x) => x.input) }, () => undefined);
      // The new run carries the same ticket and note.
      if (label) await api.workbench.setLabel(r.id, { ticket: label.ticket, note: label.note });
      navigate(`/search/${encodeURIComponent(r.id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="workbench-title">
      <div className="panel-head">
        <h3 id="workbench-title">{m('title')}</h3>
        <button type="button" onClick={() => void rerun()} disabled={busy}>
          {busy ? m('rerunning') : m('rerun')}
        </button>
      </div>
      <LabelForm searchId={result.id} label={label} onSaved={setLabel} />
      {diff === null && <p className="muted">{m('noPrevious')}</p>}
      {diff && <RunDiffView diff={diff} />}
      <WatchForm searchId={result.id} defaultName={label?.ticket ?? ''} />
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
