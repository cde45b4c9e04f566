/** A failed hub call, carrying the wire error code so the UI can explain it in the reader's language. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Reads `{ error: { code, message, details } }` from a failed response; falls back to the status line. */
export async function failureFrom(res: Response): Promise<ApiFailure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (proxy error page, empty body): the status alone must do.
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof err?.code === 'string' ? err.code : codeForStatus(res.status);
  const message = typeof err?.message === 'string' ? err.message : `${res.status} ${res.statusText}`.trim();
  return new ApiFailure(res.status, code, message, err?.details);
}

/** Turns anything thrown by fetch (offline, DNS, CORS, abort) into an ApiFailure. */
export function networkFailure(e: unknown): ApiFailure {
  if (e instanceof ApiFailure) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new ApiFailure(0, 'aborted', 'aborted');
  return new ApiFailure(0, 'network', e instanceof Error ? e.message : String(e));
}

function codeForStatus(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'bad_request';
}
