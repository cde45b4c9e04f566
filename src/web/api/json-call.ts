/**
 * The JSON call of a feature page's own client (cases, reports): same-origin credentials, extra headers per
 * call (the CSRF token for sessions, a bearer key for scripts and tests), and the hub's error body turned
 * into an `ApiFailure` whose code the page translates.
 */
import { ApiFailure, networkFailure } from './api-error.ts';

export interface JsonCallOptions {
  /** Hub origin ('' = same origin). */
  base?: string;
  fetch?: typeof fetch;
  /** Extra headers per call. */
  headers?: () => Record<string, string>;
}

/** A `call(method, path, body?)` for paths under the hub origin (e.g. `/api/v1/cases/3`). */
export function jsonCall(opts: JsonCallOptions = {}) {
  const f = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await f(`${opts.base ?? ''}${path}`, {
        method,
        credentials: 'same-origin',
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers?.() },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw networkFailure(e);
    }
    const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
    if (!res.ok) throw new ApiFailure(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? res.statusText, data?.error?.details);
    return data as T;
  };
}
