/**
 * "Feedback on my data": what other members reported on hits of this organisation's data, per value,
 * per event and one by one. Anonymous feedback reads "a member" in the page's language.
 */
import type { OwnerFeedbackPage } from '../../../contracts/feedback.ts';
import { ANONYMOUS_MEMBER } from '../../../core/feedback/feedback-author.ts';
import { ApiFailure } from '../../api/api-error.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { feedbackPageMessages } from './messages.ts';

export function FeedbackPage() {
  const { api } = useSession();
  const { formatDate, formatNumber } = useI18n();
  const m = useMessages(feedbackPageMessages);
  const state = useAsync<OwnerFeedbackPage>(() => api.feedback.onMyData({ limit: 500 }), []);
  const n = (x: number) => formatNumber(x);
  let body;
  if (state.loading && !state.data) body = <Loading />;
  else if (state.error instanceof ApiFailure && state.error.code === 'forbidden') body = <p className="muted">{m('notMember')}</p>;
  else if (state.error) body = <ErrorMessage error={state.error} onRetry={state.reload} />;
  else if (state.data && state.data.items.length === 0) body = <p className="muted">{m('empty')}</p>;
  else if (state.data) {
    const d = state.data;
    body = (
      <>
        <section className="panel" aria-labelledby="fb-by-value">
          <h3 id="fb-by-value">{m('byValue')}</h3>
          <table data-testid="feedback-by-value">
            <thead>
              <tr><th>{m('value')}</th><th>{m('type')}</th><th>{m('seen')}</th><th>{m('falsePositive')}</th><th>{m('expired')}</th></tr>
            </thead>
            <tbody>
              {d.byValue.map((v) => (
                <tr key={`${v.type}|${v.value}`}><td><code>{v.value}</code></td><td>{v.type}</td><td>{n(v.seen)}</td><td>{n(v.falsePositive)}</td><td>{n(v.expired)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel" aria-labelledby="fb-by-event">
          <h3 id="fb-by-event">{m('byEvent')}</h3>
          <table data-testid="feedback-by-event">
            <thead>
              <tr><th>{m('event')}</th><th>{m('seen')}</th><th>{m('falsePositive')}</th><th>{m('expired')}</th></tr>
            </thead>
            <tbody>
              {d.byEvent.map((e) => (
                <tr key={e.eventUuid}><td title={e.eventUuid}>{e.eventInfo}</td><td>{n(e.seen)}</td><td>{n(e.falsePositive)}</td><td>{n(e.expired)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel" aria-labelledby="fb-items">
          <h3 id="fb-items">{m('items')}</h3>
          <table data-testid="feedback-items">
            <thead>
              <tr><th>{m('at')}</th><th>{m('value')}</th><th>{m('event')}</th><th>{m('kind')}</th><th>{m('author')}</th><th>{m('comment')}</th></tr>
            </thead>
            <tbody>
              {d.items.map((f, i) => (
                <tr key={i}>
                  <td>{formatDate(f.at)}</td><td><code>{f.value}</code></td><td>{f.eventInfo}</td><td>{m(`kind.${f.kind}`)}</td>
                  <td>{f.author === ANONYMOUS_MEMBER ? m('anonymous') : f.author}</td><td>{f.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </>
    );
  }
  return (
    <div className="page">
      <h2>{m('title')}</h2>
      <p className="muted">{m('intro')}</p>
      {body}
    </div>
  );
}
