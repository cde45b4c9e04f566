/**
 * The hub bus over NATS core subjects `renkei.v1.hub.bus.<topic>`: a signal is delivered in this process at
 * once and to the other hub processes through NATS (each message names its origin, so a hub ignores its
 * own echo). A lost signal costs only latency: live streams also poll the store.
 */
import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { localBus, TOPIC, type HubBus } from './hub-bus.ts';

export const BUS_SUBJECT_PREFIX = 'renkei.v1.hub.bus';

/** A bus over `connect()`'s connection; `onError` hears connection failures (signals then stay local). */
export function natsBus(connect: () => Promise<NatsConnection>, onError: (e: unknown) => void = () => undefined): HubBus {
  const local = localBus();
  const origin = randomUUID();
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  let sub: Subscription | null = null;
  let closed = false;
  const connected: Promise<NatsConnection | null> = connect().then(
    (nc) => {
      if (closed) return null;
      sub = nc.subscribe(`${BUS_SUBJECT_PREFIX}.*`, {
        callback: (err, msg) => {
          if (err) return onError(err);
          if (dec.decode(msg.data) === origin) return;
          const topic = msg.subject.slice(BUS_SUBJECT_PREFIX.length + 1);
          if (TOPIC.test(topic)) local.emit(topic);
        },
      });
      return nc;
    },
    (e: unknown) => {
      onError(e);
      return null;
    },
  );
  return {
    publish(topic) {
      local.publish(topic);
      void connected.then((nc) => {
        if (nc && !closed) nc.publish(`${BUS_SUBJECT_PREFIX}.${topic}`, enc.encode(origin));
      });
    },
    subscribe: (topic, fn) => local.subscribe(topic, fn),
    async ready() {
      // The subscription is registered with the server once a flush round trip returns.
      await (await connected)?.flush();
    },
    async close() {
      closed = true;
      const nc = await connected;
      sub?.unsubscribe();
      if (nc) await nc.flush().catch(() => undefined);
      await local.close();
    },
  };
}
