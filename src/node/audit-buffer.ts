import type { AuditEntryInput, NodeMetaStore } from '../storage/node-meta/port.ts';

/**
 * Search audit entries are written in batches (every `intervalMs` or `maxEntries`), so a busy search
 * client does not pay a database commit per request; writes are flushed before their response.
 */
export class AuditBuffer {
  private pending: AuditEntryInput[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly meta: NodeMetaStore,
    private readonly onError: (err: unknown) => void,
    private readonly opts: { intervalMs?: number; maxEntries?: number } = {},
  ) {
    this.timer = setInterval(() => void this.flush(), opts.intervalMs ?? 250);
    this.timer.unref();
  }

  /** Queues an entry; `durable` waits until it (and everything before it) is stored. */
  async add(e: AuditEntryInput, durable = false): Promise<void> {
    this.pending.push(e);
    if (durable || this.pending.length >= (this.opts.maxEntries ?? 500)) await this.flush();
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.meta.appendAuditBatch(batch);
      } catch (err) {
        this.onError(err);
      }
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
