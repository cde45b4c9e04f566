/** A past search opened from the history (only the searching organisation may read it). */
import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { ResultsView } from '../components/results-view.tsx';
import { RunWorkbench } from '../components/run-workbench.tsx';
import { viewOfResult } from '../lib/search-state.ts';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

export function SearchDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.searchById(id), [api, id]);
  const view = useMemo(() => (data ? viewOfResult(data) : null), [data]);
  return (
    <div className="page">
      <h2>{t('searchDetail.title')}</h2>
      <p>
        <a href="#/history">← {t('nav.history')}</a>
      </p>
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data && <RunWorkbench key={data.id} result={data} />}
      {view && <ResultsView view={view} retryMember={api.retryMember} />}
    </div>
  );
}
