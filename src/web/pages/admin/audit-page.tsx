/**
 * The audit log with filters (action, organisation, user, date range). Hub admins read everything; a
 * member admin reads what its own organisation did (the hub enforces it). Details are the hub's technical
 * record (logins, prefixes, URLs) and are shown as such.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { AuditRow } from '../../../contracts/admin.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { adminApi, type AuditFilters } from './admin-api.ts';
import { endOfDay } from './keys-panel.tsx';
import { adminMessages, AUDIT_ACTIONS, type AdminMessageKey } from './messages.ts';

const startOfDay = (date: string): number => new Date(`${date}T00:00:00`).getTime();

export function AuditPage() {
  const { formatDate, formatNumber } = useI18n();
  const m = useMessages(adminMessages);
  const { api, me } = useSession();
  const admin = useMemo(() => adminApi(api), [api]);
  const hubAdmin = me?.user.role === 'hub-admin';
  const [form, setForm] = useState({ action: '', org: '', actor: '', since: '', until: '' });
  const [filters, setFilters] = useState<AuditFilters>({});
  const entries = useAsync(() => admin.audit({ ...filters, limit: 500 }), [admin, filters]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f: AuditFilters = {};
    if (form.action) f.action = form.action;
    if (form.org.trim() && hubAdmin) f.org = form.org.trim();
    if (form.actor.trim()) f.actor = form.actor.trim();
    if (form.since) f.since = startOfDay(form.since);
    // "To" includes that day: the hub's bound is exclusive.
    if (form.until) f.until = endOfDay(form.until) + 1;
    setFilters(f);
  };
  const clear = () => {
    setForm({ action: '', org: '', actor: '', since: '', until: '' });
    setFilters({});
  };
  const actionLabel = (a: string): string => {
    const key = `action.${a}` as AdminMessageKey;
    return key in adminMessages.en ? m(key) : a;
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  return (
    <div className="page">
      <h2>{m('audit.title')}</h2>
      <p className="muted">
        {m('audit.intro')} {!hubAdmin && m('audit.ownOrg')}
      </p>
      <form className="panel form inline audit-filters" onSubmit={apply} aria-label={m('audit.filters')}>
        <label>
          {m('audit.action')}
          <select value={form.action} onChange={set('action')}>
            <option value="">{m('audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        {hubAdmin && (
          <label>
            {m('audit.org')}
            <input value={form.org} onChange={set('org')} maxLength={200} />
          </label>
        )}
        <label>
          {m('audit.actor')}
          <input value={form.actor} onChange={set('actor')} maxLength={100} />
        </label>
        <label>
          {m('audit.since')}
          <input type="date" value={form.since} onChange={set('since')} />
        </label>
        <label>
          {m('audit.until')}
          <input type="date" value={form.until} onChange={set('until')} />
        </label>
        <div className="toolbar">
          <button type="submit" className="primary">
            {m('audit.apply')}
          </button>
          <button type="button" onClick={clear}>
            {m('audit.clear')}
          </button>
        </div>
      </form>
      {entries.loading && !entries.data && <Loading />}
      {entries.error !== null && <ErrorMessage error={entries.error} onRetry={entries.reload} />}
      {entries.data && entries.data.length === 0 && <p className="muted">{m('audit.empty')}</p>}
      {entries.data && entries.data.length > 0 && (
        <section className="panel" aria-labelledby="audit-list">
          <h3 id="audit-list">{m('audit.shown', { n: formatNumber(entries.data.length) })}</h3>
          <table className="list cards audit">
            <caption className="sr-only">{m('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{m('audit.at')}</th>
                <th scope="col">{m('audit.who')}</th>
                <th scope="col">{m('audit.action')}</th>
                <th scope="col">{m('audit.count')}</th>
                <th scope="col">{m('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e: AuditRow) => (
                <tr key={e.id} data-action={e.action}>
                  <td data-label={m('audit.at')}>{formatDate(e.at)}</td>
                  <td data-label={m('audit.who')}>{e.actorLogin ? `${e.actorLogin} (${e.actorOrg ?? '—'})` : (e.actorOrg ?? m('audit.anonymous'))}</td>
                  <td data-label={m('audit.action')}>{actionLabel(e.action)}</td>
                  <td data-label={m('audit.count')} className="num">
                    {e.count === null ? '—' : formatNumber(e.count)}
                  </td>
                  <td data-label={m('audit.detail')}>{e.detail && <code lang="en">{e.detail}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
