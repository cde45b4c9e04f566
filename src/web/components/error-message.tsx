/** Explains a failure in the reader's language; the hub's own message follows as a detail. */
import { ApiFailure } from '../api/api-error.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';

const CODE_KEYS: Record<string, MessageKey> = {
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  rate_limited: 'error.rateLimited',
  validation_failed: 'error.validation',
  unknown_parameter: 'error.validation',
  invalid_json: 'error.validation',
  bad_request: 'error.validation',
  payload_too_large: 'error.tooLarge',
  conflict: 'error.conflict',
  network: 'error.network',
  timeout: 'error.timeout',
  source_unreachable: 'error.sourceUnreachable',
  source_bad_key: 'error.sourceBadKey',
  source_not_misp: 'error.sourceNotMisp',
  source_error: 'error.sourceError',
  incomplete: 'error.incomplete',
};

/** The translated sentence for an error code (falls back to a generic one). */
export function errorKey(e: unknown): MessageKey {
  if (e instanceof ApiFailure) return CODE_KEYS[e.code] ?? (e.status >= 500 ? 'error.server' : 'error.generic');
  return 'error.generic';
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      <p>
        <strong>{t(errorKey(error))}</strong>
      </p>
      {detail && <p className="muted">{t('error.detail', { detail })}</p>}
      {error instanceof ApiFailure && error.code === 'unauthenticated' ? (
        <button type="button" onClick={() => window.location.reload()}>
          {t('error.signInAgain')}
        </button>
      ) : (
        onRetry && (
          <button type="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        )
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('common.loading')}
    </p>
  );
}
