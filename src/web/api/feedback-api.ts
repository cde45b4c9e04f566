/** The feedback calls for the web UI: the shared client's, with failures turned into `ApiFailure`. */
import type { feedbackClient } from '../../client/feedback-client.ts';

type Calls = ReturnType<typeof feedbackClient>;
type Guard = <T>(p: () => Promise<T>) => Promise<T>;

/** Wraps each feedback call in `guard`. */
export function feedbackApi(c: Calls, guard: Guard): Calls {
  return {
    give: (id, req) => guard(() => c.give(id, req)),
    markAllSeen: (id, req) => guard(() => c.markAllSeen(id, req)),
    forSearch: (id) => guard(() => c.forSearch(id)),
    onMyData: (q) => guard(() => c.onMyData(q)),
  };
}
