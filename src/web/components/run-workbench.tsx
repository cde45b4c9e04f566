/**
 * History as a workbench (issue 13 §7, part): run a past search's values again, and compare this run with
 * the previous run of the same list (new hits, gone hits). Both read only the organisation's own searches.
 */
import { useEffect, useState } from 'react';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { defineMessages, useI18n, useMessages } from '../i18n/i18n.tsx';
import { compareRuns, sameValues, type RunChange } from '../lib/compare-runs.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { ErrorMessage } from './error-message.tsx';

export const workbenchMessages = defineMessages({
  en: {
    title: 'Runs of this list',
    rerun: 'Run this list again',
    rerunning: 'Searching…',
    previous: 'Compared with the previous run:',
    noPrevious: 'No earlier run of the same list in the history.',
    newHits: 'New hits ({n})',
    goneHits: 'No longer hit ({n})',
    none: 'none',
  },
  ja: {
    title: '同じリストの実行',
    rerun: '同じリストで再検索',
    rerunning: '検索中…',
    previous: '前回の実行との比較:',
    noPrevious: '同じリストの過去の実行は履歴にありません。',
    newHits: '新たにヒット（{n} 件）',
    goneHits: 'ヒットしなくなった値（{n} 件）',
    none: 'なし',
  },
});

/** How many earlier searches with as many values are opened to find the previous run. */
const CANDIDATES = 5;

function Changes({ label, list }: { label: string; list: RunChange[] }) {
  const m = useMessages(workbenchMessages);
  return (
    <div className="run-changes">
      <h4>{label}</h4>
      {list.length === 0 ? (
        <p className="muted">{m('none')}</p>
      ) : (
        <ul>
          {list.slice(0, 500).map((c) => (
            <li key={`${c.type}:${c.value}`}>
              <code>{c.value}</code> <span className="muted">({c.type}) {c.members.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function RunWorkbench({ result }: { result: SearchResult }) {
  const m = useMessages(workbenchMessages);
  const { formatDate } = useI18n();
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [previous, setPrevious] = useState<SearchResult | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const earlier = (await api.searches()).filter((s) => s.id !== result.id && s.createdAt < result.createdAt && s.valueCount === result.results.length && s.resultKept);
        earlier.sort((a, b) => b.createdAt - a.createdAt);
        for (const s of earlier.slice(0, CANDIDATES)) {
          const r = await api.searchById(s.id);
          if (sameValues(r, result)) return live && setPrevious(r);
        }
        if (live) setPrevious(null);
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
      navigate(`/search/${encodeURIComponent(r.id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const diff = previous ? compareRuns(previous, result) : null;
  return (
    <section className="panel" aria-labelledby="workbench-title">
      <div className="panel-head">
        <h3 id="workbench-title">{m('title')}</h3>
        <button type="button" onClick={() => void rerun()} disabled={busy}>
          {busy ? m('rerunning') : m('rerun')}
        </button>
      </div>
      {previous === null && <p className="muted">{m('noPrevious')}</p>}
      {previous && diff && (
        <div data-testid="run-compare">
          <p>
            {m('previous')} <a href={`#/search/${encodeURIComponent(previous.id)}`}>{formatDate(previous.createdAt)}</a>
          </p>
          <Changes label={m('newHits', { n: diff.newHits.length })} list={diff.newHits} />
          <Changes label={m('goneHits', { n: diff.goneHits.length })} list={diff.goneHits} />
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
