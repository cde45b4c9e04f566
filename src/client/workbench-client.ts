/** History workbench calls of the hub API (`src/contracts/workbench.ts`), for the shared hub client. */
import type { RunComparison, SearchLabel, SearchLabelInput, Watch, WatchInput, WatchNotification, WatchPatch } from '../contracts/workbench.ts';

type Json = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The workbench methods on the client's JSON call. */
export function workbenchClient(json: Json) {
  const search = (id: string) => `/api/v1/searches/${encodeURIComponent(id)}`;
  return {
    /** Labels the organisation's search (both parts empty: removes the label). */
    setLabel: (searchId: string, label: Partial<SearchLabelInput>) => json<{ label: SearchLabel | null }>('PUT', `${search(searchId)}/label`, label),
    labels: () => json<{ labels: SearchLabel[] }>('GET', '/api/v1/search-labels'),
    /** `laterId` compared with the earlier run `earlierId`, by member and attribute. */
    compare: (laterId: string, earlierId: string) => json<RunComparison>('GET', `${search(laterId)}/compare/${encodeURIComponent(earlierId)}`),
    previousRun: (id: string) => json<{ previous: string | null }>('GET', `${search(id)}/previous`),
    watches: () => json<{ watches: Watch[] }>('GET', '/api/v1/watches'),
    createWatch: (input: Partial<WatchInput> & { searchId: string }) => json<Watch>('POST', '/api/v1/watches', input),
    updateWatch: (id: number, patch: WatchPatch) => json<Watch>('PATCH', `/api/v1/watches/${id}`, patch),
    deleteWatch: (id: number) => json<void>('DELETE', `/api/v1/watches/${id}`),
    /** Makes the watch due; the hub's scheduler runs it on its next tick. */
    runWatchNow: (id: number) => json<Watch>('POST', `/api/v1/watches/${id}/run-now`),
    watchNotifications: () => json<{ notifications: WatchNotification[]; unseen: number }>('GET', '/api/v1/watch-notifications'),
    markWatchNotificationsSeen: (upTo: number) => json<void>('POST', '/api/v1/watch-notifications/seen', { upTo }),
  };
}
