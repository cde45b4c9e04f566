/** One source: health, last latency, a connection test with a readable answer, latency over time. */
import { useState, type ReactNode } from 'react';
import type { Source, SourceCheck } from '../../contracts/hub-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { Chart, latencyOption } from './chart.tsx';
import { codeKey, ErrorMessage, Loading, ServerDetail } from './error-message.tsx';

/** `manage`: the viewer may test the source and read its health (its member's admins, the hub admin); `children`: edit controls. */
export function SourceRow({ source, onChanged, manage = true, children }: { source: Source; onChanged: () => void; manage?: boolean; children?: ReactNode }) {
  const { t, formatDate } = useI18n();
  const { api } = useSession();
  const [check, setCheck] = useState<SourceCheck | null>(null);
  const [health, setHealth] = useState<Awaited<ReturnType<typeof api.sourceHealth>> | null>(null);
  const [busy, setBusy] = useState<'test' | 'health' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (what: 'test' | 'health') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'test') {
        setCheck(await api.testSource(source.id));
        onChanged();
      } else setHealth(await api.sourceHealth(source.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <li className="source" data-source-id={source.id}>
      <p>
        <span className={`badge ${source.status}`}>{t(`health.${source.status}`)}</span> <strong>{source.kind === 'misp' ? 'MISP' : 'Renkei'}</strong>{' '}
        <code>{source.url}</code>
        {!source.verifyTls && <span className="tag warn">{t('sources.tlsOff')}</span>}
        {source.lastLatencyMs !== null && <span className="muted"> · {t('sources.lastLatency', { ms: Math.round(source.lastLatencyMs) })}</span>}
      </p>
      {source.lastError && (
        <div className="error-text">
          {t(codeKey(source.lastErrorCode ?? '') ?? 'error.sourceError')}
          <ServerDetail text={source.lastError} />
        </div>
      )}
      {manage && <div className="toolbar">
        <button type="button" onClick={() => void run('test')} disabled={busy !== null}>
          {t('sources.test')}
        </button>
        <button type="button" onClick={() => void run('health')} disabled={busy !== null}>
          {t('sources.health')}
        </button>
      </div>}
      {busy && <Loading label={busy === 'test' ? t('sources.testing') : undefined} />}
      {check && (
        <p role="status" className={check.ok ? 'ok-text' : 'error-text'} data-testid="source-check">
          {check.ok ? t('sources.checkOk', { ms: check.latencyMs === null ? '—' : Math.round(check.latencyMs) }) : `${t('sources.checkFailed')} ${t(codeKey(check.code ?? '') ?? 'error.sourceError')}`}
          {check.version && ` ${t('sources.version', { version: check.version })}`}
          {!check.ok && <ServerDetail text={check.message} />}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {health &&
        (health.latency.length === 0 ? (
          <p className="muted">{t('sources.noHealth')}</p>
        ) : (
          <figure>
            <figcaption>{t('chart.latency')}</figcaption>
            <Chart
              option={latencyOption(health.latency.map((p) => ({ at: formatDate(p.at), ms: p.ok ? p.ms : null })))}
              label={t('chart.latency')}
              height={220}
            />
          </figure>
        ))}
      {children}
    </li>
  );
}
