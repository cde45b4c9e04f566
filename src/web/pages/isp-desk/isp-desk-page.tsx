/** The ISP's host view: hosts in its space by prefix, category and day with trends; acknowledgements; a reporter's outcomes. */
import { useState, type FormEvent } from 'react';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { ispDeskMessages } from './messages.ts';

const STATES = ['received', 'handling', 'resolved', 'false-positive'] as const;
type AckState = (typeof STATES)[number];
interface Series { prefix: string; category: string; hosts: number[]; events: number[]; change: number; trend: 'up' | 'down' | 'flat' }
interface Host { reportId: number; address: string; prefix: string; category: string; lastSeen: number; count: number; ticket: string | null; ack: { state: AckState; note: string | null } | null }
interface View { days: number[]; series: Series[]; hosts: Host[] }
type Outcomes = Record<AckState | 'open' | 'reports', number>;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function IspDeskPage() {
  const { formatDate, formatNumber } = useI18n();
  const m = useMessages(ispDeskMessages);
  const { api, me } = useSession();
  const hubAdmin = me?.user.role === 'hub-admin';
  const [days, setDays] = useState(14);
  const [prefix, setPrefix] = useState('');
  const [category, setCategory] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const query = `days=${days}${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}${category ? `&category=${category}` : ''}`;
  const view = useAsync(() => (hubAdmin ? Promise.resolve(null) : api.sendJson<View>('GET', `/isp/hosts?${query}`)), [api, query, hubAdmin]);
  // The unfiltered series name every prefix and category the member has, for the filter menus.
  const all = useAsync(() => (hubAdmin ? Promise.resolve(null) : api.sendJson<View>('GET', `/isp/hosts?days=${days}&limit=1`)), [api, days, hubAdmin]);
  const outcomes = useAsync(() => (hubAdmin ? Promise.resolve(null) : api.sendJson<{ outcomes: Outcomes }>('GET', '/isp/outcomes')), [api, hubAdmin]);

  const acknowledge = async (body: unknown) => {
    setError(null);
    setSaved(null);
    try {
      const out = await api.sendJson<{ acknowledged: number[] }>('POST', '/isp/acknowledge', body);
      setSaved(out.acknowledged.length);
      view.reload();
    } catch (e) {
      setError(e);
    }
  };
  const saveHost = (e: FormEvent<HTMLFormElement>, h: Host) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void acknowledge({ reportIds: [h.reportId], state: f.get('state'), note: String(f.get('note') ?? '').trim() || null });
  };
  const saveTicket = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void acknowledge({ ticket: String(f.get('ticket') ?? '').trim(), state: f.get('state') });
  };
  const prefixes = [...new Set((all.data?.series ?? []).map((s) => s.prefix))].sort();
  const categories = [...new Set((all.data?.series ?? []).map((s) => s.category))].sort();
  const trendText = (s: Series) => m(`trend.${s.trend}`, { n: s.change });

  return (
    <section aria-labelledby="isp-title">
      <h2 id="isp-title">{m('title')}</h2>
      <p>{m('intro')}</p>
      {error !== null && <ErrorMessage error={error} />}
      {saved !== null && <p role="status">{m('saved', { n: saved })}</p>}
      {!hubAdmin && (
        <form aria-label={m('filters')} onSubmit={(e) => e.preventDefault()}>
          <label>{m('days')} <select value={days} onChange={(e) => setDays(Number(e.target.value))}>{[7, 14, 30, 90].map((n) => <option key={n} value={n}>{m('days.n', { n })}</option>)}</select></label>
          <label>{m('prefix')} <select value={prefix} onChange={(e) => setPrefix(e.target.value)}><option value="">{m('all')}</option>{prefixes.map((p) => <option key={p} value={p}>{p}</option>)}</select></label>
          <label>{m('category')} <select value={category} onChange={(e) => setCategory(e.target.value)}><option value="">{m('all')}</option>{categories.map((c) => <option key={c} value={c}>{c}</option>)}</select></label>
        </form>
      )}
      {view.loading && <Loading />}
      {view.error !== null && <ErrorMessage error={view.error} onRetry={view.reload} />}
      {view.data && (
        <>
          <h3>{m('trends')}</h3>
          {view.data.series.length === 0 ? <p>{m('noHosts')}</p> : (
            <table aria-label={m('trends')}>
              <thead><tr><th>{m('prefix')}</th><th>{m('category')}</th><th>{m('series')}</th><th>{m('trend')}</th></tr></thead>
              <tbody>
                {view.data.series.map((s) => {
                  const max = Math.max(1, ...s.hosts);
                  return (
                    <tr key={`${s.prefix} ${s.category}`} data-series={`${s.prefix} ${s.category}`}>
                      <td><code>{s.prefix}</code></td>
                      <td>{s.category}</td>
                      <td>
                        <span className="spark" role="img" aria-label={s.hosts.map((n, i) => m('dayHosts', { day: isoDay(view.data!.days[i]!), n })).join(', ')}>
                          {s.hosts.map((n, i) => <span key={i} className="spark-bar" style={{ display: 'inline-block', width: 6, marginRight: 1, background: 'currentColor', height: `${Math.max(1, Math.round((n / max) * 24))}px`, opacity: n === 0 ? 0.2 : 1 }} />)}
                        </span>
                      </td>
                      <td data-trend={s.trend}>{trendText(s)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <h3>{m('hosts')}</h3>
          {view.data.hosts.length > 0 && (
            <table aria-label={m('hosts')}>
              <thead><tr><th>{m('address')}</th><th>{m('prefix')}</th><th>{m('category')}</th><th>{m('seen')}</th><th>{m('count')}</th><th>{m('ticket')}</th><th>{m('status')}</th></tr></thead>
              <tbody>
                {view.data.hosts.map((h) => (
                  <tr key={h.reportId} data-host={`${h.address} ${h.category}`}>
                    <td><code>{h.address}</code></td><td><code>{h.prefix}</code></td><td>{h.category}</td><td>{formatDate(h.lastSeen)}</td><td>{formatNumber(h.count)}</td><td>{h.ticket ?? '—'}</td>
                    <td>
                      <span data-state={h.ack?.state ?? 'open'}>{m(`state.${h.ack?.state ?? 'open'}`)}</span>
                      <form aria-label={`${m('status')} ${h.address} ${h.category}`} onSubmit={(e) => saveHost(e, h)} key={JSON.stringify(h.ack)}>
                        <label>{m('status')} <select name="state" defaultValue={h.ack?.state ?? 'received'}>{STATES.map((s) => <option key={s} value={s}>{m(`state.${s}`)}</option>)}</select></label>
                        <label>{m('note')} <input name="note" defaultValue={h.ack?.note ?? ''} maxLength={1000} /></label>
                        <button type="submit">{m('save')}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form aria-label={m('byTicket')} onSubmit={saveTicket}>
            <h3>{m('byTicket')}</h3>
            <label>{m('ticketInput')} <input name="ticket" required pattern="RK-\d{6,}" placeholder="RK-000001" /></label>
            <label>{m('status')} <select name="state" defaultValue="received">{STATES.map((s) => <option key={s} value={s}>{m(`state.${s}`)}</option>)}</select></label>
            <button type="submit">{m('apply')}</button>
          </form>
        </>
      )}
      {outcomes.data && (
        <>
          <h3>{m('outcomes')}</h3>
          <p>{m('outcomesIntro')}</p>
          <table aria-label={m('outcomes')}>
            <thead><tr><th>{m('reports')}</th>{(['open', ...STATES] as const).map((s) => <th key={s}>{m(`state.${s}`)}</th>)}</tr></thead>
            <tbody><tr data-outcomes="">{(['reports', 'open', ...STATES] as const).map((s) => <td key={s}>{formatNumber(outcomes.data!.outcomes[s])}</td>)}</tr></tbody>
          </table>
        </>
      )}
    </section>
  );
}
