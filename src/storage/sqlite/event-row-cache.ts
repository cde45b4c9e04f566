/**
 * Event rows kept between lookups on one SQLite connection: a busy search client hits the same few
 * events again and again, and their rows (tags JSON included) cost more than the index probes. The
 * owner empties it on every write of its connection and whenever `data_version` says another
 * connection committed, so a changed distribution, TLP or owner is never read stale.
 */
import type { StoredEvent } from '../port.ts';

/** Bounded: a full cache starts over rather than growing with the store. */
const MAX_EVENTS = 20_000;

export class EventRowCache {
  private readonly rows = new Map<number, StoredEvent>();

  /** A cached event (frozen: shared by every lookup until the next write). */
  get(id: number): StoredEvent | undefined {
    return this.rows.get(id);
  }

  set(e: StoredEvent): void {
    if (this.rows.size >= MAX_EVENTS) this.rows.clear();
    for (const t of e.tags) Object.freeze(t);
    Object.freeze(e.tags);
    this.rows.set(e.id, Object.freeze(e));
  }

  clear(): void {
    this.rows.clear();
  }
}
