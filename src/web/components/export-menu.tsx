/**
 * Exports of a finished search, made by the hub from the stored result (the same owner rule as reading it):
 * CSV (optionally with a BOM for Excel), MISP event, STIX 2.1 bundle, or a blocklist of one type, for the
 * rows shown (filters applied), the rows with hits, or every row. The file name comes from the hub.
 */
import { useContext, useState } from 'react';
import type { ValueResult } from '../../contracts/hub-api.ts';
import { defineMessages, useMessages } from '../i18n/i18n.tsx';
import { SessionContext } from '../lib/session.tsx';
import { saveBlob } from '../lib/export.ts';
import { ErrorMessage } from './error-message.tsx';

export const exportMessages = defineMessages({
  en: {
    title: 'Export',
    format: 'Format',
    scope: 'Rows',
    csv: 'CSV',
    csvBom: 'CSV for Excel (UTF-8 with BOM)',
    misp: 'MISP event (JSON)',
    stix: 'STIX 2.1 bundle',
    blocklist: 'Blocklist: {type}',
    shown: 'Rows shown ({n})',
    hits: 'All values with hits (filters ignored)',
    all: 'All rows',
    download: 'Download',
    busy: 'Preparing…',
    saved: 'Saved {name}.',
  },
  ja: {
    title: 'エクスポート',
    format: '形式',
    scope: '対象の行',
    csv: 'CSV',
    csvBom: 'Excel 用 CSV（BOM 付き UTF-8）',
    misp: 'MISP イベント（JSON）',
    stix: 'STIX 2.1 バンドル',
    blocklist: 'ブロックリスト: {type}',
    shown: '表示中の行（{n} 件）',
    hits: 'ヒットしたすべての値（絞り込みなし）',
    all: 'すべての行',
    download: 'ダウンロード',
    busy: '作成中…',
    saved: '{name} を保存しました。',
  },
});

type Scope = 'shown' | 'hits' | 'all';

export function ExportMenu({ searchId, allRows, shownRows }: { searchId: string; allRows: ValueResult[]; shownRows: ValueResult[] }) {
  const m = useMessages(exportMessages);
  // Results shown outside a signed-in session (a component test of the table alone) have no exports.
  const api = useContext(SessionContext)?.api;
  const [format, setFormat] = useState('csv');
  const [scope, setScope] = useState<Scope>('shown');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const hitTypes = [...new Set(allRows.filter((r) => r.details.length > 0).map((r) => r.type))].sort();

  if (!api) return null;
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const index = new Map(allRows.map((r, i) => [r, i]));
      const base = format.startsWith('blocklist:')
        ? { format: 'blocklist' as const, type: format.slice('blocklist:'.length) }
        : format === 'csv-bom'
          ? { format: 'csv' as const, bom: true }
          : { format: format as 'csv' | 'misp' | 'stix' };
      const rows = scope === 'shown' && shownRows.length !== allRows.length ? { indexes: shownRows.map((r) => index.get(r)!).filter((i) => i !== undefined) } : {};
      const file = await api.exportSearch(searchId, { ...base, ...rows, hitsOnly: scope === 'hits' });
      saveBlob(file.filename, new Blob([file.bytes as BlobPart], { type: file.contentType }));
      setSaved(file.filename);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form inline export-menu" aria-label={m('title')} onSubmit={(e) => (e.preventDefault(), void run())}>
      <label>
        {m('format')}{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value)}>
          <option value="csv">{m('csv')}</option>
          <option value="csv-bom">{m('csvBom')}</option>
          <option value="misp">{m('misp')}</option>
          <option value="stix">{m('stix')}</option>
          {hitTypes.map((t) => (
            <option key={t} value={`blocklist:${t}`}>
              {m('blocklist', { type: t })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {m('scope')}{' '}
        <select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
          <option value="shown">{m('shown', { n: shownRows.length })}</option>
          <option value="hits">{m('hits')}</option>
          <option value="all">{m('all')}</option>
        </select>
      </label>
      <button type="submit" disabled={busy}>
        {busy ? m('busy') : m('download')}
      </button>
      {saved && (
        <span role="status" className="ok-text">
          {m('saved', { name: saved })}
        </span>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
