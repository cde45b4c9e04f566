/** The observations feed with filters, one-click indicator search, quick answers and the posting form. */
import { useState } from 'react';
import { OBSERVATION_CATEGORIES } from '../../../core/observations/model.ts';
import { TLP_LEVELS } from '../../../core/sharing/tlp.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { AuthorLabel } from './author-label.tsx';
import { obsMessages } from './messages.ts';
import { ObservationForm } from './observation-form.tsx';
import type { Observation, TopicGroupView } from './types.ts';

export function ObservationsPage() {
  const m = useMessages(obsMessages);
  const { formatDate, lang } = useI18n();
  const { api } = useSession();
  const [category, setCategory] = useState('');
  const [tlp, setTlp] = useState('');
  const [text, setText] = useState('');
  const [indicator, setIndicator] = useState('');
  const [unanswered, setUnanswered] = useState(false);
  const [unread, setUnread] = useState(false);
  const [tallies, setTallies] = useState<Record<number, { released: boolean; respondents: number | null; counts: Record<string, number> | null; needed: number }>>({});
  const showAnswers = async (id: number): Promise<void> => {
    setAnswerError(null);
    try {
      const r = await api.getJson<{ responses: { released: boolean; respondents: number | null; counts: Record<string, number> | null; needed: number } }>(`/observations/${id}`);
      setTallies((t) => ({ ...t, [id]: r.responses }));
    } catch (e) {
      setAnswerError(e);
    }
  };
  const [answerError, setAnswerError] = useState<unknown>(null);
  const [answered, setAnswered] = useState<number | null>(null);
  const qs = new URLSearchParams({ limit: '100', ...(category ? { category } : {}), ...(tlp ? { tlp } : {}), ...(text.trim() ? { text: text.trim() } : {}), ...(indicator ? { indicator } : {}), ...(unanswered ? { unanswered: 'true' } : {}), ...(unread ? { unread: 'true' } : {}) });
  const feed = useAsync(() => api.getJson<{ observations: Observation[] }>(`/observations?${qs.toString()}`), [api, qs.toString()]);
  const groups = useAsync(() => api.getJson<{ groups: TopicGroupView[] }>('/topic-groups'), [api]);

  const answer = async (id: number, kind: 'seen' | 'not-seen' | 'false-positive'): Promise<void> => {
    setAnswerError(null);
    try {
      await api.sendJson('POST', `/observations/${id}/responses`, { kind });
      setAnswered(id);
      feed.reload();
    } catch (e) {
      setAnswerError(e);
    }
  };

  return (
    <div className="page">
      <h2>{m('feed.title')}</h2>
      <p className="muted">{m('feed.intro')}</p>
      <fieldset className="filters">
        <label>{m('feed.filterCategory')}{' '}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{m('feed.all')}</option>
            {OBSERVATION_CATEGORIES.map((c) => <option key={c} value={c}>{m(`cat.${c}`)}</option>)}
          </select>
        </label>
        <label>{m('feed.filterTlp')}{' '}
          <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
            <option value="">{m('feed.all')}</option>
            {TLP_LEVELS.map((l) => <option key={l} value={l}>{`TLP:${l.toUpperCase()}`}</option>)}
          </select>
        </label>
        <label>{m('feed.filterText')} <input type="search" value={text} onChange={(e) => setText(e.target.value)} /></label>
        <label><input type="checkbox" checked={unanswered} onChange={(e) => setUnanswered(e.target.checked)} /> {m('feed.unanswered')}</label>
        <label><input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} /> {m('feed.unread')}</label>
        {indicator && (
          <button type="button" onClick={() => setIndicator('')}>{m('feed.clearIndicator')} ({m('feed.indicatorFilter', { value: indicator })})</button>
        )}
      </fieldset>
      {answerError !== null && <ErrorMessage error={answerError} />}
      {answered !== null && <p role="status">{m('answer.sent')}</p>}
      {feed.loading && <Loading />}
      {feed.error !== null && <ErrorMessage error={feed.error} onRetry={feed.reload} />}
      {feed.data && feed.data.observations.length === 0 && <p>{m('feed.empty')}</p>}
      <ul className="observations">
        {feed.data?.observations.map((o) => (
          <li key={o.id} className="card">
            <h3>{o.read === false && <><span className="badge">{m('feed.new')}</span>{' '}</>}{o.title}</h3>
            <p className="muted">
              <span className={`tlp tlp-${o.tlp.replace('+', '-')}`}>{`TLP:${o.tlp.toUpperCase()}`}</span> · {m(`cat.${o.category}`)} · <AuthorLabel author={o.author} mine={o.mine} /> · {formatDate(o.createdAt)}
            </p>
            <p className="muted">{m('post.favours')}: {o.favours.map((q) => m(`q.${q}`)).join(' + ')} · {m('post.confidence')}: {m(`conf.${o.confidence}`)}</p>
            {/* Markdown is shown as text: React escapes it, and the hub refuses raw HTML. */}
            <p className="body" style={{ whiteSpace: 'pre-wrap' }}>{o.body}</p>
            {o.indicators.length > 0 && (
              <ul className="indicators">
                {o.indicators.map((i) => (
                  <li key={`${i.type}:${i.value}`}><button type="button" className="link" onClick={() => setIndicator(i.value)}>{i.value}</button> <span className="muted">{i.type}</span></li>
                ))}
              </ul>
            )}
            <a href={`/api/v1/observations/${o.id}/export?format=misp&lang=${lang}`} download>{m('feed.exportMisp')}</a>{' '}
            <a href={`/api/v1/observations/${o.id}/export?format=stix&lang=${lang}`} download>{m('feed.exportStix')}</a>{' '}
            <button type="button" className="link" onClick={() => void api.sendJson('PUT', `/observations/${o.id}/read`, { read: !o.read }).then(feed.reload, setAnswerError)}>
              {o.read ? m('feed.markUnread') : m('feed.markRead')}
            </button>
            <button type="button" onClick={() => void showAnswers(o.id)}>{m('tally.show')}</button>
            {tallies[o.id] && (
              <p className="tally" data-tally={o.id}>
                {tallies[o.id]!.released && tallies[o.id]!.counts
                  ? m('tally.released', { seen: tallies[o.id]!.counts!.seen ?? 0, n: tallies[o.id]!.respondents ?? 0, fp: tallies[o.id]!.counts!['false-positive'] ?? 0 })
                  : m('tally.withheld', { k: tallies[o.id]!.needed })}
              </p>
            )}
            {!o.mine && (
              <div className="actions">
                <button type="button" onClick={() => void answer(o.id, 'seen')}>{m('answer.seen')}</button>
                <button type="button" onClick={() => void answer(o.id, 'not-seen')}>{m('answer.notSeen')}</button>
                <button type="button" onClick={() => void answer(o.id, 'false-positive')}>{m('answer.falsePositive')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <ObservationForm groups={groups.data?.groups ?? []} onPosted={feed.reload} />
    </div>
  );
}
