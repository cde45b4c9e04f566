/** Bulk host import from CSV: valid rows are added, each bad row is listed with its line, in the page's language. */
import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useMessages } from '../../i18n/i18n.tsx';
import type { CasesApi, RowError } from './cases-api.ts';
import { hostMessages } from './host-messages.ts';
import { rowErrorText } from './row-error-text.ts';

/** Rows shown before "… and N more". */
const SHOWN_ERRORS = 50;

export function HostImport({ api, caseId, onImported }: { api: CasesApi; caseId: number; onImported: () => void }) {
  const m = useMessages(hostMessages);
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<{ imported: number; errors: RowError[] } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setFailure(null);
        try {
          setResult(await api.importHosts(caseId, csv));
          onImported();
        } catch (err) {
          setFailure(err);
        }
      }}
    >
      <label>
        {m('importTitle')}
        <textarea value={csv} onChange={(e) => setCsv(e.target.value)} rows={4} />
      </label>
      <button type="submit">{m('importDo')}</button>
      {failure !== null && <ErrorMessage error={failure} />}
      {result && (
        <div role="status" data-testid="import-result">
          <p>{m('imported', { n: result.imported, e: result.errors.length })}</p>
          <ul>
            {result.errors.slice(0, SHOWN_ERRORS).map((r) => (
              <li key={r.line}>{rowErrorText(m, r)}</li>
            ))}
          </ul>
          {result.errors.length > SHOWN_ERRORS && <p>{m('moreErrors', { n: result.errors.length - SHOWN_ERRORS })}</p>}
        </div>
      )}
    </form>
  );
}
