/** Everything below the search box: member progress, filters, exports, charts, the table and a hit's context. */
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import type { MemberAnswer, ValueResult } from '../../contracts/hub-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { download, resultsToCsv, resultsToJson } from '../lib/export.ts';
import { chartCounts, filterAndSort, NO_FILTER, UNKNOWN_COUNTRY, type ResultFilter, type SortKey } from '../lib/results-filter.ts';
import { unanswered } from '../lib/member-outcome.ts';
import { applyRetry, type SearchView } from '../lib/search-state.ts';
import { barOption, Chart } from './chart.tsx';
import { ExportMenu } from './export-menu.tsx';
import { FeedbackBulk } from './feedback-bulk.tsx';
import { FeedbackPanel } from './feedback-panel.tsx';
import { HitContextPanel } from './hit-context.tsx';
import { MemberProgress } from './member-progress.tsx';
import { RejectionReason } from './rejection-reason.tsx';
import { ResultsTable } from './results-table.tsx';

/** Renames one key of a count table (for a translated label). */
function relabel(counts: Record<string, number>, from: string, to: string): Record<string, number> {
  if (!(from in counts)) return counts;
  const { [from]: n, ...rest } = counts;
  return { ...rest, [to]: n ?? 0 };
}

/** `retryMember` asks one member of the finished search again (absent: no retry buttons). */
export function ResultsView({ view: given, retryMember }: { view: SearchView; retryMember?: (searchId: string, member: string) => Promise<MemberAnswer> }) {
  const { t, formatNumber, formatDate } = useI18n();
  // Retried members update a copy of the given view; a new search replaces it (the page keys on its id).
  const [retried, setRetried] = useState<SearchView | null>(null);
  const view = retried ?? given;
  const [retrying, setRetrying] = useState<{ member: string; error: unknown } | null>(null);
  const retry = async (member: string): Promise<void> => {
    if (!view.id || !retryMember) return;
    setRetrying({ member, error: null });
    try {
      const answer = await retryMember(view.id, member);
      setRetried((v) => applyRetry(v ?? given, answer));
      setRetrying(null);
    } catch (e) {
      setRetrying({ member, error: e });
    }
  };
  const [filter, setFilter] = useState<ResultFilter>(NO_FILTER);
  const [sort, setSort] = useState<SortKey>({ by: 'total' });
  const [dir, setDir] = useState<1 | -1>(-1);
  const [selected, setSelected] = useState<ValueResult | null>(null);
  const [showCharts, setShowCharts] = useState(false);
  const deferredFilter = useDeferredValue(filter);
  const memberNames = useMemo(() => view.members.map((m) => m.name), [view.members]);
  const silent = useMemo(() => unanswered(view.members), [view.members]);
  const shownMembers = filter.members.length ? memberNames.filter((m) => filter.members.includes(m)) : memberNames;
  const types = useMemo(() => [...new Set(view.rows.map((r) => r.type))].sort(), [view.rows]);
  const rows = useMemo(() => filterAndSort(view.rows, deferredFilter, sort, dir), [view.rows, deferredFilter, sort, dir]);
  const hitValues = useMemo(() => view.rows.filter((r) => r.details.length > 0 || Object.keys(r.hits).length > 0).length, [view.rows]);
  const counts = useMemo(() => (showCharts ? chartCounts(rows) : null), [rows, showCharts]);
  // The selected row object is replaced when later members answer; follow it by index in the stream.
  const current = selected ? (view.rows.find((r) => r.value === selected.value && r.type === selected.type) ?? null) : null;

  // Focus goes back to the value that opened the details when they close (Esc or the close button).
  const opener = useRef<HTMLElement | null>(null);
  const select = useCallback((r: ValueResult) => {
    if (document.activeElement instanceof HTMLElement && document.activeElement.closest('.results-body')) opener.current = document.activeElement;
    setSelected(r);
  }, []);
  const closeContext = useCallback(() => {
    setSelected(null);
    if (opener.current?.isConnected) opener.current.focus();
  }, []);

  const onSort = (s: SortKey) => {
    const same = s.by === sort.by && (s.by !== 'member' || (sort.by === 'member' && sort.member === s.member));
    if (same) setDir(dir === 1 ? -1 : 1);
    else {
      setSort(s);
      setDir(s.by === 'value' || s.by === 'type' || s.by === 'country' ? 1 : -1);
    }
  };
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const stamp = view.id ?? 'search';

  return (
    <div className={`results-view${current ? ' with-context' : ''}`}>
      <MemberProgress members={view.members} done={view.done} onRetry={view.id && retryMember ? retry : undefined} retrying={retrying} />
      <section className="panel" aria-labelledby="results-title">
        <div className="panel-head">
          <h3 id="results-title">{t('results.title')}</h3>
          <p className="muted" data-testid="results-summary">
            {t('results.summary', { values: formatNumber(view.rows.length), hits: formatNumber(hitValues), shown: formatNumber(rows.length) })}
            {view.createdAt !== null && ` · ${formatDate(view.createdAt)}`}
          </p>
        </div>
        {view.rejected.length > 0 && (
          <details className="rejected">
            <summary>{t('results.rejected', { n: view.rejected.length })}</summary>
            <ul>
              {view.rejected.slice(0, 200).map((r, i) => (
                <li key={i}>
                  <code>{r.input}</code> — <RejectionReason error={r.error} code={r.code} params={r.params} />
                </li>
              ))}
            </ul>
          </details>
        )}
        <fieldset className="filters">
          <legend>{t('filter.title')}</legend>
          <div className="filter-group" role="group" aria-label={t('filter.members')}>
            <span className="filter-label">{t('filter.members')}</span>
            {memberNames.map((m) => (
              <label key={m} className="check">
                <input type="checkbox" checked={filter.members.includes(m)} onChange={() => setFilter({ ...filter, members: toggle(filter.members, m) })} />
                {m}
              </label>
            ))}
          </div>
          <div className="filter-group" role="group" aria-label={t('filter.types')}>
            <span className="filter-label">{t('filter.types')}</span>
            {types.map((ty) => (
              <label key={ty} className="check">
                <input type="checkbox" checked={filter.types.includes(ty)} onChange={() => setFilter({ ...filter, types: toggle(filter.types, ty) })} />
                {ty}
              </label>
            ))}
          </div>
          <div className="filter-group">
            <label className="check">
              <input type="checkbox" checked={filter.onlyHits} onChange={(e) => setFilter({ ...filter, onlyHits: e.target.checked })} />
              {t('filter.onlyHits')}
            </label>
            <label>
              {t('filter.text')}{' '}
              <input type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
            </label>
          </div>
        </fieldset>
        <div className="toolbar">
          <button type="button" onClick={() => download(`renkei-${stamp}.csv`, resultsToCsv(rows, shownMembers), 'text/csv;charset=utf-8')}>
            {t('results.exportCsv')}
          </button>
          <button type="button" onClick={() => download(`renkei-${stamp}.json`, resultsToJson(view.id, view.members, rows), 'application/json')}>
            {t('results.exportJson')}
          </button>
          {view.id && view.done && <ExportMenu searchId={view.id} allRows={view.rows} shownRows={rows} />}
          {view.id && view.done && hitValues > 0 && <FeedbackBulk searchId={view.id} />}
          <button type="button" aria-expanded={showCharts} onClick={() => setShowCharts(!showCharts)}>
            {showCharts ? t('results.hideCharts') : t('results.showCharts')}
          </button>
        </div>
        {counts && (
          <div className="charts">
            <figure>
              <figcaption>{t('chart.perMember')}</figcaption>
              <Chart option={barOption(counts.perMember)} label={t('chart.perMember')} />
            </figure>
            <figure>
              <figcaption>{t('chart.perType')}</figcaption>
              <Chart option={barOption(counts.perType)} label={t('chart.perType')} />
            </figure>
            <figure>
              <figcaption>{t('chart.perCountry')}</figcaption>
              <Chart option={barOption(relabel(counts.perCountry, UNKNOWN_COUNTRY, t('chart.unknownCountry')))} label={t('chart.perCountry')} />
            </figure>
          </div>
        )}
        <ResultsTable
          rows={rows}
          members={shownMembers}
          countMembers={filter.members}
          sort={sort}
          dir={dir}
          onSort={onSort}
          selected={current}
          onSelect={select}
          unanswered={silent}
        />
      </section>
      {current && <HitContextPanel row={current} onClose={closeContext} />}
      {current && view.id && view.done && <FeedbackPanel searchId={view.id} index={view.rows.indexOf(current)} row={current} />}
    </div>
  );
}
