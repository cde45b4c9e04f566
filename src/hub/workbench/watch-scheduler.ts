/**
 * Runs due watches in the hub process's background. Its state is the store's: a watch's next run time is
 * claimed with a lease (a run cut off by a stop or a crash is retried once the lease ends) and set one
 * interval after the run, so a watch that fell due while the hub was down runs once on start.
 */
import { nextRunAfter, WATCH_LEASE_MS } from '../../core/workbench/watch-schedule.ts';
import type { RunOutcome, StoredWatch, WorkbenchStore } from '../../storage/workbench/port.ts';

export interface WatchScheduler {
  /** Claims and runs the watches due now, one after another; resolves with how many ran. */
  tick(): Promise<number>;
  /** Ticks now (in the background) and then every `tickMs` (0: only this first tick). */
  start(): void;
  /** Stops claiming and waits for the run in progress. */
  stop(): Promise<void>;
}

/** Watches claimed per tick (a tick goes on until none is due). */
const CLAIM = 5;

/** Builds the scheduler. */
export function createWatchScheduler(deps: { store: WorkbenchStore; run: (w: StoredWatch, startedAt: number) => Promise<RunOutcome>; now: () => number; tickMs: number; onError?: (e: unknown) => void }): WatchScheduler {
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let current: Promise<number> | null = null;
  const onError = deps.onError ?? (() => undefined);

  const runDue = async (): Promise<number> => {
    let ran = 0;
    while (!stopping) {
      const due = await deps.store.claimDue(deps.now(), deps.now() + WATCH_LEASE_MS, CLAIM);
      if (due.length === 0) break;
      for (const w of due) {
        if (stopping) break; // left claimed: the lease brings it back after the restart
        const startedAt = deps.now();
        const outcome = await deps.run(w, startedAt).catch((e: unknown): RunOutcome => (onError(e), { error: 'internal' }));
        // A search refused because the hub is stopping is not a run: the lease brings it back.
        if (stopping && 'error' in outcome) break;
        await deps.store.finishRun(w.id, startedAt, nextRunAfter(startedAt, w.intervalHours), outcome);
        ran++;
      }
    }
    return ran;
  };
  const tick = (): Promise<number> => {
    // One tick at a time: a tick that finds one in progress waits for it instead of claiming alongside.
    if (!current) current = runDue().finally(() => (current = null));
    return current;
  };
  return {
    tick,
    start() {
      void tick().catch(onError);
      if (deps.tickMs > 0) {
        timer = setInterval(() => void tick().catch(onError), deps.tickMs);
        timer.unref();
      }
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      await current?.catch(() => undefined);
    },
  };
}
