/**
 * Users an admin manages: role, state (active, disabled since, locked until), disable/enable, password
 * reset and the user's API keys. The hub decides what is allowed; the page offers only what the role can
 * use (no hub-admin role for a member admin, nothing on one's own account but the password and keys).
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { AdminUser } from '../../../contracts/admin.ts';
import type { HubRole } from '../../../contracts/hub-api.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { adminApi } from './admin-api.ts';
import { AdminError } from './admin-error.tsx';
import { KeysPanel } from './keys-panel.tsx';
import { adminMessages } from './messages.ts';

export const ROLE_KEYS = { 'hub-admin': 'role.hubAdmin', 'member-admin': 'role.memberAdmin', analyst: 'role.analyst' } as const;

export function UsersPanel({ reloadKey }: { reloadKey: number }) {
  const { t, formatDate } = useI18n();
  const m = useMessages(adminMessages);
  const { api, me } = useSession();
  const admin = useMemo(() => adminApi(api), [api]);
  const users = useAsync(() => admin.users(), [admin, reloadKey]);
  const [roles, setRoles] = useState<Record<number, HubRole>>({});
  const [passwords, setPasswords] = useState<Record<number, string>>({});
  const [keysOpen, setKeysOpen] = useState<Record<number, boolean>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const hubAdmin = me?.user.role === 'hub-admin';

  const act = async (fn: () => Promise<string>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
      users.reload();
    } catch (e) {
      setError(e);
    }
  };
  const saveRole = (u: AdminUser) =>
    act(async () => {
      const role = roles[u.id] ?? u.role;
      await admin.setRole(u.id, role);
      return m('users.roleSaved', { login: u.login, role: t(ROLE_KEYS[role]) });
    });
  const toggle = (u: AdminUser) =>
    act(async () => {
      const disable = u.disabledAt === null;
      await admin.setDisabled(u.id, disable);
      return m(disable ? 'users.disabledDone' : 'users.enabledDone', { login: u.login });
    });
  const reset = (e: FormEvent, u: AdminUser) => {
    e.preventDefault();
    void act(async () => {
      await admin.resetPassword(u.id, passwords[u.id] ?? '');
      setPasswords({ ...passwords, [u.id]: '' });
      return m('users.passwordSet', { login: u.login });
    });
  };
  const state = (u: AdminUser): string => (u.disabledAt !== null ? m('users.disabled', { at: formatDate(u.disabledAt) }) : u.lockedUntil !== null ? m('users.locked', { at: formatDate(u.lockedUntil) }) : m('users.active'));

  return (
    <>
      {users.loading && !users.data && <Loading />}
      {users.error !== null && <ErrorMessage error={users.error} onRetry={users.reload} />}
      {users.data && (
        <table className="list cards users">
          <caption className="sr-only">{t('org.users')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('signIn.login')}</th>
              {hubAdmin && <th scope="col">{t('org.org')}</th>}
              <th scope="col">{t('org.role')}</th>
              <th scope="col">{m('users.state')}</th>
              <th scope="col">{m('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => {
              const self = u.id === me?.user.id;
              // A member admin cannot touch a hub admin; nobody changes their own role or state.
              const mayChange = !self && (hubAdmin || u.role !== 'hub-admin');
              return (
                <tr key={u.id} data-login={u.login} className={u.disabledAt !== null ? 'muted' : undefined}>
                  <td data-label={t('signIn.login')}>
                    {u.login} {self && <span className="muted">{m('users.you')}</span>}
                  </td>
                  {hubAdmin && <td data-label={t('org.org')}>{u.org}</td>}
                  <td data-label={t('org.role')}>
                    {mayChange ? (
                      <span className="toolbar wrap">
                        <select aria-label={m('users.roleFor', { login: u.login })} value={roles[u.id] ?? u.role} onChange={(e) => setRoles({ ...roles, [u.id]: e.target.value as HubRole })}>
                          <option value="analyst">{t('role.analyst')}</option>
                          <option value="member-admin">{t('role.memberAdmin')}</option>
                          {hubAdmin && <option value="hub-admin">{t('role.hubAdmin')}</option>}
                        </select>
                        <button type="button" disabled={(roles[u.id] ?? u.role) === u.role} onClick={() => void saveRole(u)}>
                          {m('users.saveRole')}
                        </button>
                      </span>
                    ) : (
                      t(ROLE_KEYS[u.role])
                    )}
                  </td>
                  <td data-label={m('users.state')}>{state(u)}</td>
                  <td data-label={m('users.actions')}>
                    <div className="toolbar wrap">
                      {mayChange && (
                        <button type="button" onClick={() => void toggle(u)}>
                          {u.disabledAt === null ? m('users.disable') : m('users.enable')}
                        </button>
                      )}
                    </div>
                    {(mayChange || self) && (
                      <details>
                        <summary>{m('users.resetPassword')}</summary>
                        <form className="form inline" onSubmit={(e) => reset(e, u)} aria-label={`${m('users.resetPassword')}: ${u.login}`}>
                          <label>
                            {m('users.newPasswordFor', { login: u.login })}
                            <input type="password" required minLength={10} maxLength={200} autoComplete="new-password" value={passwords[u.id] ?? ''} onChange={(e) => setPasswords({ ...passwords, [u.id]: e.target.value })} />
                          </label>
                          <button type="submit">{m('users.setPassword')}</button>
                        </form>
                      </details>
                    )}
                    {mayChange && (
                      <details onToggle={(e) => setKeysOpen({ ...keysOpen, [u.id]: e.currentTarget.open })}>
                        <summary>{m('users.keysOf')}</summary>
                        {/* Loaded when opened: one request per user asked about, not per row. */}
                        {keysOpen[u.id] && <KeysPanel userId={u.id} title={`${m('users.keysOf')}: ${u.login}`} />}
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {status && (
        <p role="status" className="ok-text">
          {status}
        </p>
      )}
      {error !== null && <AdminError error={error} />}
    </>
  );
}
