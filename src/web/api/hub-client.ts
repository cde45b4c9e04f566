/**
 * The web UI's view of the hub API: the one typed client (`src/client`, also used by the CLI) with
 * errors turned into `ApiFailure` and list answers unwrapped.
 * Browser sessions authenticate with the HTTP-only cookie; the shared client sends the CSRF token on writes.
 */
import type { HubRole, Me, SearchRequest, SearchResult, SearchStreamEvent } from '../../contracts/hub-api.ts';
import { createHubClient, HubApiError } from '../../client/hub-client.ts';
import { ApiFailure, networkFailure } from './api-error.ts';
import { feedbackApi } from './feedback-api.ts';
import { workbenchApi } from './workbench-api.ts';

export interface SourceInputBody {
  kind: 'renkei' | 'misp';
  url: string;
  apiKey: string;
  verifyTls: boolean;
  caFile?: string;
}

/** Any failure of a call, as the UI explains it. */
function asFailure(e: unknown): ApiFailure {
  if (e instanceof HubApiError) return new ApiFailure(e.status, e.code === 'stream_cut' ? 'incomplete' : e.code, e.message, e.details);
  return networkFailure(e);
}

async function guard<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    throw asFailure(e);
  }
}

export type WebApi = ReturnType<typeof createWebApi>;

/** Creates the web UI's API over the one hub client; `base` is the hub origin ('' = same origin as the page). */
export function createWebApi(base = '', fetchImpl: typeof fetch = (...a) => globalThis.fetch(...a)) {
  const c = createHubClient({ baseUrl: base, fetch: fetchImpl });

  return {
    /** The signed-in user, or an ApiFailure with code `unauthenticated`. */
    me: (): Promise<Me> => guard(() => c.me()),
    signIn: (login: string, password: string): Promise<Me> => guard(() => c.signIn(login, password)),
    signOut: (): Promise<void> => guard(() => c.signOut()),

    /** Runs a streaming search, calling `onEvent` for each NDJSON line; resolves with the final result. */
    search: (req: SearchRequest, onEvent: (e: SearchStreamEvent) => void, signal?: AbortSignal): Promise<SearchResult> => guard(() => c.search(req, onEvent, signal)),
    searches: () => guard(async () => (await c.listSearches()).searches),
    searchById: (id: string) => guard(() => c.getSearch(id)),
    retryMember: (id: string, member: string) => guard(() => c.retryMember(id, member)),
    exportSearch: (id: string, req: Parameters<typeof c.exportSearch>[1]) => guard(() => c.exportSearch(id, req)),
    hits: (q: { member?: string; since?: number; limit?: number; own?: 0 | 1 } = {}) => guard(async () => (await c.hits(q)).hits),

    feedback: feedbackApi(c.feedback, guard),
    workbench: workbenchApi(c.workbench, guard),
    members: () => guard(async () => (await c.listMembers()).members),
    addMember: (name: string) => guard(() => c.addMember(name)),
    addSource: (memberId: number, input: SourceInputBody) => guard(() => c.addSource(memberId, input)),
    deleteSource: (id: number) => guard(() => c.removeSource(id)),
    testSource: (id: number) => guard(() => c.testSource(id)),
    sourceHealth: (id: number) => guard(() => c.sourceHealth(id)),

    users: () => guard(async () => (await c.listUsers()).users),
    addUser: (input: { login: string; password: string; role: HubRole }) => guard(() => c.addUser(input)),
    keys: () => guard(async () => (await c.listKeys()).keys),
    /** Creates a key; the secret is in `key` and is shown once. */
    addKey: (label: string) => guard(() => c.createKey(label)),
    deleteKey: (id: number) => guard(() => c.deleteKey(id)),

    /** Any method on a feature route under `/api/v1` (writes carry the session's CSRF token). */
    sendJson: <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> => guard(() => c.send<T>(method, `/api/v1${path}`, body)),
    /** GET for routes outside the hub contract (community statistics under `/api/v1/stats`). */
    getJson: <T>(path: string): Promise<T> =>
      guard(async () => {
        const res = await fetchImpl(`${base}/api/v1${path}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
          throw new ApiFailure(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? `HTTP ${res.status}`);
        }
        return (await res.json()) as T;
      }),
  };
}
