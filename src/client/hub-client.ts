/**
 * Typed HTTP client for the hub API (`src/contracts/hub-api.ts`), used by the CLI and the web UI.
 * Browser-compatible: `fetch` only. With a key it sends `Authorization: Bearer`; without one it relies
 * on the session cookie and sends the CSRF token on writes.
 */
import type { z } from 'zod';
import { feedbackClient } from './feedback-client.ts';
import { workbenchClient } from './workbench-client.ts';
import type { SearchExportRequest } from '../contracts/search-export.ts';
import type {
  MemberAnswer,
  ApiKeyInfo,
  Me,
  Member,
  OwnerHit,
  SearchRequest,
  SearchResult,
  SearchStreamEvent,
  SearchSummary,
  Source,
  SourceCheck,
  SourceHealth,
  SourceInput,
  User,
  UserInput,
} from '../contracts/hub-api.ts';

/** A non-2xx answer, carrying the API's error code. */
export class HubApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'HubApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface HubClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8443`; empty for same-origin (browser). */
  baseUrl?: string;
  apiKey?: string;
  fetch?: typeof fetch;
}

/** Splits a byte stream into NDJSON events. */
export async function* readNdjson<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = body.getReader();
  const dec = new TextDecoder();
  // Chunks of the current line are kept apart so a multi-megabyte line costs O(n), not O(n²).
  let parts: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    let text = value ? dec.decode(value, { stream: true }) : '';
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      parts.push(text.slice(0, nl));
      text = text.slice(nl + 1);
      const line = parts.join('').trim();
      parts = [];
      if (line) yield JSON.parse(line) as T;
    }
    if (text) parts.push(text);
    if (done) break;
  }
  const rest = parts.join('').trim();
  if (rest) yield JSON.parse(rest) as T;
}

/** Creates a client. */
export function createHubClient(opts: HubClientOptions = {}) {
  const base = (opts.baseUrl ?? '').replace(/\/+$/, '');
  const f = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  let csrf: string | null = null;

  const request = async (method: string, path: string, body?: unknown, accept = 'application/json', signal?: AbortSignal): Promise<Response> => {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    else if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const res = await f(base + path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
    if (!res.ok) {
      let code = 'http_error';
      let message = `HTTP ${res.status}`;
      let details: unknown;
      try {
        const j = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
        code = j.error?.code ?? code;
        message = j.error?.message ?? message;
        details = j.error?.details;
      } catch {
        /* not JSON */
      }
      throw new HubApiError(res.status, code, message, details);
    }
    return res;
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await request(method, path, body);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const qs = (o: Record<string, string | number | undefined>): string => {
    const p = Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    return p.length ? `?${p.join('&')}` : '';
  };

  return {
    /** Streams a search: yields `accepted`, one `member` per member as it answers, then `done`; `signal` cancels it. */
    async *searchStream(req: SearchRequest, signal?: AbortSignal): AsyncGenerator<SearchStreamEvent> {
      const res = await request('POST', '/api/v1/searches', req, 'application/x-ndjson', signal);
      if (!res.body) throw new HubApiError(res.status, 'bad_response', 'empty search answer');
      let done = false;
      for await (const ev of readNdjson<SearchStreamEvent>(res.body)) {
        if (ev.type === 'done') done = true;
        if (ev.type === 'error') throw new HubApiError(502, ev.code, ev.message);
        yield ev;
      }
      if (!done) throw new HubApiError(502, 'stream_cut', 'search answer ended before it was done');
    },
    /** Runs a search and returns the final result. */
    async search(req: SearchRequest, onEvent?: (e: SearchStreamEvent) => void, signal?: AbortSignal): Promise<SearchResult> {
      let result: SearchResult | null = null;
      for await (const ev of this.searchStream(req, signal)) {
        onEvent?.(ev);
        if (ev.type === 'done') result = ev.result;
      }
      return result!;
    },
    listSearches: (limit?: number) => json<{ searches: SearchSummary[] }>('GET', `/api/v1/searches${qs({ limit })}`),
    getSearch: (id: string) => json<SearchResult>('GET', `/api/v1/searches/${encodeURIComponent(id)}`),
    /** Asks one member of a finished search again; the answer replaces that member's column. */
    retryMember: (id: string, member: string) => json<MemberAnswer>('POST', `/api/v1/searches/${encodeURIComponent(id)}/members/${encodeURIComponent(member)}/retry`),
    hits: (q: { member?: string; since?: number; limit?: number; own?: 0 | 1 } = {}) => json<{ hits: OwnerHit[] }>('GET', `/api/v1/hits${qs(q)}`),

    feedback: feedbackClient(json),
    workbench: workbenchClient(json),
    listMembers: () => json<{ members: Member[] }>('GET', '/api/v1/members'),
    addMember: (name: string, orgUuid?: string) => json<Member>('POST', '/api/v1/members', { name, ...(orgUuid ? { orgUuid } : {}) }),
    removeMember: (id: number) => json<void>('DELETE', `/api/v1/members/${id}`),
    addSource: (memberId: number, s: z.input<typeof SourceInput>) => json<Source>('POST', `/api/v1/members/${memberId}/sources`, s),
    removeSource: (id: number) => json<void>('DELETE', `/api/v1/sources/${id}`),
    testSource: (id: number) => json<SourceCheck>('POST', `/api/v1/sources/${id}/test`, {}),
    sourceHealth: (id: number) => json<z.infer<typeof SourceHealth>>('GET', `/api/v1/sources/${id}/health`),

    listUsers: () => json<{ users: User[] }>('GET', '/api/v1/users'),
    addUser: (u: z.input<typeof UserInput>) => json<User>('POST', '/api/v1/users', u),
    listKeys: () => json<{ keys: z.infer<typeof ApiKeyInfo>[] }>('GET', '/api/v1/keys'),
    createKey: (label: string) => json<{ key: string; info: z.infer<typeof ApiKeyInfo> }>('POST', '/api/v1/keys', { label }),
    deleteKey: (id: number) => json<void>('DELETE', `/api/v1/keys/${id}`),
    audit: (limit?: number) => json<{ entries: { at: number; actorOrg: string | null; action: string; count: number | null; detail: string | null }[] }>('GET', `/api/v1/audit${qs({ limit })}`),

    /** A file of a stored search (CSV, MISP event, STIX bundle, blocklist) with the name the hub gives it; bytes as sent (a BOM stays). */
    async exportSearch(id: string, req: z.input<typeof SearchExportRequest>): Promise<{ filename: string; contentType: string; bytes: Uint8Array }> {
      const res = await request('POST', `/api/v1/searches/${encodeURIComponent(id)}/export`, req, '*/*');
      const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `renkei-search-${id.slice(0, 8)}`;
      return { filename, contentType: res.headers.get('content-type') ?? 'application/octet-stream', bytes: new Uint8Array(await res.arrayBuffer()) };
    },
    /** A call to a feature route outside the typed set above (session CSRF and errors handled the same way). */
    send: <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => json<T>(method, path, body),
    /** Signs in (browser: the cookie is set by the server); remembers the CSRF token. */
    async signIn(login: string, password: string): Promise<Me> {
      const me = await json<Me>('POST', '/api/v1/session', { login, password });
      csrf = me.csrfToken;
      return me;
    },
    async signOut(): Promise<void> {
      await json<void>('DELETE', '/api/v1/session');
      csrf = null;
    },
    async me(): Promise<Me> {
      const me = await json<Me>('GET', '/api/v1/me');
      csrf = me.csrfToken;
      return me;
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
