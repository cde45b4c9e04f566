/** Sign-in for hub users; failed attempts and lockouts are explained plainly. */
import { useState, type FormEvent } from 'react';
import { ApiFailure } from '../api/api-error.ts';
import { defineMessages, useI18n, useMessages } from '../i18n/i18n.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { useSession } from '../lib/session.tsx';

export const lockMessages = defineMessages({
  en: { until: 'Too many failed sign-ins for this login. Try again after {at}.' },
  ja: { until: 'ログインの失敗が続いたため、このログイン ID は {at} まで使えません。その後にもう一度お試しください。' },
});

/** When a locked login may try again (the hub sends it as `details.retryAt`, epoch milliseconds). */
function retryAt(f: ApiFailure | null): number | null {
  const d = f?.details as { retryAt?: unknown } | undefined;
  return typeof d?.retryAt === 'number' ? d.retryAt : null;
}

export function SignInPage() {
  const { t, formatDate } = useI18n();
  const lock = useMessages(lockMessages);
  const { api, setMe } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMe(await api.signIn(login.trim(), password));
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const failure = error instanceof ApiFailure ? error : null;
  return (
    <div className="page sign-in">
      <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{t('signIn.title')}</h2>
        <p className="muted">{t('signIn.intro')}</p>
        <label>
          {t('signIn.login')}
          <input name="login" required autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </div>
        {failure?.code === 'unauthenticated' ? (
          <p role="alert" className="error-text">
            {t('signIn.failed')}
          </p>
        ) : failure?.code === 'sign_in_locked' ? (
          // The hub's stable code and its `retryAt`: no English text is matched or shown.
          <p role="alert" className="error-text">
            {retryAt(failure) !== null ? lock('until', { at: formatDate(retryAt(failure)) }) : t('signIn.locked')}
          </p>
        ) : failure?.code === 'rate_limited' ? (
          <p role="alert" className="error-text">
            {t('error.rateLimited')}
          </p>
        ) : (
          error !== null && <ErrorMessage error={error} />
        )}
      </form>
    </div>
  );
}
