/**
 * Search-history retention: results older than `RENKEI_HUB_HISTORY_DAYS` are purged (other members' hit
 * context does not stay at the hub for ever); the history entry keeps its status and counts.
 */
import type { HubStore } from '../../storage/hub/port.ts';

export interface HistoryRetention {
  /** Purges now; resolves with how many results were dropped. */
  purge(): Promise<number>;
  /** Purges now and then every `everyMs` until `stop()`. */
  start(everyMs?: number): Promise<void>;
  stop(): void;
}

/** Builds the retention task for one hub. */
export function historyRetention(store: HubStore, days: number, now: () => number, onError: (e: unknown) => void = () => undefined): HistoryRetention {
  let timer: NodeJS.Timeout | null = null;
  const r: HistoryRetention = {
    purge: () => store.purgeSearchResults(now() - days * 86_400_000),
    async start(everyMs = 3_600_000) {
      await r.purge();
      timer = setInterval(() => void r.purge().catch(onError), everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return r;
}
