/**
 * Change signals between the parts of a hub and, with NATS, between hub processes: "room 7 changed" is
 * published once and every live stream watching it, on whichever hub the browser is connected to, pulls
 * the new events through the store's read rule. Signals carry no content, so the bus never needs its own
 * access rule.
 */
import { EventEmitter } from 'node:events';

export interface HubBus {
  /** Tells every subscriber of `topic`, in this process and (with NATS) on the other hubs. */
  publish(topic: string): void;
  /** Calls `fn` on each signal of `topic`; returns the unsubscribe function. */
  subscribe(topic: string, fn: () => void): () => void;
  /** Resolves once signals from other hubs are received (the hub waits for it before it listens). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Topics are dot-free tokens (`room-7`), so that they map one to one onto a NATS subject token. */
export const TOPIC = /^[A-Za-z0-9_-]{1,100}$/;

/** The bus of a single hub process. */
export function localBus(): HubBus & { emit(topic: string): void } {
  const ee = new EventEmitter();
  ee.setMaxListeners(0);
  const check = (topic: string): void => {
    if (!TOPIC.test(topic)) throw new Error(`invalid bus topic: ${topic.slice(0, 100)}`);
  };
  return {
    publish(topic) {
      check(topic);
      ee.emit(topic);
    },
    emit(topic) {
      ee.emit(topic);
    },
    subscribe(topic, fn) {
      check(topic);
      ee.on(topic, fn);
      return () => void ee.off(topic, fn);
    },
    async ready() {},
    async close() {
      ee.removeAllListeners();
    },
  };
}
