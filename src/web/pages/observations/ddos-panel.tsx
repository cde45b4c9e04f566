/**
 * The DDoS part of a room page: target and vectors, the mitigation board with the reader's own line, the
 * sources and reflectors in the reader's own address space, and the form to share address lists.
 */
import { useState, type FormEvent } from 'react';
import { MITIGATIONS, type AddressProblem, type DdosView } from '../../../core/observations/ddos.ts';
import { ApiFailure } from '../../api/api-error.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { AuthorLabel } from './author-label.tsx';
import { ddosMessages } from './ddos-messages.ts';
import { obsMessages } from './messages.ts';

const lines = (s: string): string[] => s.split(/\s*[\n,]\s*/).map((l) => l.trim()).filter((l) => l !== '');

/** Target, vectors, mitigation board, own-space addresses and the address form of DDoS room `roomId`. */
export function DdosPanel({ roomId, ddos, onView }: { roomId: number; ddos: DdosView; onView: (v: DdosView) => void }) {
  const d = useMessages(ddosMessages);
  const m = useMessages(obsMessages);
  const { formatDate, lang } = useI18n();
  const { api } = useSession();
  const list = (items: string[]): string => items.join(lang === 'ja' ? '、' : ', ');
  const [status, setStatus] = useState<string>('edge-filtering');
  const [note, setNote] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [sources, setSources] = useState('');
  const [reflectors, setReflectors] = useState('');
  const [postNote, setPostNote] = useState('');
  const [named, setNamed] = useState(false);
  const [done, setDone] = useState<{ sources: number; reflectors: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const setMitigation = (e: FormEvent): void => {
    e.preventDefault();
    void run(async () => onView(await api.sendJson<DdosView>('PUT', `/rooms/${roomId}/mitigation`, { status, note, anonymous })));
  };
  const share = (e: FormEvent): void => {
    e.preventDefault();
    setDone(null);
    void run(async () => {
      const r = await api.sendJson<{ sources: number; reflectors: number }>('POST', `/rooms/${roomId}/addresses`, { sources: lines(sources), reflectors: lines(reflectors), note: postNote, named });
      setDone(r);
      setSources('');
      setReflectors('');
      setPostNote('');
    });
  };
  const problems = error instanceof ApiFailure ? ((error.details as { problems?: AddressProblem[] } | undefined)?.problems ?? []) : [];
  const { target, targetHidden, vectors } = ddos.details;
  return (
    <>
      <dl>
        <dt>{d('target')}</dt>
        <dd>{target ?? (targetHidden ? d('target.hidden') : d('target.none'))}{target !== null && targetHidden ? ` ${d('target.hiddenMine')}` : ''}</dd>
        <dt>{d('vectors')}</dt>
        <dd>{list(vectors.map((v) => d(`vector.${v}`)))}</dd>
      </dl>
      <section aria-label={d('mitigation.board')}>
        <h3>{d('mitigation.board')}</h3>
        <p>{MITIGATIONS.map((s) => `${d(`mitigation.${s}`)} ${ddos.mitigation.counts[s]}`).join(' · ')}</p>
        {ddos.mitigation.lines.length === 0 && <p>{d('mitigation.empty')}</p>}
        <ul>
          {ddos.mitigation.lines.map((l, i) => (
            <li key={i}><AuthorLabel author={l.author} mine={l.mine} />: {d(`mitigation.${l.status}`)} — {l.note} <span className="muted">{formatDate(l.at)}</span></li>
          ))}
        </ul>
        <form onSubmit={setMitigation}>
          <label>{d('mitigation.mine')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              {MITIGATIONS.map((s) => <option key={s} value={s}>{d(`mitigation.${s}`)}</option>)}
            </select>
          </label>
          <label>{d('mitigation.note')} <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} /></label>
          <label><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {m('post.anonymous')}</label>
          <button type="submit">{d('mitigation.set')}</button>
        </form>
      </section>
      <section aria-label={d('own.title')}>
        <h3>{d('own.title')}</h3>
        <p className="muted">{d('own.intro')}</p>
        {ddos.ownSpace.length === 0 ? <p>{d('own.empty')}</p> : (
          <table>
            <thead><tr><th>{d('own.role')}</th><th>{d('own.address')}</th><th>{d('own.prefix')}</th><th>{d('own.reporters')}</th></tr></thead>
            <tbody>
              {ddos.ownSpace.map((a) => (
                <tr key={`${a.role} ${a.address}`}>
                  <td>{d(`role.${a.role}`)}</td><td><code>{a.address}</code></td><td>{a.prefix}</td>
                  <td>{d('own.members', { n: a.reporters })}{a.namedReporters.length > 0 ? ` (${list(a.namedReporters)})` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {ddos.ownSpaceTotal > ddos.ownSpace.length && <p>{d('own.more', { shown: ddos.ownSpace.length, total: ddos.ownSpaceTotal })}</p>}
        {ddos.ownSpaceTotal > 0 && <p><a href={`/api/v1/rooms/${roomId}/ddos/addresses.csv`} download>{d('own.csv')}</a></p>}
      </section>
      <section aria-label={d('post.title')}>
        <h3>{d('post.title')}</h3>
        <p className="muted">{d('post.intro')}</p>
        <form onSubmit={share}>
          <label>{d('post.sources')} <textarea value={sources} onChange={(e) => setSources(e.target.value)} rows={4} /></label>
          <label>{d('post.reflectors')} <textarea value={reflectors} onChange={(e) => setReflectors(e.target.value)} rows={4} /></label>
          <label>{d('post.note')} <input value={postNote} onChange={(e) => setPostNote(e.target.value)} maxLength={1000} /></label>
          <label><input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} /> {d('post.named')}</label>
          <button type="submit">{d('post.submit')}</button>
        </form>
        {done && <p role="status">{d('post.done', done)}</p>}
        {problems.length > 0 && (
          <ul role="alert">
            {problems.map((p) => <li key={`${p.list} ${p.index}`}>{d('post.problem', { list: d(p.list === 'source' ? 'post.sources' : 'post.reflectors'), line: p.index + 1, input: p.input })}</li>)}
          </ul>
        )}
        {error !== null && <ErrorMessage error={error} />}
      </section>
    </>
  );
}

/** The summary shown under an address post on the timeline. */
export function AddressPostSummary({ ddos, postId }: { ddos: DdosView | null; postId: number }) {
  const d = useMessages(ddosMessages);
  const s = ddos?.posts.find((p) => p.postId === postId);
  return s ? <span className="muted"> [{d('post.summary', { sources: s.sources, reflectors: s.reflectors })}]</span> : null;
}
