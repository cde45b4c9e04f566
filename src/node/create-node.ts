/**
 * The node's composition root: config → store + node bookkeeping → context → Fastify app with the
 * MISP-compatible API, the federation endpoint and (when present) TAXII 2.1.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { RenkeiError } from '../core/errors.ts';
import { openStore, type OpenedStore } from '../storage/open-store.ts';
import type { IntelStore } from '../storage/port.ts';
import type { NodeMetaStore } from '../storage/node-meta/port.ts';
import { createSqliteNodeMeta } from '../storage/node-meta/sqlite.ts';
import { createPostgresNodeMeta } from '../storage/node-meta/postgres.ts';
import { createAuthenticator, presentedKey } from './auth.ts';
import { blindStoreFor } from '../storage/blind/open-blind-store.ts';
import { createNodeBlind, type NodeBlind } from './blind/node-blind.ts';
import type { NodeConfig } from './config.ts';
import type { NodeContext } from './context.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { maybePrincipal } from './http/guard.ts';
import { AuditBuffer } from './audit-buffer.ts';
import { installJsonParser } from './http/json-body.ts';
import { hashApiKey } from './keys/api-key.ts';
import { createKeyService, type KeyService } from './keys/key-service.ts';
import { TagIds } from './misp/tag-ids.ts';
import { loadWarninglistCheck } from './misp/load-warninglists.ts';
import { registerRoutes } from './routes/register-routes.ts';

export interface RenkeiNode {
  app: FastifyInstance;
  /** Base URL once listening (throws before). */
  url(): string;
  listen(): Promise<string>;
  close(): Promise<void>;
  store: IntelStore;
  meta: NodeMetaStore;
  keys: KeyService;
  blind: NodeBlind;
  /** Writes buffered search audit entries now (they are otherwise written every 250 ms). */
  flushAudit(): Promise<void>;
}

/** Node bookkeeping on the same connection as the intel store. */
export function nodeMetaFor(opened: OpenedStore): NodeMetaStore {
  return opened.kind === 'sqlite' ? createSqliteNodeMeta(opened.db) : createPostgresNodeMeta(opened.pool, opened.schema);
}

/**
 * Builds a node. `opened` lets tests and the demo pass a store they opened themselves (then `close()`
 * leaves it open); otherwise `config.db` is opened here and closed on `close()`.
 */
export async function createNode(config: NodeConfig, overrides: { opened?: OpenedStore } = {}): Promise<RenkeiNode> {
  const opened = overrides.opened ?? (await openStore(config.db));
  const ownsStore = !overrides.opened;
  try {
    const meta = nodeMetaFor(opened);
    await meta.migrate();
    const blindStore = blindStoreFor(opened);
    await blindStore.migrate();
    const store = opened.store;
    const https = config.tlsCert && config.tlsKey ? { cert: readTls(config.tlsCert), key: readTls(config.tlsKey) } : null;
    const app = Fastify({
      bodyLimit: config.bodyLimit,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
      ...(https ? { https } : {}),
      forceCloseConnections: true,
      return503OnClosing: true,
    }) as unknown as FastifyInstance;
    const authenticate = createAuthenticator(store, meta);
    const auditBuffer = new AuditBuffer(meta, (err) => app.log.error({ err }, 'audit log write failed'));
    const keys = createKeyService(store, meta);
    let warninglists: NodeContext['warninglists'] | null = null;
    const blind = createNodeBlind(blindStore, { store, meta, config, warninglists: () => warninglists! });
    const ctx: NodeContext = {
      config,
      store,
      meta,
      keys,
      blind,
      authenticate,
      tagIds: new TagIds(),
      warninglists: config.warninglistsDir ? await loadWarninglistCheck(config.warninglistsDir, (file, reason) => app.log.warn({ file, reason }, 'warninglist skipped')) : (await import('./misp/warninglist-check.ts')).NO_WARNINGLISTS,
      async audit(req, action, detail) {
        const p = maybePrincipal(req);
        const entry = { at: Math.floor(Date.now() / 1000), keyId: p?.keyId ?? null, orgName: p?.orgName ?? '', action, detail };
        await auditBuffer.add(entry, !action.endsWith('restSearch') && action !== 'federation.search');
      },
    };
    warninglists = ctx.warninglists;
    installJsonParser(app);
    installErrorHandling(app);
    await app.register(rateLimit, {
      max: config.rateLimitMax,
      timeWindow: config.rateLimitWindowMs,
      keyGenerator: (req) => {
        const k = presentedKey(req);
        return k ? `k:${hashApiKey(k.key)}` : `ip:${req.ip}`;
      },
      errorResponseBuilder: (_req, c) => new RenkeiError('rate_limited', `rate limit exceeded: ${c.max} requests per ${c.after}; retry later`),
    });
    await registerRoutes(app, ctx, opened);
    let baseUrl: string | null = null;
    return {
      app,
      store,
      meta,
      keys,
      blind,
      url() {
        if (!baseUrl) throw new Error('node is not listening');
        return baseUrl;
      },
      async listen() {
        await app.listen({ host: config.host, port: config.port });
        const addr = app.server.address();
        const port = typeof addr === 'object' && addr ? addr.port : config.port;
        const host = config.host.includes(':') ? `[${config.host}]` : config.host;
        baseUrl = `${https ? 'https' : 'http'}://${host}:${port}`;
        return baseUrl;
      },
      flushAudit: () => auditBuffer.flush(),
      async close() {
        await app.close();
        await auditBuffer.close();
        if (ownsStore) await opened.close();
      },
    };
  } catch (e) {
    if (ownsStore) await opened.close();
    throw e;
  }
}

function readTls(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot read TLS file ${file}: ${(e as Error).message}`);
  }
}
