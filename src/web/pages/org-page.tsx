/** Users and API keys of my organisation. */
import { useState, type FormEvent } from 'react';
import type { HubRole } from '../../contracts/hub-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

const ROLE_KEYS = { 'hub-admin': 'role.hubAdmin', 'member-admin': 'role.memberAdmin', analyst: 'role.analyst' } as const;

export function OrgPage() {
  const { t, formatDate } = useI18n();
  const { api, me } = useSession();
  const users = useAsync(() => api.users(), [api]);
  const keys = useAsync(() => api.keys(), [api]);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<HubRole>('analyst');
  const [label, setLabel] = useState('');
  const [newKey, setNewKey] = useState<string | null>(null);
  const [formError, setFormError] = useState<{ form: 'user' | 'key'; error: unknown } | null>(null);

  const addUser = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      await api.addUser({ login: login.trim(), password, role });
      setLogin('');
      setPassword('');
      users.reload();
    } catch (error) {
      setFormError({ form: 'user', error });
    }
  };
  const addKey = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      const body = await api.addKey(label.trim());
      setNewKey(body.key);
      setLabel('');
      keys.reload();
    } catch (error) {
      setFormError({ form: 'key', error });
    }
  };
  const revoke = async (id: number) => {
    try {
      await api.deleteKey(id);
      keys.reload();
    } catch (error) {
      setFormError({ form: 'key', error });
    }
  };

  return (
    <div className="page">
      <h2>{t('org.title', { org: me?.user.org ?? '' })}</h2>
      <section className="panel" aria-labelledby="users-title">
        <h3 id="users-title">{t('org.users')}</h3>
        {users.loading && <Loading />}
        {users.error !== null && <ErrorMessage error={users.error} onRetry={users.reload} />}
        {users.data && (
          <div className="table-wrap">
            <table className="list">
              <caption className="sr-only">{t('org.users')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('signIn.login')}</th>
                  <th scope="col">{t('org.role')}</th>
                  <th scope="col">{t('org.org')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id}>
                    <td>{u.login}</td>
                    <td>{t(ROLE_KEYS[u.role] ?? 'role.analyst')}</td>
                    <td>{u.org}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form className="form inline" onSubmit={(e) => void addUser(e)} aria-label={t('org.addUser')}>
          <label>
            {t('signIn.login')}
            <input required value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="off" />
          </label>
          <label>
            {t('signIn.password')}
            <input type="password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          </label>
          <label>
            {t('org.role')}
            <select value={role} onChange={(e) => setRole(e.target.value as HubRole)}>
              <option value="analyst">{t('role.analyst')}</option>
              <option value="member-admin">{t('role.memberAdmin')}</option>
              {me?.user.role === 'hub-admin' && <option value="hub-admin">{t('role.hubAdmin')}</option>}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('org.addUser')}
          </button>
        </form>
        {formError?.form === 'user' && <ErrorMessage error={formError.error} />}
      </section>
      <section className="panel" aria-labelledby="keys-title">
        <h3 id="keys-title">{t('org.keys')}</h3>
        {keys.loading && <Loading />}
        {keys.error !== null && <ErrorMessage error={keys.error} onRetry={keys.reload} />}
        {keys.data && keys.data.length === 0 && <p className="muted">{t('org.noKeys')}</p>}
        {keys.data && keys.data.length > 0 && (
          <div className="table-wrap">
            <table className="list">
              <caption className="sr-only">{t('org.keys')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('org.keyLabel')}</th>
                  <th scope="col">{t('org.keyPrefix')}</th>
                  <th scope="col">{t('org.created')}</th>
                  <th scope="col">{t('org.lastUsed')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('org.revoke')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.map((k) => (
                  <tr key={k.id}>
                    <td>{k.label}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{formatDate(k.createdAt)}</td>
                    <td>{formatDate(k.lastUsedAt)}</td>
                    <td>
                      <button type="button" onClick={() => void revoke(k.id)}>
                        {t('org.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form className="form inline" onSubmit={(e) => void addKey(e)} aria-label={t('org.addKey')}>
          <label>
            {t('org.keyLabel')}
            <input required value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <button type="submit" className="primary">
            {t('org.addKey')}
          </button>
        </form>
        {newKey && (
          <p role="status" className="ok-text">
            {t('org.newKey')} <code className="secret">{newKey}</code>
          </p>
        )}
        {formError?.form === 'key' && <ErrorMessage error={formError.error} />}
      </section>
    </div>
  );
}
