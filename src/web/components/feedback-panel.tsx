/**
 * Feedback on the hits of one value of the organisation's own search: seen / false positive / expired
 * per hit, an optional comment, whether to show the organisation's name, and what other members said
 * (aggregates). The hub looks each hit up in the stored result; this only names which hit is meant.
 */
import { useContext, useState } from 'react';
import type { FeedbackCounts, GiveFeedbackResult, SearchFeedback } from '../../contracts/feedback.ts';
import type { ValueResult } from '../../contracts/hub-api.ts';
import { FEEDBACK_KINDS, type FeedbackKind } from '../../core/feedback/feedback-kind.ts';
import { useMessages } from '../i18n/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import type { WebApi } from '../api/hub-client.ts';
import { SessionContext } from '../lib/session.tsx';
import { ErrorMessage } from './error-message.tsx';
import { feedbackMessages } from './feedback-messages.ts';

/** "Seen by 3 members · 1 false positive · 0 expired" for one hit, or nothing when nobody gave feedback. */
export function FeedbackAggregateLine({ counts }: { counts: FeedbackCounts | undefined }) {
  const m = useMessages(feedbackMessages);
  if (!counts || counts.seen + counts.falsePositive + counts.expired === 0) return <span className="muted">{m('none')}</span>;
  return <span className="feedback-aggregate">{m('aggregate', { seen: counts.seen, fp: counts.falsePositive, expired: counts.expired })}</span>;
}

/** Feedback on one value's hits; nothing outside a signed-in session or for a value without hits. */
export function FeedbackPanel(props: { searchId: string; index: number; row: ValueResult }) {
  const session = useContext(SessionContext);
  if (!session || props.index < 0 || props.row.details.length === 0) return null;
  return <Panel api={session.api} {...props} />;
}

function Panel({ api, searchId, index, row }: { api: WebApi; searchId: string; index: number; row: ValueResult }) {
  const m = useMessages(feedbackMessages);
  const state = useAsync<SearchFeedback>(() => api.feedback.forSearch(searchId), [searchId]);
  const [reveal, setReveal] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [last, setLast] = useState<Record<string, GiveFeedbackResult>>({});

  const give = async (member: string, attributeUuid: string, kind: FeedbackKind) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.feedback.give(searchId, { items: [{ index, member, attributeUuid, kind, reveal, ...(comment.trim() ? { comment: comment.trim() } : {}) }] });
      setLast((l) => ({ ...l, [`${member}|${attributeUuid}|${kind}`]: r.results[0]! }));
      state.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const data = state.data;
  return (
    <section className="panel feedback-panel" aria-labelledby="feedback-title">
      <h3 id="feedback-title">{m('title')}</h3>
      <p className="muted">{m('hint')}</p>
      <label className="check">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        {m('reveal')}
      </label>
      <label>
        {m('comment')} <input type="text" maxLength={200} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {error !== null && <ErrorMessage error={error} />}
      {state.error !== null && <ErrorMessage error={state.error} onRetry={state.reload} />}
      <ul className="feedback-hits">
        {row.details.map((d, i) => {
          const mine = (data?.given ?? []).filter((g) => g.index === index && g.member === d.member && g.attributeUuid === d.attribute.uuid);
          const counts = data?.aggregates.find((a) => a.index === index && a.member === d.member && a.attributeUuid === d.attribute.uuid);
          return (
            <li key={`${d.member}-${d.attribute.uuid}-${i}`} data-testid="feedback-hit">
              <p>
                <strong>{d.member}</strong> · <code>{d.attribute.value}</code> · <FeedbackAggregateLine counts={counts} />
              </p>
              <div className="toolbar" role="group" aria-label={`${m('title')}: ${d.member}`}>
                {FEEDBACK_KINDS.map((k) => {
                  const r = last[`${d.member}|${d.attribute.uuid}|${k}`];
                  return (
                    <button key={k} type="button" disabled={busy} aria-pressed={mine.some((g) => g.kind === k)} onClick={() => void give(d.member, d.attribute.uuid, k)}>
                      {m(k)}
                      {r && ' · '}
                      {r && ('error' in r ? m(`error.${r.error.code}`) : r.status === 'duplicate' ? m('status.duplicate') : m(`relay.${r.status}`))}
                    </button>
                  );
                })}
              </div>
              {mine.length > 0 && <p className="muted">{m('given', { kinds: mine.map((g) => `${m(g.kind)} (${m(`relay.${g.relay}`)})`).join('、') })}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
