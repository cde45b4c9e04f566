/** Live per-member status while a search runs: pending, answered (latency, hits), timed out or failed. */
import type { MemberResult } from '../../contracts/hub-api.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';

const STATUS_KEYS: Record<MemberResult['status'], MessageKey> = {
  pending: 'status.pending',
  ok: 'status.ok',
  truncated: 'status.truncated',
  timeout: 'status.timeout',
  error: 'status.error',
};

export function MemberProgress({ members, done }: { members: MemberResult[]; done: boolean }) {
  const { t, formatNumber } = useI18n();
  const answered = members.filter((m) => m.status !== 'pending').length;
  return (
    <section className="panel" aria-labelledby="progress-title">
      <h3 id="progress-title">{t('progress.title')}</h3>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('progress.title')}
        aria-valuemin={0}
        aria-valuemax={members.length}
        aria-valuenow={answered}
        aria-valuetext={t('progress.text', { done: answered, total: members.length })}
      >
        <div className="progress-fill" style={{ width: `${members.length ? (answered / members.length) * 100 : 0}%` }} />
      </div>
      <p aria-live="polite" className="muted">
        {done ? t('progress.complete') : t('progress.text', { done: answered, total: members.length })}
      </p>
      <table className="members-table">
        <caption className="sr-only">{t('progress.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('members.member')}</th>
            <th scope="col">{t('members.status')}</th>
            <th scope="col" className="num">
              {t('members.latency')}
            </th>
            <th scope="col" className="num">
              {t('members.hits')}
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.name} data-member={m.name}>
              <th scope="row">{m.name}</th>
              <td>
                <span className={`badge ${m.status}`}>{t(STATUS_KEYS[m.status])}</span>
                {m.error && <span className="muted"> {m.error}</span>}
              </td>
              <td className="num">{m.latencyMs === null ? '—' : `${formatNumber(Math.round(m.latencyMs))} ms`}</td>
              <td className="num" data-testid={`member-hits-${m.name}`}>
                {formatNumber(m.hits)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
