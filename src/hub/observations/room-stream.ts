/**
 * A room's live stream as Server-Sent Events. Each event is loaded through the store's read rule for this
 * reader (so an anonymous line stays anonymous on the stream too); `Last-Event-ID` (header or
 * `lastEventId` query) resumes after the last event the browser got, so a reconnect misses nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import type { ObservationsStore, StoreReader } from '../../storage/observations/port.ts';
import type { ObservationsService } from './observations-service.ts';

const BATCH = 200;
const HEARTBEAT_MS = 15_000;

function lastEventId(req: FastifyRequest): number {
  const raw = req.headers['last-event-id'] ?? (req.query as Record<string, string> | undefined)?.lastEventId;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new RenkeiError('validation_failed', 'Last-Event-ID must be a non-negative integer');
  return n;
}

/** Streams room `roomId` to `reader` until the client hangs up or the room is no longer visible. */
export async function streamRoom(reader: StoreReader, roomId: number, req: FastifyRequest, reply: FastifyReply, store: ObservationsStore, svc: ObservationsService, pollMs: number): Promise<void> {
  let last = lastEventId(req);
  const first = await store.roomEvents(reader, roomId, last, BATCH);
  if (first === null) throw new RenkeiError('not_found', 'no room');
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
  res.write('retry: 2000\n\n');
  let closed = false;
  let busy: Promise<void> = Promise.resolve();
  const send = (events: NonNullable<typeof first>): void => {
    for (const e of events) {
      res.write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`);
      last = e.id;
    }
  };
  const end = (): void => {
    if (closed) return;
    closed = true;
    unwatch();
    unshutdown();
    clearInterval(poll);
    clearInterval(beat);
    res.end();
  };
  const pull = (): void => {
    busy = busy.then(async () => {
      if (closed) return;
      for (;;) {
        const evs = await store.roomEvents(reader, roomId, last, BATCH);
        // The room's audience may have changed under the stream: stop, the reader no longer may see it.
        if (evs === null) return end();
        send(evs);
        if (evs.length < BATCH) return;
      }
    }).catch(() => end());
  };
  send(first);
  const unwatch = svc.watchRoom(roomId, pull);
  const unshutdown = svc.onShutdown(end);
  // Besides bus signals, a re-read now and then catches a signal lost between hubs.
  const poll = setInterval(pull, pollMs);
  const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  poll.unref();
  beat.unref();
  res.on('close', end);
  if (first.length === BATCH) pull();
}
