/** Live per-member status while a search runs: pending, answered (latency, hits), timed out or failed. */
import type { MemberResult } from '../../contracts/hub-api.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './error-message.tsx';
import { answered, reasonOf } from '../lib/member-outcome.ts';

const STATUS_KEYS: Record<MemberResult['status'], MessageKey> = {
  pending: 'status.pending',
  ok: 'status.ok',
  truncated: 'status.truncated',
  timeout: 'status.timeout',
  error: 'status.error',
};

interface Props {
  members: MemberResult[];
  done: boolean;
  /** Asks one member again once the search is finished. */
  onRetry?: ((member: string) => void) | undefined;
  retrying?: { member: string; error: unknown } | null;
}

export function MemberProgress({ members, done, onRetry, retrying }: Props) {
  const { t, formatNumber } = useI18n();
  const finished = members.filter((m) => m.status !== 'pending').length;
  const failed = members.filter((m) => m.status === 'timeout' || m.status === 'error');
  const failedText = failed.map((m) => t('progress.failedMember', { member: m.name, reason: t(`reason.${reasonOf(m)}`) })).join('、');
  const summary = !done
    ? t('progress.text', { done: finished, total: members.length })
    : failed.length === 0
      ? t('progress.complete')
      : t('progress.partial', { ok: members.filter(answered).length, total: members.length, failed: failedText });
  return (
    <section className="panel" aria-labelledby="progress-title">
      <h3 id="progress-title">{t('progress.title')}</h3>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('progress.title')}
        aria-valuemin={0}
        aria-valuemax={members.length}
        aria-valuenow={finished}
        aria-valuetext={t('progress.text', { done: finished, total: members.length })}
      >
        <div className="progress-fill" style={{ width: `${members.length ? (finished / members.length) * 100 : 0}%` }} />
      </div>
      <p aria-live="polite" className={failed.length > 0 && done ? 'warning' : 'muted'} data-testid="progress-summary">
        {summary}
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
                {m.status !== 'ok' && m.status !== 'pending' && <span className="muted"> {t(`reason.${reasonOf(m)}`)}</span>}
                {done && onRetry && m.status !== 'ok' && m.status !== 'pending' && (
                  <button type="button" className="small" disabled={retrying?.member === m.name && retrying.error === null} onClick={() => onRetry(m.name)} data-testid={`retry-${m.name}`}>
                    {retrying?.member === m.name && retrying.error === null ? t('progress.retrying') : t('progress.retry')}
                  </button>
                )}
                {retrying?.member === m.name && retrying.error !== null && <ErrorMessage error={retrying.error} />}
              </td>
              <td className="num">{m.latencyMs === null ? '—' : `${formatNumber(Math.round(m.latencyMs))} ms`}</td>
              <td className="num" data-testid={`member-hits-${m.name}`}>
                {answered(m) ? formatNumber(m.hits) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
