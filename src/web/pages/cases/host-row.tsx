/** One host of the table: selection, tag (changed with the shared reason), repair place, tag history on demand. */
import { useState } from 'react';
import { HOST_TAGS } from '../../../core/cases/triage.ts';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import type { CasesApi, HostRow as Host, HostTagValue } from './cases-api.ts';
import { hostMessages, type HostMessageKey } from './host-messages.ts';

type History = Awaited<ReturnType<CasesApi['hostHistory']>>;

export interface HostRowProps {
  api: CasesApi;
  caseId: number;
  host: Host;
  selected: boolean;
  onSelect: (on: boolean) => void;
  /** Changes the tag (the table supplies the reason and reports). */
  onTag: (tag: HostTagValue) => void;
  onPlace: (place: number | null) => void;
}

export function HostRow({ api, caseId, host, selected, onSelect, onTag, onPlace }: HostRowProps) {
  const { formatDate } = useI18n();
  const m = useMessages(hostMessages);
  const [history, setHistory] = useState<History | null>(null);
  const [place, setPlace] = useState(host.priority === null ? '' : String(host.priority));
  const tagLabel = (t: HostTagValue | null) => (t === null ? m('historyNew') : m(`tag_${t}` as HostMessageKey));
  const savePlace = () => {
    const v = place.trim() === '' ? null : Number(place);
    if (v !== host.priority && (v === null || (Number.isInteger(v) && v >= 1))) onPlace(v);
  };
  return (
    <>
      <tr data-host={host.name} data-tag={host.tag}>
        <td>
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} aria-label={m('selectRow', { name: host.name })} />
        </td>
        <td>{host.name}</td>
        <td>{host.address ?? '—'}</td>
        <td>{host.os ?? '—'}</td>
        <td>{host.owner ?? '—'}</td>
        <td>
          <select value={host.tag} onChange={(e) => onTag(e.target.value as HostTagValue)} aria-label={m('tagOf', { name: host.name })} className={`tag-${host.tag}`}>
            {HOST_TAGS.map((t) => (
              <option key={t} value={t}>
                {tagLabel(t)}
              </option>
            ))}
          </select>
        </td>
        <td>
          <input type="number" min={1} value={place} onChange={(e) => setPlace(e.target.value)} onBlur={savePlace} onKeyDown={(e) => e.key === 'Enter' && savePlace()} aria-label={`${m('colPlace')}: ${host.name}`} style={{ width: '5rem' }} />
        </td>
        <td>
          <button type="button" aria-expanded={history !== null} onClick={async () => setHistory(history ? null : await api.hostHistory(caseId, host.id))}>
            {m('history')}
          </button>
        </td>
      </tr>
      {history && (
        <tr>
          <td colSpan={8}>
            <ul aria-label={m('historyOf', { name: host.name })}>
              {history.map((h, i) => (
                <li key={i}>{m('historyLine', { at: formatDate(h.at), from: tagLabel(h.from), to: tagLabel(h.to), reason: h.reason })}</li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}
