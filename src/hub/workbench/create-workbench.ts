/** Wires the history workbench on a hub context: the service (for the routes) and the watch scheduler. */
import type { HubContext } from '../context.ts';
import { readOwnSearch } from '../search/own-search.ts';
import { createWatchScheduler, type WatchScheduler } from './watch-scheduler.ts';
import { createWorkbenchService, type WorkbenchService } from './workbench-service.ts';

/** The service and the scheduler of one hub process. */
export function createWorkbench(ctx: HubContext, onError: (e: unknown) => void): { service: WorkbenchService; scheduler: WatchScheduler } {
  const service = createWorkbenchService({
    store: ctx.storage.workbench,
    hub: ctx.store,
    readSearch: (orgId, id) => readOwnSearch(ctx, orgId, id),
    runSearch: (who, values) => ctx.search.run(who, { values }, () => undefined),
    notifications: ctx.notifications,
    now: ctx.now,
  });
  const scheduler = createWatchScheduler({ store: ctx.storage.workbench, run: (w) => service.runWatch(w), now: ctx.now, tickMs: ctx.config.watches.tickMs, onError });
  return { service, scheduler };
}
