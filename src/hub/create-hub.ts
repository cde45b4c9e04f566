/**
 * The hub's composition root: typed config → store → services → HTTP app. `createHub` is used by
 * `renkei hub`, `renkei demo` and the test network; nothing else wires hub services.
 */
import { adminRoutes } from './admin/admin-routes.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { HubPrincipal } from './auth/auth-service.ts';
import { RenkeiError } from '../core/errors.ts';
import { HubConfig, type HubConfigInput } from './config.ts';
import type { HubContext } from './context.ts';
import { createHubContext, type HubOverrides } from './create-hub-context.ts';
import { installErrorHandler } from './http/errors.ts';
import { securityHeaders } from './http/security-headers.ts';
import { resolvePrincipal } from './http/guard.ts';
import { hitsRoutes } from './hits/hits-routes.ts';
import { memberRoutes } from './http/member-routes.ts';
import { searchRoutes } from './http/search-routes.ts';
import { searchExportRoutes } from './search-export/routes.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { userRoutes } from './http/user-routes.ts';
import { webUi } from './http/web-ui.ts';
import { mountStats } from './mount-stats.ts';
import { observationsRoutes } from './observations/observations-routes.ts';
import { casesRoutes } from './cases/cases-routes.ts';
import { feedbackRoutes } from './feedback/feedback-routes.ts';
import { startHubStatsConsumer } from './stats-jetstream/start-hub-stats-consumer.ts';
import type { StatsConsumer } from './stats-jetstream/stats-consumer.ts';
import { hubKeyRoute } from './blind/hub-key-route.ts';
import { blindRoutes } from './blind/blind-routes.ts';
import { createHubBlindSearch } from './blind/blind-search-service.ts';
import { addressSpaceRoutes } from './address-space/address-space-routes.ts';
import { notificationRoutes } from './notifications/notification-routes.ts';
import { startNotifyWorker } from './notifications/notify-worker.ts';
import { ispDeskRoutes } from './isp-desk/isp-desk-routes.ts';
import { reportRoutes } from './reports/reports-routes.ts';
import { createWorkbench } from './workbench/create-workbench.ts';
import { workbenchRoutes } from './workbench/workbench-routes.ts';

export interface Hub {
  app: FastifyInstance;
  ctx: HubContext;
  /** Listens on config host/port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Base URL once listening. */
  readonly url: string;
  close(): Promise<void>;
}

export type { HubOverrides } from './create-hub-context.ts';

/** Builds a hub (not yet listening): context, then server. */
export async function createHub(input: HubConfigInput | HubConfig = {}, overrides: HubOverrides = {}): Promise<Hub> {
  const ctx = await createHubContext(HubConfig.parse(input), overrides);
  try {
    return await createHubServer(ctx);
  } catch (e) {
    await ctx.close();
    throw e;
  }
}

/** Mounts the hub's HTTP routes on a context; `close()` drains, then closes the context. */
export async function createHubServer(ctx: HubContext): Promise<Hub> {
  const { config, store, signer, auth, box, now } = ctx;

  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) throw new RenkeiError('config_invalid', 'hub TLS needs both a certificate (RENKEI_HUB_TLS_CERT) and a key (RENKEI_HUB_TLS_KEY)');
  const https = config.tlsCert && config.tlsKey ? { cert: readPem(config.tlsCert), key: readPem(config.tlsKey) } : null;
  // Fastify takes a hop count for trustProxy too (its types only list the other forms).
  const trustProxy = config.trustProxy as unknown as boolean;
  const app = Fastify({ logger: config.logger, bodyLimit: 48 * 1024 * 1024, forceCloseConnections: true, trustProxy, ...(https ? { https } : {}) }) as unknown as FastifyInstance;
  installErrorHandler(app);
  securityHeaders(app, { tls: https !== null });
  await app.register(fastifyCookie);
  // Per-route limits only (the sign-in route sets its own); API keys are limited at the nodes.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new RenkeiError('rate_limited', `too many requests from this address: ${c.max} per ${c.after}; retry later`),
  });
  // Draining: once close() starts, new requests get 503 while in-flight ones (search streams) finish.
  let closing = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;
  app.addHook('onRequest', async (_req, reply) => {
    if (closing) {
      void reply.header('connection', 'close');
      throw new RenkeiError('unavailable', 'the hub is shutting down; retry in a moment');
    }
    inFlight++;
    // A client hanging up mid-stream counts as finished too.
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      if (--inFlight === 0) idle?.();
    };
    reply.raw.once('finish', done);
    reply.raw.once('close', done);
  });
  app.get('/healthz', async () => ({ ok: true }));
  searchRoutes(app, ctx);
  searchExportRoutes(app, ctx);
  hitsRoutes(app, ctx);
  feedbackRoutes(app, ctx);
  const workbench = createWorkbench(ctx, (e) => app.log.error(e));
  workbenchRoutes(app, ctx, workbench.service);
  hubKeyRoute(app, signer);
  blindRoutes(app, auth, createHubBlindSearch({ store, box, signer, now, timeoutMs: config.search.deadlineMs, instance: config.instance }));
  memberRoutes(app, ctx);
  userRoutes(app, ctx);
  adminRoutes(app, ctx);
  sessionRoutes(app, ctx);
  observationsRoutes(app, ctx);
  casesRoutes(app, auth, ctx.cases, ctx.reports.pdf);
  addressSpaceRoutes(app, ctx);
  notificationRoutes(app, ctx);
  ispDeskRoutes(app, ctx);
  reportRoutes(app, { auth, reports: ctx.reports.service, alert: ctx.reports.alert, pdf: ctx.reports.pdf, publicMaxAgeSeconds: config.reports.publicMaxAgeSeconds });
  await mountStats(app, ctx.storage.stats, async (req: FastifyRequest): Promise<HubPrincipal | null> => {
    try {
      return await resolvePrincipal(auth, req);
    } catch {
      return null;
    }
  }, config, (e) => ctx.store.audit({ at: ctx.now(), ...e }), ctx.enricher ? (asn) => ctx.enricher!.asName(asn) : undefined);
  const webDir = config.webDir && !path.isAbsolute(config.webDir) ? path.resolve(repoRoot(), config.webDir) : config.webDir;
  await webUi(app, webDir);

  let url = '';
  let stopNotify: (() => Promise<void>) | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let statsConsumer: StatsConsumer | null = null;
  return {
    app,
    ctx,
    get url() {
      return url;
    },
    async listen() {
      // Searches still `running` under this process's name, or of hubs that stopped heartbeating, were cut
      // off by a crash or kill; those of other live hubs on the same database keep running.
      const beat = async (self?: string): Promise<number> => {
        const at = ctx.now();
        await store.heartbeat(config.instance, at);
        return store.interruptOrphanedSearches({ ...(self ? { self } : {}), staleBefore: at - 3 * config.heartbeatMs });
      };
      const cut = await beat(config.instance);
      if (cut > 0) app.log.warn(`${cut} searches were cut off by the last stop; marked interrupted`);
      heartbeatTimer = setInterval(() => void beat().catch((e: unknown) => app.log.error(e)), config.heartbeatMs);
      heartbeatTimer.unref();
      await ctx.retention.start();
      // Observation fan-out, due batches and the outbox (left over from before a stop, too) go out in the
      // background, on a timer and whenever a write queued something.
      if (config.notifications.tickMs > 0) {
        const worker = startNotifyWorker({
          tickMs: config.notifications.tickMs,
          onError: (e) => app.log.error(e),
          pass: async () => {
            const fan = await ctx.observations.processNotifications();
            await ctx.notifications.compose();
            const sent = await ctx.notifications.deliver();
            return fan.more || sent.sent + sent.failed >= 100;
          },
        });
        const unwake = ctx.observations.onOutbox(worker.wake);
        stopNotify = async () => {
          unwake();
          await worker.stop();
        };
      }
      // Watches that fell due while the hub was down run once now, in the background.
      workbench.scheduler.start();
      if (config.nats.statsConsumer) statsConsumer = await startHubStatsConsumer(ctx);
      // Live streams opened on this hub hear the other hubs' changes from its first request on.
      await ctx.bus.ready();
      const addr = await app.listen({ host: config.host, port: config.port });
      const u = new URL(addr);
      url = `${https ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${u.port}`;
      return url;
    },
    async close() {
      closing = true;
      ctx.retention.stop();
      ctx.observations.shutdown();
      await stopNotify?.();
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      const watchesStopped = workbench.scheduler.stop();
      // Running searches get the grace period; past it they end as partial, still with a final event.
      await ctx.search.shutdown(config.drainMs);
      await watchesStopped;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, 2000).unref();
        });
      }
      await app.close();
      await statsConsumer?.stop();
      await ctx.close();
    },
  };
}

function readPem(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot read TLS file ${file}: ${(e as Error).message}`);
  }
}

function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '../..');
  return existsSync(path.join(root, 'package.json')) ? root : process.cwd();
}
