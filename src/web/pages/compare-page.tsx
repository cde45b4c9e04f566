/** Two runs of a list from the history compared hit by hit (`#/compare/<later>/<earlier>`). */
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { RunDiffView } from '../components/run-diff-view.tsx';
import { workbenchMessages } from '../components/workbench-messages.ts';
import { useMessages } from '../i18n/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

export function ComparePage({ later, earlier }: { later: string; earlier: string }) {
  const m = useMessages(workbenchMessages);
  const { api } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.workbench.compare(later, earlier), [api, later, earlier]);
  return (
    <div className="page">
      <h2>{m('compareTitle')}</h2>
      <p>
        <a href="#/history">{m('compareBack')}</a>
      </p>
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && (
        <section className="panel">
          <RunDiffView diff={data} />
        </section>
      )}
    </div>
  );
}
