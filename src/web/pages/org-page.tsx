/**
 * Users and API keys. Everyone manages their own API keys; admins also see the users they administer
 * (role, state, disable/enable, password reset, their keys) and add users. Analysts get no admin forms.
 */
import { useState, type FormEvent } from 'react';
import type { HubRole } from '../../contracts/hub-api.ts';
import { useI18n, useMessages } from '../i18n/i18n.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { isAdmin, useSession } from '../lib/session.tsx';
import { KeysPanel } from './admin/keys-panel.tsx';
import { adminMessages } from './admin/messages.ts';
import { UsersPanel } from './admin/users-panel.tsx';

export function OrgPage() {
  const { t } = useI18n();
  const m = useMessages(adminMessages);
  const { api, me } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<HubRole>('analyst');
  const [reloadUsers, setReloadUsers] = useState(0);
  const [formError, setFormError] = useState<unknown>(null);
  const admin = isAdmin(me);

  const addUser = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      await api.addUser({ login: login.trim(), password, role });
      setLogin('');
      setPassword('');
      setReloadUsers((n) => n + 1);
    } catch (error) {
      setFormError(error);
    }
  };

  return (
    <div className="page">
      <h2>{t('org.title', { org: me?.user.org ?? '' })}</h2>
      {admin && (
        <section className="panel" aria-labelledby="users-title">
          <h3 id="users-title">{t('org.users')}</h3>
          <UsersPanel reloadKey={reloadUsers} />
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
          {formError !== null && <ErrorMessage error={formError} />}
        </section>
      )}
      <KeysPanel title={admin ? m('keys.mine') : t('org.keys')} />
    </div>
  );
}
