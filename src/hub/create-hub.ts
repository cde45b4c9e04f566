/**
 * The hub's composition root: typed config → store → services → HTTP app. `createHub` is used by
 * `renkei hub`, `renkei demo` and the test network; nothing else wires hub services.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { IpInfoService } from '../agent/geo/ip-info.ts';
import { openHubStore } from '../storage/hub/open-hub-store.ts';
import type { HubStore } from '../storage/hub/port.ts';
import { createAuthService, type HubPrincipal } from './auth/auth-service.ts';
import { secretBox } from './auth/crypto.ts';
import { RenkeiError } from '../core/errors.ts';
import { HubConfig, type HubConfigInput } from './config.ts';
import type { HubContext } from './context.ts';
import { createEnricher, type Enricher } from './enrich/enricher.ts';
import { installErrorHandler } from './http/errors.ts';
import { resolvePrincipal } from './http/guard.ts';
import { hitsRoutes } from './http/hits-routes.ts';
import { memberRoutes } from './http/member-routes.ts';
import { searchRoutes } from './http/search-routes.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { userRoutes } from './http/user-routes.ts';
import { webUi } from './http/web-ui.ts';
import { createMemberService } from './members/member-service.ts';
import { createSearchService } from './search/search-service.ts';
import { createSourceRegistry } from './sources/source-registry.ts';
import { mountStats } from './mount-stats.ts';

export interface Hub {
  app: FastifyInstance;
  ctx: HubContext;
  /** Listens on config host/port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Base URL once listening. */
  readonly url: string;
  close(): Promise<void>;
}

export interface HubOverrides {
  /** Use this store instead of opening `config.db` (the hub then closes it on close()). */
  store?: HubStore;
  /** IP data for enrichment; null disables ASN/country (hosting ranges still apply). */
  ipInfo?: IpInfoService | null;
  enricher?: Enricher | null;
}

/** Builds a hub (not yet listening). */
export async function createHub(input: HubConfigInput | HubConfig = {}, overrides: HubOverrides = {}): Promise<Hub> {
  const config = HubConfig.parse(input);
  const store = overrides.store ?? (await openHubStore(config.db, config.pgSchema ? { schema: config.pgSchema } : {}));
  let secret = config.secret ?? (await store.getSetting('source-secret'));
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    await store.setSetting('source-secret', secret);
  }
  const box = secretBox(secret);
  const now = (): number => Date.now();
  const registry = createSourceRegistry(box, { perSourceConcurrency: config.search.perSourceConcurrency, renkeiBatchSize: config.search.renkeiBatchSize });
  const enricher =
    overrides.enricher !== undefined
      ? overrides.enricher
      : config.enrichment.enabled
        ? await createEnricher({ rangeDirs: config.enrichment.rangeDirs, ...(overrides.ipInfo !== undefined ? { ipInfo: overrides.ipInfo } : {}) })
        : null;
  const auth = createAuthService(store, config.auth, now);
  const ctx: HubContext = {
    config,
    store,
    auth,
    registry,
    enricher,
    now,
    members: createMemberService({ store, registry, box, checkTimeoutMs: config.search.checkTimeoutMs, now }),
    search: createSearchService({ store, registry, enricher, config: config.search, now }),
  };

  const app = Fastify({ logger: config.logger, bodyLimit: 48 * 1024 * 1024, forceCloseConnections: true });
  installErrorHandler(app);
  await app.register(fastifyCookie);
  // Per-route limits only (the sign-in route sets its own); API keys are limited at the nodes.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new RenkeiError('rate_limited', `too many requests from this address: ${c.max} per ${c.after}; retry later`),
  });
  app.get('/healthz', async () => ({ ok: true }));
  searchRoutes(app, ctx);
  hitsRoutes(app, ctx);
  memberRoutes(app, ctx);
  userRoutes(app, ctx);
  sessionRoutes(app, ctx);
  const stats = await mountStats(app, async (req: FastifyRequest): Promise<HubPrincipal | null> => {
    try {
      return await resolvePrincipal(auth, req);
    } catch {
      return null;
    }
  }, config, enricher ? (asn) => enricher.asName(asn) : undefined);
  const webDir = config.webDir && !path.isAbsolute(config.webDir) ? path.resolve(repoRoot(), config.webDir) : config.webDir;
  await webUi(app, webDir);

  let url = '';
  return {
    app,
    ctx,
    get url() {
      return url;
    },
    async listen() {
      const addr = await app.listen({ host: config.host, port: config.port });
      const u = new URL(addr);
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${u.port}`;
      return url;
    },
    async close() {
      await app.close();
      await ctx.search.drain();
      await stats.close();
      await store.close();
    },
  };
}

function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '../..');
  return existsSync(path.join(root, 'package.json')) ? root : process.cwd();
}
