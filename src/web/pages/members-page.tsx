/** Members and their sources: add a member, add and test a source, see each source's health. */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { SourceForm } from '../components/source-form.tsx';
import { SourceRow } from '../components/source-row.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

export function MembersPage() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.members(), [api]);
  const [name, setName] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const addMember = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setAddError(null);
    try {
      await api.addMember(name.trim());
      setName('');
      reload();
    } catch (err) {
      setAddError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <h2>{t('members.title')}</h2>
      {loading && !data && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="muted">{t('members.empty')}</p>}
      {data && (
        <ul className="member-list">
          {data.map((m) => (
            <li key={m.id} className="panel" data-member={m.name}>
              <h3>{m.name}</h3>
              {m.sources.length === 0 ? (
                <p className="muted">{t('sources.none')}</p>
              ) : (
                <ul className="sources">
                  {m.sources.map((s) => (
                    <SourceRow key={s.id} source={s} onChanged={reload} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="forms">
        {me?.user.role === 'hub-admin' && (
          <form className="panel form" onSubmit={(e) => void addMember(e)} aria-labelledby="add-member-title">
            <h3 id="add-member-title">{t('members.add')}</h3>
            <label>
              {t('members.name')}
              <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <div className="toolbar">
              <button type="submit" className="primary" disabled={busy || !name.trim()}>
                {t('members.addButton')}
              </button>
            </div>
            {addError !== null && <ErrorMessage error={addError} />}
          </form>
        )}
        {data && data.length > 0 && <SourceForm members={data} onAdded={reload} />}
      </div>
    </div>
  );
}
