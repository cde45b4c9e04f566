/**
 * Community statistics (hourly aggregates shared by member agents), read from `/api/v1/stats`.
 * The answer is rendered generically: a list of records becomes a table and a bar chart of its first number.
 */
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage, Loading } from '../components/error-message.tsx';
import { barOption, Chart } from '../components/chart.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSession } from '../lib/session.tsx';

type Row = Record<string, unknown>;

/** The first array of records in an answer (`[...]` or `{ rows: [...] }` or similar). */
export function recordsOf(body: unknown): Row[] {
  if (Array.isArray(body)) return body.filter((r): r is Row => typeof r === 'object' && r !== null);
  if (body && typeof body === 'object') {
    for (const v of Object.values(body)) if (Array.isArray(v)) return recordsOf(v);
  }
  return [];
}

export function StatsPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const { data, error, loading, reload } = useAsync(() => api.getJson<unknown>('/stats/top'), [api]);
  const rows = recordsOf(data);
  const cols = rows[0] ? Object.keys(rows[0]).slice(0, 8) : [];
  const labelCol = cols.find((c) => typeof rows[0]?.[c] === 'string');
  const numCol = cols.find((c) => typeof rows[0]?.[c] === 'number');
  const counts: Record<string, number> = {};
  if (labelCol && numCol) for (const r of rows) counts[String(r[labelCol])] = (counts[String(r[labelCol])] ?? 0) + Number(r[numCol]);
  return (
    <div className="page">
      <h2>{t('stats.title')}</h2>
      <p className="muted">{t('stats.intro')}</p>
      <p>
        <a href="api/v1/stats/export.csv" download>
          {t('stats.export')}
        </a>
      </p>
      {loading && <Loading />}
      {error !== null && <ErrorMessage error={error} onRetry={reload} />}
      {data !== undefined && rows.length === 0 && <p className="muted">{t('stats.empty')}</p>}
      {labelCol && numCol && (
        <figure className="panel">
          <figcaption>{t('stats.top')}</figcaption>
          <Chart option={barOption(counts)} label={t('stats.top')} />
        </figure>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="list">
            <caption className="sr-only">{t('stats.top')}</caption>
            <thead>
              <tr>
                {cols.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 500).map((r, i) => (
                <tr key={i}>
                  {cols.map((c) => (
                    <td key={c}>{typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c] ?? '')}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
