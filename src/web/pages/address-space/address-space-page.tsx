/** Registrations (claims, checks, approvals, conflicts), the member's report inbox and its delivery settings. */
import { useState, type FormEvent } from 'react';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { addressSpaceMessages } from './messages.ts';

interface Claim {
  id: number;
  memberId: number;
  kind: 'prefix' | 'asn';
  value: string;
  state: 'pending' | 'approved' | 'rejected';
  check: { verdict: 'announced' | 'other_as' | 'not_announced'; asns: number[] } | null;
}
type Conflict =
  | { kind: 'nested'; inner: { prefix: string; owner: string }; outer: { prefix: string; owner: string } }
  | { kind: 'same_prefix'; prefix: string; owners: string[] };
interface Report { id: number; address: string; category: string; lastSeen: number; count: number; sources: string[]; reporterCount: number; ticket: string | null }
const FORMATS = ['email-digest', 'xarf', 'csv', 'in-app'] as const;
const AGGREGATE = ['prefix', 'category', 'address'] as const;
interface Contact {
  email: string | null; webhookUrl: string | null; locale: 'ja' | 'en'; interval: 'immediate' | 'hourly' | 'daily';
  format: (typeof FORMATS)[number]; aggregateBy: Array<(typeof AGGREGATE)[number]>; nameAsReporter: boolean;
}

export function AddressSpacePage() {
  const { formatDate, formatNumber } = useI18n();
  const m = useMessages(addressSpaceMessages);
  const { api, me } = useSession();
  const role = me?.user.role ?? 'analyst';
  const hubAdmin = role === 'hub-admin';
  const mayWrite = hubAdmin || role === 'member-admin';
  const claims = useAsync(() => api.sendJson<{ claims: Claim[] }>('GET', '/address-space/claims'), [api]);
  const conflicts = useAsync(() => (hubAdmin ? api.sendJson<{ conflicts: Conflict[] }>('GET', '/address-space/conflicts') : Promise.resolve({ conflicts: [] })), [api, hubAdmin]);
  const inbox = useAsync(() => api.sendJson<{ reports: Report[] }>('GET', '/notifications/inbox'), [api]);
  const contact = useAsync(() => (role === 'member-admin' ? api.sendJson<{ contact: Contact | null }>('GET', '/notifications/contact') : Promise.resolve({ contact: null })), [api, role]);
  const [kind, setKind] = useState<'prefix' | 'asn'>('prefix');
  const [value, setValue] = useState('');
  const [memberId, setMemberId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const act = async (p: Promise<unknown>) => {
    setError(null);
    try {
      await p;
      claims.reload();
      conflicts.reload();
    } catch (e) {
      setError(e);
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    await act(api.sendJson('POST', '/address-space/claims', { kind, value: value.trim(), ...(hubAdmin && memberId ? { memberId: Number(memberId) } : {}) }).then(() => setValue('')));
  };
  const saveContact = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim() || null;
    setError(null);
    setSaved(false);
    try {
      await api.sendJson('PUT', '/notifications/contact', {
        email: text('email'), webhookUrl: text('webhookUrl'), webhookSecret: text('webhookSecret'), locale: f.get('locale'), interval: f.get('interval'),
        format: f.get('format'), aggregateBy: f.getAll('aggregateBy'), nameAsReporter: f.get('nameAsReporter') === 'on',
      });
      setSaved(true);
      contact.reload();
    } catch (err) {
      setError(err);
    }
  };
  const verdict = (c: Claim) => (c.check ? m(`verdict.${c.check.verdict}`, { asns: c.check.asns.map((a) => `AS${a}`).join(', ') }) : m('verdict.none'));

  return (
    <section aria-labelledby="as-title">
      <h2 id="as-title">{m('title')}</h2>
      <p>{m('intro')}</p>
      {error !== null && <ErrorMessage error={error} />}
      <h3>{m('claims')}</h3>
      {claims.loading && <Loading />}
      {claims.error !== null && <ErrorMessage error={claims.error} onRetry={claims.reload} />}
      {claims.data && (claims.data.claims.length === 0 ? <p>{m('none')}</p> : (
        <table>
          <thead><tr><th>{m('kind')}</th><th>{m('value')}</th>{hubAdmin && <th>{m('member')}</th>}<th>{m('state')}</th><th>{m('check')}</th>{mayWrite && <th>{m('actions')}</th>}</tr></thead>
          <tbody>
            {claims.data.claims.map((c) => (
              <tr key={c.id} data-claim={c.value}>
                <td>{m(`kind.${c.kind}`)}</td><td><code>{c.value}</code></td>{hubAdmin && <td>{c.memberId}</td>}
                <td>{m(`state.${c.state}`)}</td><td>{c.kind === 'prefix' ? verdict(c) : m('verdict.none')}</td>
                {mayWrite && (
                  <td>
                    {hubAdmin && c.state !== 'approved' && <button type="button" onClick={() => void act(api.sendJson('POST', `/address-space/claims/${c.id}/approve`, {}))}>{m('approve')}</button>}
                    {hubAdmin && c.state !== 'rejected' && <button type="button" onClick={() => void act(api.sendJson('POST', `/address-space/claims/${c.id}/reject`, {}))}>{m('reject')}</button>}
                    <button type="button" onClick={() => void act(api.sendJson('DELETE', `/address-space/claims/${c.id}`))}>{m('remove')}</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {mayWrite && (
        <form onSubmit={(e) => void add(e)} aria-label={m('add')}>
          <label>{m('kind')} <select value={kind} onChange={(e) => setKind(e.target.value as 'prefix' | 'asn')}><option value="prefix">{m('kind.prefix')}</option><option value="asn">{m('kind.asn')}</option></select></label>
          <label>{m('value')} <input value={value} onChange={(e) => setValue(e.target.value)} required placeholder={kind === 'prefix' ? '203.0.113.0/24' : 'AS64500'} /></label>
          {hubAdmin && <label>{m('member')} <input value={memberId} onChange={(e) => setMemberId(e.target.value)} inputMode="numeric" required /></label>}
          <button type="submit">{m('add')}</button>
        </form>
      )}
      {hubAdmin && conflicts.data && conflicts.data.conflicts.length > 0 && (
        <>
          <h3>{m('conflicts')}</h3>
          <ul>
            {conflicts.data.conflicts.map((c, i) => (
              <li key={i}>{c.kind === 'nested' ? m('conflictNested', { inner: c.inner.prefix, innerOwner: c.inner.owner, outer: c.outer.prefix, outerOwner: c.outer.owner }) : m('conflictSame', { prefix: c.prefix, owners: c.owners.join(', ') })}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{m('inbox')}</h3>
      {inbox.error !== null && <ErrorMessage error={inbox.error} onRetry={inbox.reload} />}
      {inbox.data && (inbox.data.reports.length === 0 ? <p>{m('noReports')}</p> : (
        <table>
          <thead><tr><th>{m('address')}</th><th>{m('category')}</th><th>{m('seen')}</th><th>{m('count')}</th><th>{m('sources')}</th><th>{m('reporters')}</th><th>{m('ticket')}</th></tr></thead>
          <tbody>
            {inbox.data.reports.map((r) => (
              <tr key={r.id}><td><code>{r.address}</code></td><td>{r.category}</td><td>{formatDate(r.lastSeen)}</td><td>{formatNumber(r.count)}</td><td>{r.sources.join(', ')}</td><td>{formatNumber(r.reporterCount)}</td><td>{r.ticket ?? '—'}</td></tr>
            ))}
          </tbody>
        </table>
      ))}
      {role === 'member-admin' && contact.data && (
        <form onSubmit={(e) => void saveContact(e)} aria-label={m('contact')} key={JSON.stringify(contact.data.contact)}>
          <h3>{m('contact')}</h3>
          <label>{m('email')} <input name="email" type="email" defaultValue={contact.data.contact?.email ?? ''} /></label>
          <label>{m('webhook')} <input name="webhookUrl" type="url" defaultValue={contact.data.contact?.webhookUrl ?? ''} /></label>
          <label>{m('secret')} <input name="webhookSecret" type="password" autoComplete="off" /></label>
          <label>{m('locale')} <select name="locale" defaultValue={contact.data.contact?.locale ?? 'ja'}><option value="ja">日本語</option><option value="en">English</option></select></label>
          <label>{m('interval')} <select name="interval" defaultValue={contact.data.contact?.interval ?? 'daily'}>{(['immediate', 'hourly', 'daily'] as const).map((i) => <option key={i} value={i}>{m(`interval.${i}`)}</option>)}</select></label>
          <label>{m('format')} <select name="format" defaultValue={contact.data.contact?.format ?? 'email-digest'}>{FORMATS.map((f) => <option key={f} value={f}>{m(`format.${f}`)}</option>)}</select></label>
          <fieldset>
            <legend>{m('aggregate')}</legend>
            {AGGREGATE.map((a) => <label key={a}><input type="checkbox" name="aggregateBy" value={a} defaultChecked={contact.data?.contact?.aggregateBy.includes(a) ?? false} /> {m(`aggregate.${a}`)}</label>)}
          </fieldset>
          <label><input type="checkbox" name="nameAsReporter" defaultChecked={contact.data.contact?.nameAsReporter ?? false} /> {m('nameAsReporter')}</label>
          <button type="submit">{m('save')}</button>
          {saved && <p role="status">{m('saved')}</p>}
        </form>
      )}
    </section>
  );
}
