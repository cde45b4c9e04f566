/** The user's observation notifications: subscribe to every new observation (in-app, e-mail, webhook) and the recent in-app notifications. */
import { useEffect, useState } from 'react';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { groupsMessages } from './groups-messages.ts';

interface Subscription {
  scope: { kind: 'observations' } | { kind: 'room'; roomId: number };
  email: boolean;
  webhook: boolean;
}
interface Notice {
  id: number;
  kind: 'observation' | 'room';
  itemId: number;
  title: string;
  at: number;
  seen: boolean;
}

export function NotifySettingsPage() {
  const m = useMessages(groupsMessages);
  const { formatDate } = useI18n();
  const { api } = useSession();
  const subs = useAsync(() => api.getJson<{ subscriptions: Subscription[] }>('/observation-subscriptions'), [api]);
  const notices = useAsync(() => api.getJson<{ notifications: Notice[] }>('/observation-notifications'), [api]);
  const all = subs.data?.subscriptions.find((s) => s.scope.kind === 'observations') ?? null;
  const [on, setOn] = useState(false);
  const [email, setEmail] = useState(false);
  const [webhook, setWebhook] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setOn(all !== null);
    setEmail(all?.email ?? false);
    setWebhook(all?.webhook ?? false);
  }, [all?.email, all?.webhook, all !== null]);
  const save = async (): Promise<void> => {
    setError(null);
    setSaved(false);
    try {
      if (on) await api.sendJson('PUT', '/observation-subscriptions', { scope: { kind: 'observations' }, email, webhook });
      else await api.sendJson('DELETE', '/observation-subscriptions', { scope: { kind: 'observations' } });
      setSaved(true);
      subs.reload();
    } catch (e) {
      setError(e);
    }
  };
  const rooms = subs.data?.subscriptions.filter((s) => s.scope.kind === 'room').length ?? 0;
  return (
    <div className="page">
      <h2>{m('notify.title')}</h2>
      <p className="muted">{m('notify.intro')}</p>
      {subs.loading && !subs.data && <Loading />}
      {subs.error !== null && <ErrorMessage error={subs.error} onRetry={subs.reload} />}
      <form className="card" onSubmit={(e) => (e.preventDefault(), void save())}>
        <label><input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> {m('notify.all')}</label>
        <fieldset disabled={!on}>
          <label><input type="checkbox" checked disabled /> {m('notify.inApp')}</label>
          <label><input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} /> {m('notify.email')}</label>
          <label><input type="checkbox" checked={webhook} onChange={(e) => setWebhook(e.target.checked)} /> {m('notify.webhook')}</label>
        </fieldset>
        <p className="muted">{m('notify.rooms', { n: rooms })}</p>
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit">{m('notify.save')}</button>
        {saved && <p role="status">{m('notify.saved')}</p>}
      </form>
      <section aria-label={m('notify.recent')}>
        <h3>{m('notify.recent')}</h3>
        {notices.error !== null && <ErrorMessage error={notices.error} onRetry={notices.reload} />}
        {notices.data && notices.data.notifications.length === 0 && <p>{m('notify.none')}</p>}
        <ul>
          {notices.data?.notifications.map((n) => (
            <li key={n.id}>
              <a href={n.kind === 'room' ? `#/rooms/${n.itemId}` : '#/observations'}>{`${m(`notify.kind.${n.kind}`)}: ${n.title}`}</a> <span className="muted">{formatDate(n.at)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
