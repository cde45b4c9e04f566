/**
 * API keys with their last use and expiry. Own keys: create (optionally expiring), rotate with a grace
 * period, expire now or remove the expiry, revoke. Another user's keys (their admin): expire only.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { ApiKeyView } from '../../../contracts/admin.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { adminApi } from './admin-api.ts';
import { AdminError } from './admin-error.tsx';
import { adminMessages } from './messages.ts';

const GRACE = [0, 24, 168] as const;

/** End of the chosen day in the browser's time zone (an expiry date means "through that day"). */
export function endOfDay(date: string): number {
  return new Date(`${date}T23:59:59.999`).getTime();
}

export function KeysPanel({ userId, title }: { userId?: number; title: string }) {
  const { t, formatDate } = useI18n();
  const m = useMessages(adminMessages);
  const { api } = useSession();
  const admin = useMemo(() => adminApi(api), [api]);
  const own = userId === undefined;
  const keys = useAsync(() => admin.keys(userId), [admin, userId]);
  const [label, setLabel] = useState('');
  const [expiry, setExpiry] = useState('');
  const [grace, setGrace] = useState<Record<number, number>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (fn: () => Promise<string | null>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
      keys.reload();
    } catch (e) {
      setError(e);
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const made = await admin.createKey(label.trim(), expiry ? endOfDay(expiry) : null);
      setSecret(made.key);
      setLabel('');
      setExpiry('');
      return null;
    });
  };
  const rotate = (k: ApiKeyView) =>
    act(async () => {
      const r = await admin.rotateKey(k.id, grace[k.id] ?? 0);
      setSecret(r.key);
      return m('keys.rotated', { label: k.label, until: formatDate(r.previous.expiresAt) });
    });
  const expire = (k: ApiKeyView, at: number | null) =>
    act(async () => {
      await admin.expireKey(k.id, at);
      return at === null ? null : m('keys.expiredDone', { prefix: k.prefix });
    });
  const revoke = (k: ApiKeyView) =>
    act(async () => {
      await admin.deleteKey(k.id);
      return null;
    });
  const now = Date.now();
  const expiryText = (k: ApiKeyView): string => (k.expiresAt === null ? m('keys.never') : k.expiresAt <= now ? m('keys.expired', { at: formatDate(k.expiresAt) }) : formatDate(k.expiresAt));

  return (
    <section className="panel" aria-labelledby={`keys-title-${userId ?? 'me'}`}>
      <h3 id={`keys-title-${userId ?? 'me'}`}>{title}</h3>
      {keys.loading && !keys.data && <Loading />}
      {keys.error !== null && <ErrorMessage error={keys.error} onRetry={keys.reload} />}
      {keys.data && keys.data.length === 0 && <p className="muted">{own ? t('org.noKeys') : m('keys.none')}</p>}
      {keys.data && keys.data.length > 0 && (
        <table className="list cards keys">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('org.keyLabel')}</th>
              <th scope="col">{t('org.keyPrefix')}</th>
              <th scope="col">{t('org.created')}</th>
              <th scope="col">{t('org.lastUsed')}</th>
              <th scope="col">{m('keys.expires')}</th>
              <th scope="col">{m('keys.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => {
              const dead = k.expiresAt !== null && k.expiresAt <= now;
              return (
                <tr key={k.id} data-key-id={k.id} className={dead ? 'muted' : undefined}>
                  <td data-label={t('org.keyLabel')}>{k.label}</td>
                  <td data-label={t('org.keyPrefix')}>
                    <code>{k.prefix}…</code>
                  </td>
                  <td data-label={t('org.created')}>{formatDate(k.createdAt)}</td>
                  <td data-label={t('org.lastUsed')}>{k.lastUsedAt === null ? m('keys.neverUsed') : formatDate(k.lastUsedAt)}</td>
                  <td data-label={m('keys.expires')}>{expiryText(k)}</td>
                  <td data-label={m('keys.actions')}>
                    <div className="toolbar wrap">
                      {own && !dead && (
                        <>
                          <select aria-label={`${m('keys.grace')} (${k.label})`} value={grace[k.id] ?? 0} onChange={(e) => setGrace({ ...grace, [k.id]: Number(e.target.value) })}>
                            {GRACE.map((g) => (
                              <option key={g} value={g}>
                                {m('keys.grace')}: {m(`keys.grace${g}`)}
                              </option>
                            ))}
                          </select>
                          <button type="button" onClick={() => void rotate(k)}>
                            {m('keys.rotate')}
                          </button>
                        </>
                      )}
                      {!dead && (
                        <button type="button" onClick={() => void expire(k, Date.now())}>
                          {m('keys.expireNow')}
                        </button>
                      )}
                      {own && k.expiresAt !== null && (
                        <button type="button" onClick={() => void expire(k, null)}>
                          {m('keys.noExpiry')}
                        </button>
                      )}
                      {own && (
                        <button type="button" onClick={() => void revoke(k)}>
                          {t('org.revoke')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {own && (
        <form className="form inline" onSubmit={create} aria-label={t('org.addKey')}>
          <label>
            {t('org.keyLabel')}
            <input required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label>
            {m('keys.expiryDate')}
            <input type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
          </label>
          <button type="submit" className="primary">
            {t('org.addKey')}
          </button>
        </form>
      )}
      {status && (
        <p role="status" className="ok-text">
          {status}
        </p>
      )}
      {secret && (
        <p role="status" className="ok-text" data-testid="new-key">
          {t('org.newKey')} <code className="secret">{secret}</code>
        </p>
      )}
      {error !== null && <AdminError error={error} />}
    </section>
  );
}
