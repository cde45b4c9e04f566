/** Serves the built web UI (`dist/web`) with an SPA fallback; API paths get JSON 404s. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Registers static files when `webDir/index.html` exists, and the not-found handler either way. */
export async function webUi(app: FastifyInstance, webDir: string | null): Promise<boolean> {
  const root = webDir ? path.resolve(webDir) : null;
  const has = root !== null && existsSync(path.join(root, 'index.html'));
  if (has) await app.register(fastifyStatic, { root: root!, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (has && (req.method === 'GET' || req.method === 'HEAD') && !url.startsWith('/api/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${url}` } });
  });
  return has;
}
