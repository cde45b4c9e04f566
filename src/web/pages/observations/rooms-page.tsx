/** Incident rooms: the list with a form to open one (incident or DDoS), and a room with its status board, live timeline and, for DDoS rooms, the DDoS panel. */
import { useEffect, useState, type FormEvent } from 'react';
import { DDOS_ROOM_VECTORS, type DdosVector, type DdosView } from '../../../core/observations/ddos.ts';
import { MEMBER_STATUSES, ROOM_KINDS, ROOM_SEVERITIES, type RoomKind } from '../../../core/observations/room.ts';
import { TLP_LEVELS } from '../../../core/sharing/tlp.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { AuthorLabel } from './author-label.tsx';
import { AddressPostSummary, DdosPanel } from './ddos-panel.tsx';
import { ddosMessages } from './ddos-messages.ts';
import { obsMessages } from './messages.ts';
import type { Board, Room, TimelinePost } from './types.ts';

/** `#/rooms` lists rooms; `#/rooms/<id>` shows one. */
export function RoomsPage({ id }: { id?: string | undefined }) {
  return id && /^\d+$/.test(id) ? <RoomView id={Number(id)} /> : <RoomList />;
}

function RoomList() {
  const m = useMessages(obsMessages);
  const d = useMessages(ddosMessages);
  const { formatDate } = useI18n();
  const { api } = useSession();
  const rooms = useAsync(() => api.getJson<{ rooms: Room[] }>('/rooms'), [api]);
  const [title, setTitle] = useState('');
  const [tlp, setTlp] = useState('green');
  const [severity, setSeverity] = useState('high');
  const [kind, setKind] = useState<RoomKind>('incident');
  const [vectors, setVectors] = useState<DdosVector[]>([]);
  const [target, setTarget] = useState('');
  const [hideTarget, setHideTarget] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const open = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      // Opened here for every member; AMBER (named organisations or a group) is offered by the API only for now.
      const draft = { title, tlp, audience: { kind: 'community' }, severity };
      const id = kind === 'ddos'
        ? (await api.sendJson<{ room: Room }>('POST', '/ddos-rooms', { ...draft, vectors, target: target.trim() === '' ? null : target.trim(), targetHidden: hideTarget })).room.id
        : (await api.sendJson<Room>('POST', '/rooms', draft)).id;
      window.location.hash = `#/rooms/${id}`;
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="page">
      <h2>{m('rooms.title')}</h2>
      <p className="muted">{m('rooms.intro')}</p>
      {rooms.loading && <Loading />}
      {rooms.error !== null && <ErrorMessage error={rooms.error} onRetry={rooms.reload} />}
      {rooms.data && rooms.data.rooms.length === 0 && <p>{m('rooms.empty')}</p>}
      <ul>
        {rooms.data?.rooms.map((r) => (
          <li key={r.id}>
            <a href={`#/rooms/${r.id}`}>{r.title}</a> {r.kind === 'ddos' && <span className="badge">{d('badge')}</span>} <span className="muted">{`TLP:${r.tlp.toUpperCase()}`} · {m(`sev.${r.severity}`)} · {m('rooms.state', { state: r.state })} · <AuthorLabel author={r.author} mine={r.mine} /> · {formatDate(r.createdAt)}</span>
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={(e) => void open(e)}>
        <h3>{m('rooms.open')}</h3>
        <label>{m('rooms.roomTitle')} <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} /></label>
        <label>{m('post.tlp')}{' '}
          <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
            {TLP_LEVELS.filter((l) => l !== 'amber').map((l) => <option key={l} value={l}>{`TLP:${l.toUpperCase()}`}</option>)}
          </select>
        </label>
        <label>{m('rooms.severity')}{' '}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            {ROOM_SEVERITIES.map((s) => <option key={s} value={s}>{m(`sev.${s}`)}</option>)}
          </select>
        </label>
        <label>{d('kind.label')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as RoomKind)}>
            {ROOM_KINDS.map((k) => <option key={k} value={k}>{d(`kind.${k}`)}</option>)}
          </select>
        </label>
        {kind === 'ddos' && (
          <>
            <fieldset>
              <legend>{d('vectors')}</legend>
              {DDOS_ROOM_VECTORS.map((v) => (
                <label key={v}><input type="checkbox" checked={vectors.includes(v)} onChange={(e) => setVectors((l) => (e.target.checked ? [...l, v] : l.filter((x) => x !== v)))} /> {d(`vector.${v}`)}</label>
              ))}
            </fieldset>
            <label>{d('target')} <input value={target} onChange={(e) => setTarget(e.target.value)} maxLength={200} /></label>
            <label><input type="checkbox" checked={hideTarget} onChange={(e) => setHideTarget(e.target.checked)} /> {d('target.hide')}</label>
          </>
        )}
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit">{m('rooms.create')}</button>
      </form>
    </div>
  );
}

function RoomView({ id }: { id: number }) {
  const m = useMessages(obsMessages);
  const { formatDate, lang } = useI18n();
  const { api } = useSession();
  const initial = useAsync(() => api.getJson<{ room: Room; board: Board; timeline: TimelinePost[]; ddos?: DdosView }>(`/rooms/${id}`), [api, id]);
  const [ddos, setDdos] = useState<DdosView | null>(null);
  const [subscribed, setSubscribed] = useState(false);
  const [searched, setSearched] = useState<{ values: string[]; members: Array<{ name: string; hits: number }> } | null>(null);
  const [room, setRoom] = useState<Room | null>(null);
  const [board, setBoard] = useState<Board | null>(null);
  const [posts, setPosts] = useState<TimelinePost[]>([]);
  const [live, setLive] = useState(false);
  const [status, setStatus] = useState('investigating');
  const [note, setNote] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!initial.data) return;
    setRoom(initial.data.room);
    setBoard(initial.data.board);
    setPosts(initial.data.timeline);
    setDdos(initial.data.ddos ?? null);
  }, [initial.data]);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    // EventSource resends Last-Event-ID on reconnect; the hub replays what was missed.
    const es = new EventSource(`/api/v1/rooms/${id}/events`);
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('status', (e) => setBoard((JSON.parse((e as MessageEvent<string>).data) as { board: Board }).board));
    es.addEventListener('ddos', (e) => setDdos((JSON.parse((e as MessageEvent<string>).data) as { ddos: DdosView }).ddos));
    es.addEventListener('room', (e) => setRoom((JSON.parse((e as MessageEvent<string>).data) as { room: Room }).room));
    es.addEventListener('post', (e) => {
      const p = (JSON.parse((e as MessageEvent<string>).data) as { post: TimelinePost }).post;
      setPosts((list) => (list.some((x) => x.id === p.id) ? list : [...list, p]));
    });
    return () => es.close();
  }, [id]);

  const send = async (fn: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  if (initial.loading && !room) return <Loading />;
  if (initial.error !== null) return <ErrorMessage error={initial.error} onRetry={initial.reload} />;
  if (!room || !board) return null;
  return (
    <div className="page">
      <p><a href="#/rooms">{m('rooms.back')}</a></p>
      <h2>{room.title}</h2>
      <p className="muted">{`TLP:${room.tlp.toUpperCase()}`} · {m(`sev.${room.severity}`)} · {m('rooms.state', { state: room.state })} · <AuthorLabel author={room.author} mine={room.mine} /> · <span role="status">{live ? m('rooms.live') : m('rooms.reconnecting')}</span></p>
      <p style={{ whiteSpace: 'pre-wrap' }}>{room.description}</p>
      {ddos && <DdosPanel roomId={id} ddos={ddos} onView={setDdos} />}
      <section aria-label={m('rooms.board')}>
        <h3>{m('rooms.board')}</h3>
        <p>{MEMBER_STATUSES.map((s) => `${m(`status.${s}`)} ${board.counts[s]}`).join(' · ')}</p>
        <ul>
          {board.lines.map((l, i) => (
            <li key={i}><AuthorLabel author={l.author} mine={l.mine} />: {m(`status.${l.status}`)} — {l.note} <span className="muted">{formatDate(l.at)}</span></li>
          ))}
        </ul>
        <form onSubmit={(e) => (e.preventDefault(), void send(() => api.sendJson('PUT', `/rooms/${id}/status`, { status, note, anonymous })))}>
          <label>{m('rooms.myStatus')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              {MEMBER_STATUSES.map((s) => <option key={s} value={s}>{m(`status.${s}`)}</option>)}
            </select>
          </label>
          <label>{m('rooms.note')} <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} /></label>
          <label><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {m('post.anonymous')}</label>
          <button type="submit">{m('rooms.setStatus')}</button>
        </form>
      </section>
      <section aria-label={m('rooms.timeline')}>
        <h3>{m('rooms.timeline')}</h3>
        <ol>
          {posts.map((p) => (
            <li key={p.id}><AuthorLabel author={p.author} mine={p.mine} /> <span className="muted">{formatDate(p.at)}</span>: {p.text}<AddressPostSummary ddos={ddos} postId={p.id} /> {p.indicators.map((i) => <code key={i.value}> {i.value}</code>)}</li>
          ))}
        </ol>
        <form onSubmit={(e) => (e.preventDefault(), void send(async () => (await api.sendJson('POST', `/rooms/${id}/posts`, { text, anonymous }), setText(''))))}>
          <label>{m('rooms.postText')} <input value={text} onChange={(e) => setText(e.target.value)} required maxLength={4000} /></label>
          <button type="submit">{m('rooms.post')}</button>
        </form>
      </section>
      <section aria-label={m('rooms.share')}>
        <h3>{m('rooms.share')}</h3>
        <p>
          {(['markdown', 'misp', 'stix'] as const).map((f) => (
            <a key={f} href={`/api/v1/rooms/${id}/export?format=${f}&lang=${lang}`} download style={{ marginRight: '1em' }}>{m(`rooms.export.${f}`)}</a>
          ))}
        </p>
        <button type="button" disabled={subscribed} onClick={() => void send(async () => (await api.sendJson('PUT', '/observation-subscriptions', { scope: { kind: 'room', roomId: id }, email: true, webhook: true }), setSubscribed(true)))}>
          {subscribed ? m('rooms.subscribed') : m('rooms.subscribe')}
        </button>{' '}
        <button type="button" onClick={() => void send(async () => {
          const r = await api.sendJson<{ values: string[]; search: { members: Array<{ name: string; hits: number }> } }>('POST', `/rooms/${id}/search`);
          setSearched({ values: r.values, members: r.search.members });
        })}>{m('rooms.crossSearch')}</button>
        {searched && (
          <p role="status">{m('rooms.crossSearchResult', { n: searched.values.length })} {searched.members.map((x) => `${x.name}: ${x.hits}`).join(' · ')}</p>
        )}
      </section>
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
