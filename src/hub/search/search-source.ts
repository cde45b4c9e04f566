/**
 * Searches one source for a whole value list: batches (the connector's size), concurrency limited per
 * source, retries with exponential backoff on transient failures, and one deadline for the lot.
 */
import type { HitContext } from '../../contracts/federation.ts';
import type { MemberReason } from '../../contracts/hub-api.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import { SourceCallError, type SearchValue, type SourceConnector } from '../sources/connector.ts';
import { Limiter } from './limiter.ts';

export interface SourceOutcome {
  status: 'ok' | 'truncated' | 'timeout' | 'error';
  error: string | null;
  reason: MemberReason | null;
  latencyMs: number;
  /** Keyed by index into the full value list. */
  hits: Map<number, HitContext[]>;
}

export interface SourceSearchOptions {
  deadlineMs: number;
  retries: number;
  backoffMs: number;
  /** Shared per source across searches, so many users cannot overload one member's server. */
  limiter: Limiter;
  /** Hits kept per value; more are cut and the source reports `truncated`. */
  maxHitsPerValue?: number;
  /** Aborted when the hub stops waiting (shutdown drain ran out); the source then reports `stopped`. */
  stop?: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** The one failure a member's deadline produces. */
const timedOut = (): SourceCallError => new SourceCallError('timeout: no answer before the deadline', { transient: false, timeout: true });

/**
 * Rejects with a timeout once `signal` aborts: the deadline ends a member's call even when the call itself
 * does not stop (a call that never settles would otherwise keep the search `running` for good).
 */
const deadline = (signal: AbortSignal): { promise: Promise<never>; done: () => void } => {
  let done = (): void => undefined;
  const promise = new Promise<never>((_, reject) => {
    const fail = (): void => reject(timedOut());
    if (signal.aborted) return fail();
    signal.addEventListener('abort', fail, { once: true });
    done = () => signal.removeEventListener('abort', fail);
  });
  promise.catch(() => undefined);
  return { promise, done };
};

/** Runs the whole value list against one source; never throws. */
export async function searchSource(
  connector: SourceConnector,
  values: SearchValue[],
  base: { searchId: string; searcher: { name: string; uuid?: string }; kinds: MatchKind[] },
  opts: SourceSearchOptions,
): Promise<SourceOutcome> {
  const t0 = performance.now();
  const signal = opts.stop ? AbortSignal.any([AbortSignal.timeout(opts.deadlineMs), opts.stop]) : AbortSignal.timeout(opts.deadlineMs);
  const hits = new Map<number, HitContext[]>();
  const size = Math.max(1, connector.batchSize);
  const batches: [number, number][] = [];
  for (let i = 0; i < values.length; i += size) batches.push([i, Math.min(size, values.length - i)]);
  let failure: SourceCallError | null = null;
  const maxHits = opts.maxHitsPerValue ?? Infinity;
  let cutValues = 0;
  let cutHits = 0;
  let oversized = 0;

  const runBatch = async ([start, count]: [number, number]): Promise<void> => {
    const slice = values.slice(start, start + count);
    for (let attempt = 0; ; attempt++) {
      if (failure && !failure.transient) return;
      try {
        // Inside the slot the deadline frees the slot (a hung call must not hold it for later searches);
        // outside it bounds the wait for a slot.
        const untilDeadline = <T>(p: Promise<T>): Promise<T> => {
          const end = deadline(signal);
          return Promise.race([p, end.promise]).finally(end.done);
        };
        const got = await untilDeadline(
          opts.limiter.run(() => {
            if (signal.aborted) throw timedOut();
            return untilDeadline(connector.search({ ...base, values: slice }, signal));
          }),
        );
        for (const [i, h] of got) {
          if (h.length > maxHits) {
            cutValues++;
            cutHits += h.length - maxHits;
          }
          hits.set(start + i, h.length > maxHits ? h.slice(0, maxHits) : h);
        }
        return;
      } catch (e) {
        const err = e instanceof SourceCallError ? e : new SourceCallError(`error: ${(e as Error).message}`, { transient: false, reason: 'internal' });
        if (err.tooLarge) {
          // Over the byte bound: halve the batch and ask again; a single value's oversized answer is dropped.
          if (count === 1) return void oversized++;
          const half = Math.ceil(count / 2);
          await Promise.all([runBatch([start, half]), runBatch([start + half, count - half])]);
          return;
        }
        if (err.timeout || !err.transient || attempt >= opts.retries) {
          // Say how often it was tried, so the status line shows a retried failure from a permanent one.
          failure = err.timeout
            ? timedOut()
            : attempt > 0
              ? new SourceCallError(`${err.message} (after ${attempt + 1} attempts)`, { transient: false, reason: err.reason })
              : err;
          return;
        }
        await sleep(opts.backoffMs * 2 ** attempt, signal);
        if (signal.aborted) {
          // Report what went wrong, not merely that retrying ran out of time.
          failure = new SourceCallError(`${err.message} (retries stopped at the deadline)`, { transient: false, reason: err.reason });
          return;
        }
      }
    }
  };
  await Promise.all(batches.map(runBatch));
  const latencyMs = Math.round(performance.now() - t0);
  const f = failure as SourceCallError | null;
  if (f && opts.stop?.aborted) return { status: 'error', error: 'stopped: the hub shut down before this source answered', reason: 'stopped', latencyMs, hits };
  const cut = [
    ...(cutValues > 0 ? [`${cutHits} hits beyond ${maxHits} per value left out for ${cutValues} values`] : []),
    ...(oversized > 0 ? [`${oversized} values left out: their answer alone is over the size bound`] : []),
  ];
  if (!f && cut.length > 0) return { status: 'truncated', error: `answer truncated: ${cut.join('; ')}`, reason: 'truncated', latencyMs, hits };
  if (!f) return { status: 'ok', error: null, reason: null, latencyMs, hits };
  return { status: f.timeout ? 'timeout' : 'error', error: f.message, reason: f.reason, latencyMs, hits };
}
