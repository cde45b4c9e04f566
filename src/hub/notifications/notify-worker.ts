/**
 * The hub's background notification work (observation fan-out, digests, the delivery outbox), one pass at
 * a time: timer ticks and wake-ups after a write share a single pass, so no delivery is sent by two passes
 * of one process, and a wake-up during a pass runs one more pass after it. Each pass is bounded by its
 * steps; a pass that reports more work left is followed by another at once.
 */

export interface NotifyWorker {
  /** Runs a pass soon (after the current one, if one is running). */
  wake(): void;
  /** Stops the timer and waits for a running pass to end. */
  stop(): Promise<void>;
}

/** Starts the timer; `pass` resolves true when it stopped at its limits with work left. */
export function startNotifyWorker(opts: { tickMs: number; pass: () => Promise<boolean>; onError: (e: unknown) => void }): NotifyWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = opts.pass().then(
      (more) => {
        again ||= more;
      },
      (e: unknown) => opts.onError(e),
    ).finally(() => {
      running = null;
      if (again) setImmediate(run);
    });
  };
  const timer = setInterval(run, opts.tickMs);
  timer.unref();
  // Work left over from before a stop goes out at start, not a tick later.
  setImmediate(run);
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
