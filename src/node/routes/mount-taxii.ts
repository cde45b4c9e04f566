import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.ts';
import { ensureDefaultCollections, taxiiPlugin } from '../taxii/plugin.ts';

/**
 * Mounts the TAXII 2.1 server (its own plugin, errors and media types) under `/taxii2`, with the
 * default API root and store-backed collections so discovery is useful on a fresh node.
 */
export async function mountTaxii(app: FastifyInstance, ctx: NodeContext): Promise<void> {
  const taxii = ctx.taxii;
  await ensureDefaultCollections(taxii, ctx.store);
  await app.register(taxiiPlugin, {
    store: ctx.store,
    taxii,
    authenticate: ctx.authenticate,
    audit: ctx.audit,
    maxContentLength: ctx.config.bodyLimit,
    prefix: '/taxii2',
  } as Parameters<typeof taxiiPlugin>[1] & { prefix: string });
}
