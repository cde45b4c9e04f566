/**
 * A whole node in one call: `createNodeContext` (config → storage → services) then `createNodeServer`
 * (routes). Processes that serve HTTP use this; data-only CLI verbs use the context alone.
 */
import type { FastifyInstance } from 'fastify';
import type { OpenedStore } from '../storage/open-store.ts';
import { nodeStorageOn, type NodeStorage } from '../storage/open-node-storage.ts';
import type { IntelStore } from '../storage/port.ts';
import type { NodeMetaStore } from '../storage/node-meta/port.ts';
import type { NodeConfig } from './config.ts';
import type { NodeContext } from './context.ts';
import { createNodeContext } from './create-node-context.ts';
import type { NodeBlind } from './blind/node-blind.ts';
import type { KeyService } from './keys/key-service.ts';
import { createNodeServer } from './node-server.ts';
import { startNatsFromConfig } from './nats/start-nats.ts';
import type { NatsServing } from './nats/serve-nats.ts';

export interface RenkeiNode {
  app: FastifyInstance;
  ctx: NodeContext;
  /** Base URL once listening (throws before). */
  url(): string;
  /** Starts serving (HTTP, and NATS when `config.natsUrl` is set); returns the HTTP base URL. */
  listen(): Promise<string>;
  /** The NATS serving once `listen()` dialled out (null without `config.natsUrl`). */
  nats(): NatsServing | null;
  close(): Promise<void>;
  store: IntelStore;
  meta: NodeMetaStore;
  keys: KeyService;
  blind: NodeBlind;
  /** Writes buffered search audit entries now (they are otherwise written every 250 ms). */
  flushAudit(): Promise<void>;
}

/**
 * Builds a node. `storage` (or `opened`, a test store) lets tests and the demo pass stores they opened
 * themselves (then `close()` leaves them open); otherwise `config.db` is opened here and closed on `close()`.
 */
export async function createNode(config: NodeConfig, overrides: { storage?: NodeStorage; opened?: OpenedStore } = {}): Promise<RenkeiNode> {
  const storage = overrides.storage ?? (overrides.opened ? await nodeStorageOn(overrides.opened) : undefined);
  const ctx = await createNodeContext(config, storage ? { storage } : {});
  let nats: NatsServing | null = null;
  try {
    const server = await createNodeServer(ctx);
    return {
      app: server.app,
      ctx,
      store: ctx.store,
      meta: ctx.meta,
      keys: ctx.keys,
      blind: ctx.blind,
      url: server.url,
      async listen() {
        const url = await server.listen();
        nats = await startNatsFromConfig(ctx);
        return url;
      },
      nats: () => nats,
      flushAudit: ctx.flushAudit,
      async close() {
        await nats?.close();
        await server.close();
        await ctx.close();
      },
    };
  } catch (e) {
    await ctx.close();
    throw e;
  }
}
