/** Cross-search: paste or drop values, see normalisation problems first, then watch members answer. */
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { RejectionReason } from '../components/rejection-reason.tsx';
import { ResultsView } from '../components/results-view.tsx';
import { prepareValues } from '../lib/prepare-values.ts';
import { applyEvent, EMPTY_SEARCH, type SearchView } from '../lib/search-state.ts';
import { useSession } from '../lib/session.tsx';

const MAX_VALUES = 10_000;

export function SearchPage() {
  const { t, formatNumber } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'text' | 'csv'>('text');
  const [fileName, setFileName] = useState<string | null>(null);
  const [view, setView] = useState<SearchView | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const prepared = useMemo(() => prepareValues(text, mode), [text, mode]);
  const tooMany = prepared.values.length > MAX_VALUES;

  const readFile = async (file: File) => {
    const body = await file.text();
    setFileName(file.name);
    setMode(/\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : 'text');
    setText(body);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  const submit = async () => {
    if (prepared.values.length === 0 || tooMany) return;
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setError(null);
    setRunning(true);
    setView(EMPTY_SEARCH);
    // Events arriving in one burst are folded together, then rendered once per frame.
    let state = EMPTY_SEARCH;
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      setView(state);
    };
    try {
      await api.search(
        { values: prepared.values.map((v) => v.input) },
        (e) => {
          state = applyEvent(state, e);
          if (e.type === 'done') flush();
          else if (!scheduled) {
            scheduled = true;
            requestAnimationFrame(flush);
          }
        },
        ctl.signal,
      );
      flush();
      if (state.id) history.replaceState(null, '', `#/search/${encodeURIComponent(state.id)}`);
    } catch (e) {
      if (!ctl.signal.aborted) setError(e);
    } finally {
      setRunning(false);
    }
  };

  const problems = prepared.problems;
  return (
    <div className="page">
      <h2>{t('search.title')}</h2>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="values">{t('search.valuesLabel')}</label>
          <textarea
            id="values"
            rows={8}
            value={text}
            spellCheck={false}
            placeholder={t('search.placeholder')}
            aria-describedby="values-help values-check"
            onChange={(e) => {
              setText(e.target.value);
              setFileName(null);
              setMode('text');
            }}
          />
          <p id="values-help" className="muted">
            {t('search.help')}
          </p>
          <label className="file">
            {t('search.chooseFile')}{' '}
            <input
              type="file"
              accept=".txt,.csv,.tsv,text/plain,text/csv"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void readFile(f);
              }}
            />
          </label>
          {fileName && <p className="muted">{t('search.fileLoaded', { name: fileName })}</p>}
        </div>
        <div id="values-check" aria-live="polite" className="check-summary">
          {text.trim() && (
            <p>
              {t('search.ready', { n: formatNumber(prepared.values.length) })}
              {Object.entries(prepared.byType).map(([ty, n]) => (
                <span key={ty} className="tag">
                  {ty}: {formatNumber(n)}
                </span>
              ))}
              {prepared.duplicates > 0 && <span className="muted"> {t('search.duplicates', { n: prepared.duplicates })}</span>}
              {prepared.ignoredCells > 0 && <span className="muted"> {t('search.ignoredCells', { n: prepared.ignoredCells })}</span>}
            </p>
          )}
          {tooMany && <p className="error-text">{t('search.tooMany', { max: formatNumber(MAX_VALUES) })}</p>}
          {problems.length > 0 && (
            <details className="problems" open={problems.length <= 20}>
              <summary className="error-text">{t('search.problems', { n: problems.length })}</summary>
              <ul>
                {problems.slice(0, 500).map((p) => (
                  <li key={`${p.line}-${p.input}`}>
                    {t('search.problemLine', { line: p.line })} <code>{p.input}</code> — <RejectionReason error={p.error} />
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
        <div className="toolbar">
          <button type="submit" className="primary" disabled={running || prepared.values.length === 0 || tooMany}>
            {running ? t('search.running') : t('search.submit', { n: formatNumber(prepared.values.length) })}
          </button>
          {running && (
            <button type="button" onClick={() => abort.current?.abort()}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
      {error !== null && <ErrorMessage error={error} onRetry={() => void submit()} />}
      {view && view.members.length === 0 && running && <p role="status">{t('search.sending')}</p>}
      {view && view.members.length > 0 && <ResultsView key={view.id ?? 'pending'} view={view} retryMember={api.retryMember} />}
    </div>
  );
}
