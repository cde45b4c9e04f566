/** Posts spooled batches to the hub; transient failures are retried with capped exponential backoff. */

/** What happened to one attempt. */
export type SendResult = { ok: true; duplicate: boolean } | { ok: false; retry: boolean; status: number | null; message: string };

/** POSTs one batch body to `{hub}/api/v1/stats/ingest`. 4xx other than 401/403/408/429 is not retried. */
export function postBatch(hubUrl: string, apiKey: string, body: string, timeoutMs = 30_000): Promise<SendResult> {
  return postJson(hubUrl, apiKey, 'api/v1/stats/ingest', body, timeoutMs);
}

/** POSTs a JSON body to `{hub}/{apiPath}` with the same retry classification as `postBatch`. */
export async function postJson(hubUrl: string, apiKey: string, apiPath: string, body: string, timeoutMs = 30_000, idempotencyKey?: string): Promise<SendResult> {
  const url = new URL(apiPath, hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.ok) {
      let duplicate = false;
      try {
        duplicate = (JSON.parse(text) as { duplicate?: boolean }).duplicate === true;
      } catch {
        /* body shape is informational only */
      }
      return { ok: true, duplicate };
    }
    const retry = res.status >= 500 || [401, 403, 408, 429].includes(res.status);
    return { ok: false, retry, status: res.status, message: text.slice(0, 300) };
  } catch (e) {
    return { ok: false, retry: true, status: null, message: (e as Error).message };
  }
}

/** Backoff delay for attempt n (0-based): 0.5 s doubling to `maxMs`, with ±25 % jitter. */
export function backoffMs(attempt: number, maxMs = 60_000): number {
  const base = Math.min(maxMs, 500 * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
