/**
 * Explains a failure in the reader's language. The hub's own (English) message is a detail: shown as is
 * on English pages, folded away under the stable code on Japanese ones (never an English sentence there).
 */
import { ApiFailure } from '../api/api-error.ts';
import type { MessageKey } from '../i18n/en.ts';
import { defineMessages, useI18n, useMessages } from '../i18n/i18n.tsx';

const detailMessages = defineMessages({
  en: { code: 'Code: {code}', technical: 'Technical details (English)' },
  ja: { code: 'コード: {code}', technical: '技術的な詳細（英語）' },
});

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
  if (e instanceof ApiFailure) return codeKey(e.code) ?? (e.status >= 500 ? 'error.server' : 'error.generic');
  return 'error.generic';
}

/** The message key of a stable error code, if the UI knows it. */
export function codeKey(code: string): MessageKey | undefined {
  return CODE_KEYS[code];
}

/** A server's English text: as is on English pages; on others the code shows and the text is folded away. */
export function ServerDetail({ text, code }: { text: string; code?: string | undefined }) {
  const { t, lang } = useI18n();
  const m = useMessages(detailMessages);
  if (!text) return null;
  if (lang === 'en') return <p className="muted">{t('error.detail', { detail: text })}</p>;
  return (
    <div className="muted server-detail">
      {code && <p>{m('code', { code })}</p>}
      <details>
        <summary>{m('technical')}</summary>
        <p lang="en">{text}</p>
      </details>
    </div>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      <p>
        <strong>{t(errorKey(error))}</strong>
      </p>
      <ServerDetail text={detail} code={error instanceof ApiFailure ? error.code : undefined} />
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
