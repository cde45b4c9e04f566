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

/** Turns anything thrown by fetch (offline, DNS, CORS, abort) into an ApiFailure. */
export function networkFailure(e: unknown): ApiFailure {
  if (e instanceof ApiFailure) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new ApiFailure(0, 'aborted', 'aborted');
  return new ApiFailure(0, 'network', e instanceof Error ? e.message : String(e));
}
