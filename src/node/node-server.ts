/**
 * The node's HTTP edge: mounts the MISP-compatible API, the federation endpoint and TAXII 2.1 on a
 * context built by `createNodeContext`. Closing the server leaves the context (and its storage) open.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { RenkeiError } from '../core/errors.ts';
import { presentedKey, presentedKeyHash } from './auth.ts';
import type { NodeContext } from './context.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { installJsonParser } from './http/json-body.ts';
import { registerRoutes } from './routes/register-routes.ts';

export interface NodeServer {
  app: FastifyInstance;
  /** Base URL once listening (throws before). */
  url(): string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Builds the Fastify app for a node context (not yet listening). */
export async function createNodeServer(ctx: NodeContext): Promise<NodeServer> {
  const { config } = ctx;
  const https = config.tlsCert && config.tlsKey ? { cert: readTls(config.tlsCert), key: readTls(config.tlsKey) } : null;
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    loggerInstance: ctx.log,
    ...(https ? { https } : {}),
    forceCloseConnections: true,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  installJsonParser(app);
  installErrorHandling(app);
  await app.register(rateLimit, {
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    keyGenerator: (req) => {
      const k = presentedKey(req);
      return k ? `k:${presentedKeyHash(req, k.key)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, c) => new RenkeiError('rate_limited', `rate limit exceeded: ${c.max} requests per ${c.after}; retry later`),
  });
  await registerRoutes(app, ctx);
  let baseUrl: string | null = null;
  return {
    app,
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
    close: () => app.close(),
  };
}

function readTls(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot read TLS file ${file}: ${(e as Error).message}`);
  }
}
