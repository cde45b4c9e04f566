/** An admin failure in the reader's language: a refused account change names why (the hub's `details.reason`). */
import { ApiFailure } from '../../api/api-error.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useMessages } from '../../i18n/i18n.tsx';
import { adminMessages, type AdminMessageKey } from './messages.ts';

export function AdminError({ error }: { error: unknown }) {
  const m = useMessages(adminMessages);
  const reason = error instanceof ApiFailure && error.code === 'forbidden' ? (error.details as { reason?: unknown } | undefined)?.reason : undefined;
  const key = `forbidden.${String(reason)}` as AdminMessageKey;
  if (typeof reason === 'string' && key in adminMessages.en) {
    return (
      <p role="alert" className="error-text">
        {m(key)}
      </p>
    );
  }
  return <ErrorMessage error={error} />;
}
