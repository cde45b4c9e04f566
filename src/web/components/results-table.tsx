/**
 * The alliance's results table: one row per value, a hit count per member; virtualised for 10,000 rows.
 * On phones only the priority columns stay (value, type, total; cells marked `opt` hide): per-member
 * counts, country and network are in the details, so nothing is wider than the screen.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MemberReason, ValueResult } from '../../contracts/hub-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { hitsIn, type SortKey } from '../lib/results-filter.ts';

const ROW_HEIGHT = 34;

interface Props {
  rows: ValueResult[];
  members: string[];
  countMembers: string[];
  sort: SortKey;
  dir: 1 | -1;
  onSort: (s: SortKey) => void;
  selected: ValueResult | null;
  onSelect: (r: ValueResult) => void;
  /** Members that never answered, with why: their cells show "—", never 0. */
  unanswered: Map<string, MemberReason>;
}

function sameSort(a: SortKey, b: SortKey): boolean {
  return a.by === b.by && (a.by !== 'member' || (b.by === 'member' && a.member === b.member));
}

export function ResultsTable({ rows, members, countMembers, sort, dir, onSort, selected, onSelect, unanswered }: Props) {
  const { t, formatNumber } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1000, height: 480 },
  });
  const columns = `minmax(14rem, 2.4fr) 7.5rem 5rem ${members.map(() => '6.5rem').join(' ')} 5rem minmax(12rem, 1.6fr)`;
  const header = (label: string, key: SortKey, cls = '', reactKey?: string) => {
    const active = sameSort(sort, key);
    return (
      <div role="columnheader" key={reactKey} className={cls} aria-sort={active ? (dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" onClick={() => onSort(key)}>
          {label}
          <span aria-hidden="true">{active ? (dir === 1 ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </div>
    );
  };
  const items = virtualizer.getVirtualItems();
  // Arrow keys, Home and End move between values (rows outside the rendered window are scrolled in first).
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (focusIndex === null) return;
    const el = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${focusIndex}"] button.link`);
    if (el) {
      el.focus();
      setFocusIndex(null);
    }
  });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!from || rows.length === 0) return;
    const i = Number(from.dataset['index']);
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : e.key === 'PageDown' ? i + 10 : e.key === 'PageUp' ? i - 10 : null;
    if (next === null) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(rows.length - 1, next));
    virtualizer.scrollToIndex(to, { align: 'auto' });
    setFocusIndex(to);
  };
  return (
    <div className="table-wrap">
      <div role="table" className="results" aria-label={t('results.tableLabel')} aria-rowcount={rows.length + 1}>
        <div role="rowgroup">
          <div role="row" className="results-row head" style={{ gridTemplateColumns: columns }} aria-rowindex={1}>
            {header(t('results.value'), { by: 'value' })}
            {header(t('results.type'), { by: 'type' })}
            {header(t('results.total'), { by: 'total' }, 'num')}
            {members.map((m) => header(m, { by: 'member', member: m }, 'num opt', m))}
            {header(t('results.country'), { by: 'country' }, 'opt')}
            <div role="columnheader" className="opt">
              {t('results.network')}
            </div>
          </div>
        </div>
        <div role="rowgroup" ref={scrollRef} className="results-body" data-testid="results-body" onKeyDown={onKeyDown}>
          {rows.length === 0 && <p className="muted empty">{t('results.noRows')}</p>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const r = rows[item.index]!;
              const total = hitsIn(r, countMembers);
              const isSel = selected === r;
              return (
                <div
                  role="row"
                  key={item.key}
                  aria-rowindex={item.index + 2}
                  data-index={item.index}
                  aria-selected={isSel}
                  className={`results-row${isSel ? ' selected' : ''}${total > 0 ? ' hit' : ''}`}
                  style={{ gridTemplateColumns: columns, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => onSelect(r)}
                >
                  <div role="cell" className="value">
                    <button type="button" className="link" onClick={() => onSelect(r)} title={r.input}>
                      {r.value}
                    </button>
                  </div>
                  <div role="cell">{r.type}</div>
                  <div role="cell" className="num">
                    <strong>{formatNumber(total)}</strong>
                  </div>
                  {members.map((m) => {
                    const why = unanswered.get(m);
                    const label = why ? t('results.notAnswered', { member: m, reason: t(`reason.${why}`) }) : undefined;
                    return (
                      <div role="cell" className="num opt" key={m} title={label} aria-label={label}>
                        {r.hits[m] ? formatNumber(r.hits[m]) : why ? <span className="muted">—</span> : <span className="muted">0</span>}
                      </div>
                    );
                  })}
                  <div role="cell" className="opt">
                    {r.enrichment?.country ?? ''}
                  </div>
                  <div role="cell" className="ellipsis opt">
                    {r.enrichment?.asn ? `AS${r.enrichment.asn} ${r.enrichment.asName ?? ''}` : ''}
                    {r.enrichment?.hosting && <span className="tag">{r.enrichment.hosting}</span>}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
