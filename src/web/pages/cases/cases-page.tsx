/** The org's incident cases: list, create, open one (`#/cases/<id>`). */
import { useMemo, useState } from 'react';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { CaseDetail } from './case-detail.tsx';
import { casesApi, type CasesApi } from './cases-api.ts';
import { casesMessages, type CasesMessageKey } from './messages.ts';
import { OrgFigures } from './org-figures.tsx';

/** The page as the app mounts it: same-origin calls with the session's CSRF token. */
export function CasesPage({ id }: { id?: string | undefined }) {
  const { me } = useSession();
  const api = useMemo(() => casesApi({ headers: (): Record<string, string> => (me?.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) }), [me]);
  return <CasesView api={api} id={id ? Number(id) : null} onOpen={(n) => navigate(n === null ? '/cases' : `/cases/${n}`)} />;
}

/** The list or one case, over any cases client (tests pass one bound to a real hub). */
export function CasesView({ api, id, onOpen }: { api: CasesApi; id: number | null; onOpen: (id: number | null) => void }) {
  if (id !== null && Number.isInteger(id) && id > 0) return <CaseDetail api={api} id={id} onBack={() => onOpen(null)} />;
  return <CaseList api={api} onOpen={onOpen} />;
}

function CaseList({ api, onOpen }: { api: CasesApi; onOpen: (id: number) => void }) {
  const { lang, formatDate } = useI18n();
  const m = useMessages(casesMessages);
  const { data, error, loading, reload } = useAsync(() => api.list(), [api]);
  const [title, setTitle] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <div className="page">
      <h2>{m('title')}</h2>
      <p className="muted">{m('intro')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setFailure(null);
          try {
            const v = await api.create(title.trim(), lang);
            onOpen(v.case.id);
          } catch (err) {
            setFailure(err);
          }
        }}
      >
        <label>
          {m('newTitle')} <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
        </label>{' '}
        <button type="submit">{m('create')}</button>
      </form>
      {failure !== null && <ErrorMessage error={failure} />}
      <OrgFigures api={api} />
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} onRetry={reload} />
      ) : data && data.length === 0 ? (
        <p>{m('empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{m('colTitle')}</th>
              <th>{m('colState')}</th>
              <th>{m('colSeverity')}</th>
              <th>{m('colHosts')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data?.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`#/cases/${c.id}`} onClick={(e) => (e.preventDefault(), onOpen(c.id))}>
                    {c.title}
                  </a>
                </td>
                <td>{m(`state_${c.state}` as CasesMessageKey)}</td>
                <td>{c.severity}</td>
                <td>{[c.counts.black, c.counts.red, c.counts.yellow, c.counts.green, c.counts.untriaged].join(' / ')}</td>
                <td>{formatDate(c.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
