/**
 * Members and their sources. Hub admins add, rename and remove members and add, edit and remove sources;
 * a member admin requests, tests and removes its own member's sources; analysts read names and their own
 * member's sources only (the hub sends no other member's URL), with no forms.
 */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { SourceForm } from '../components/source-form.tsx';
import { SourceRow } from '../components/source-row.tsx';
import { useAsync } from '../lib/use-async.ts';
import { isAdmin, useSession } from '../lib/session.tsx';
import { MemberControls, SourceControls } from './admin/member-admin.tsx';

export function MembersPage() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.members(), [api]);
  const [name, setName] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const admin = isAdmin(me);
  const hubAdmin = me?.user.role === 'hub-admin';

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
                    <SourceRow key={s.id} source={s} onChanged={reload} manage={admin}>
                      {admin && <SourceControls source={s} canEdit={hubAdmin} onChanged={reload} />}
                    </SourceRow>
                  ))}
                </ul>
              )}
              {hubAdmin && <MemberControls member={m} onChanged={reload} />}
            </li>
          ))}
        </ul>
      )}
      <div className="forms">
        {hubAdmin && (
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
        {admin && data && data.length > 0 && <SourceForm members={data} onAdded={reload} />}
      </div>
    </div>
  );
}
