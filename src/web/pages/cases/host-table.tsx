/**
 * The case's hosts, one page at a time from the hub (keyset cursors; the hub bounds the page size): filter by
 * tag and by name/address text, order by name or repair priority, change a tag (with a reason kept in the
 * history) or tag a selection at once, set a manual repair place.
 */
import { useState } from 'react';
import { HOST_TAGS } from '../../../core/cases/triage.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import type { CasesApi, HostTagValue } from './cases-api.ts';
import { hostMessages, type HostMessageKey } from './host-messages.ts';
import { HostRow } from './host-row.tsx';

const PAGE = 100;

interface Filter {
  tag: HostTagValue | '';
  q: string;
  order: 'name' | 'repair';
}

/** `stamp` is the case's last change: the page reloads when the case changed elsewhere (an import, another tab's edit). */
export function HostTable({ api, caseId, stamp, onChanged }: { api: CasesApi; caseId: number; stamp: number; onChanged: () => void }) {
  const m = useMessages(hostMessages);
  const [draft, setDraft] = useState<Filter>({ tag: '', q: '', order: 'name' });
  const [filter, setFilter] = useState<Filter>(draft);
  // Cursors of the pages seen so far: [null, c1, c2…]; `at` is the current one.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [at, setAt] = useState(0);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [reason, setReason] = useState('');
  const [bulkTag, setBulkTag] = useState<HostTagValue>('black');
  const [notice, setNotice] = useState<{ kind: 'status' | 'alert'; text: string } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  // The page's offset travels with its data, so a stale page never shows the new range.
  const { data, error, loading, reload } = useAsync(
    async () => ({ offset: at * PAGE, ...(await api.hosts(caseId, { ...(filter.tag ? { tag: filter.tag } : {}), ...(filter.q.trim() ? { q: filter.q.trim() } : {}), order: filter.order, limit: PAGE, cursor: cursors[at] })) }),
    [api, caseId, filter, at, version, stamp],
  );
  const tagName = (t: HostTagValue) => m(`tag_${t}` as HostMessageKey);
  const changed = (text: string) => {
    setNotice({ kind: 'status', text });
    setVersion((v) => v + 1);
    onChanged();
  };
  const write = async (f: () => Promise<string>) => {
    setFailure(null);
    setNotice(null);
    if (!reason.trim()) return setNotice({ kind: 'alert', text: m('reasonNeeded') });
    try {
      changed(await f());
    } catch (e) {
      setFailure(e);
    }
  };
  const hosts = data?.hosts ?? [];
  const allOnPage = hosts.length > 0 && hosts.every((h) => selected.has(h.id));
  return (
    <section aria-labelledby="hosts-heading">
      <h3 id="hosts-heading">{m('hosts')}</h3>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
          setCursors([null]);
          setAt(0);
          setSelected(new Set());
        }}
      >
        <label>
          {m('filterTag')}{' '}
          <select value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value as Filter['tag'] })}>
            <option value="">{m('filterAll')}</option>
            {HOST_TAGS.map((t) => (
              <option key={t} value={t}>
                {tagName(t)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {m('filterText')} <input value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} maxLength={255} />
        </label>{' '}
        <label>
          {m('order')}{' '}
          <select value={draft.order} onChange={(e) => setDraft({ ...draft, order: e.target.value as Filter['order'] })}>
            <option value="name">{m('orderName')}</option>
            <option value="repair">{m('orderRepair')}</option>
          </select>
        </label>{' '}
        <button type="submit">{m('search')}</button>
      </form>
      <p>
        <label>
          {m('reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
        </label>{' '}
        <label>
          {m('bulkTag')}{' '}
          <select value={bulkTag} onChange={(e) => setBulkTag(e.target.value as HostTagValue)}>
            {HOST_TAGS.map((t) => (
              <option key={t} value={t}>
                {tagName(t)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button
          type="button"
          disabled={selected.size === 0}
          onClick={() =>
            void write(async () => {
              const r = await api.tagHosts(caseId, [...selected], bulkTag, reason.trim());
              setSelected(new Set());
              return m('bulkDone', { n: r.changed.length, tag: tagName(bulkTag) });
            })
          }
        >
          {m('bulkApply', { n: selected.size })}
        </button>
      </p>
      {notice && (
        <p role={notice.kind} data-testid="host-notice">
          {notice.text}
        </p>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} onRetry={reload} />
      ) : data && hosts.length === 0 ? (
        <p>{m('none')}</p>
      ) : data ? (
        <>
          <p data-testid="host-range">{m('showing', { from: data.offset + 1, to: data.offset + hosts.length, total: data.matched })}</p>
          <table>
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    checked={allOnPage}
                    aria-label={m('colSelect')}
                    onChange={(e) => {
                      const s = new Set(selected);
                      for (const h of hosts) e.target.checked ? s.add(h.id) : s.delete(h.id);
                      setSelected(s);
                    }}
                  />
                </th>
                <th>{m('colName')}</th>
                <th>{m('colAddress')}</th>
                <th>{m('colOs')}</th>
                <th>{m('colOwner')}</th>
                <th>{m('colTag')}</th>
                <th>{m('colPlace')}</th>
                <th>{m('history')}</th>
              </tr>
            </thead>
            <tbody>
              {hosts.map((h) => (
                <HostRow
                  key={`${h.id}:${h.updatedAt}`}
                  api={api}
                  caseId={caseId}
                  host={h}
                  selected={selected.has(h.id)}
                  onSelect={(on) => {
                    const s = new Set(selected);
                    on ? s.add(h.id) : s.delete(h.id);
                    setSelected(s);
                  }}
                  onTag={(tag) => void write(async () => (await api.tagHost(caseId, h.id, tag, reason.trim()), m('tagDone', { name: h.name, tag: tagName(tag) })))}
                  onPlace={async (place) => {
                    setFailure(null);
                    try {
                      await api.setHostPlace(caseId, h.id, place);
                      setVersion((v) => v + 1);
                    } catch (e) {
                      setFailure(e);
                    }
                  }}
                />
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" disabled={at === 0} onClick={() => setAt(at - 1)}>
              {m('prev')}
            </button>{' '}
            <button
              type="button"
              disabled={!data.next}
              onClick={() => {
                setCursors([...cursors.slice(0, at + 1), data.next]);
                setAt(at + 1);
              }}
            >
              {m('next')}
            </button>
          </p>
        </>
      ) : null}
    </section>
  );
}
