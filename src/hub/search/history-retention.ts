/**
 * Search-history retention: results older than `RENKEI_HUB_HISTORY_DAYS` are purged (other members' hit
 * context does not stay at the hub for ever); the history entry keeps its status and counts. The hub-kept
 * hit log of MISP-type members (searched values with the searcher's name) is kept for the same period.
 */
import type { OwnerHitStore, SearchHistoryStore } from '../../storage/hub/port.ts';

export interface HistoryRetention {
  /** Purges now; resolves with how many results were dropped (hit-log rows go too). */
  purge(): Promise<number>;
  /** Purges now and then every `everyMs` until `stop()`. */
  start(everyMs?: number): Promise<void>;
  stop(): void;
}

/** Builds the retention task for one hub. */
export function historyRetention(store: SearchHistoryStore & OwnerHitStore, days: number, now: () => number, onError: (e: unknown) => void = () => undefined): HistoryRetention {
  let timer: NodeJS.Timeout | null = null;
  const r: HistoryRetention = {
    async purge() {
      const before = now() - days * 86_400_000;
      await store.purgeOwnerHits(before);
      return store.purgeSearchResults(before);
    },
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
