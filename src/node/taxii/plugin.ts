/**
 * The TAXII 2.1 server as a Fastify plugin (mounted by the node under `/taxii2`). Every response,
 * errors included, carries exactly `application/taxii+json;version=2.1`. Authentication (API key or
 * HTTP Basic) runs first on every route; then Accept (406); bodies are read raw and parsed by the
 * POST handler so bad encodings, bad JSON and oversize bodies become TAXII errors, never 500s.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { NodePrincipal } from '../principal.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { TaxiiStore } from '../../storage/taxii/port.ts';
import { RenkeiError } from '../../core/errors.ts';
import { sendTaxiiError } from './errors.ts';
import { setPrincipal, type TaxiiContext } from './context.ts';
import { acceptsTaxii, TAXII_MEDIA } from './media.ts';
import { registerMetaRoutes } from './routes-meta.ts';
import { registerObjectRoutes } from './routes-objects.ts';
import { registerPostRoute } from './post-objects.ts';
import { createSyncThrottle } from './store-sync.ts';

export { createTaxiiStore } from '../../storage/taxii/create-taxii-store.ts';
export { syncStoreCollection } from './store-sync.ts';
export { ensureDefaultCollections } from './defaults.ts';

export interface TaxiiPluginOptions {
  store: IntelStore;
  taxii: TaxiiStore;
  authenticate: (req: FastifyRequest) => Promise<NodePrincipal | null>;
  /** Discovery title (default "Renkei TAXII 2.1 server"). */
  title?: string;
  description?: string;
  contact?: string;
  /** Hard cap on POST bodies in bytes (default 10 MiB); API roots may advertise less. */
  maxContentLength?: number;
  /** Largest page a client can ask for (default 1000). */
  maxPageSize?: number;
  /** OASIS STIX 2.1 JSON Schema directory; without it the built-in structural checks apply. */
  schemasDir?: string;
  /** How long status resources are kept (default 7 days; TAXII asks for at least 24 hours). */
  statusRetentionMs?: number;
  /** Minimum time between incremental syncs of a store-fed collection (default 5 s). */
  storeSyncIntervalMs?: number;
  /** Audit hook (the node's `ctx.audit`): called for reads of objects/manifests, posts and deletes. */
  audit?: (req: FastifyRequest, action: string, detail: Record<string, unknown>) => Promise<void>;
}

export const taxiiPlugin: FastifyPluginAsync<TaxiiPluginOptions> = async (app, opts) => {
  const ctx: TaxiiContext = {
    store: opts.store,
    taxii: opts.taxii,
    title: opts.title ?? 'Renkei TAXII 2.1 server',
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.contact ? { contact: opts.contact } : {}),
    maxContentLength: opts.maxContentLength ?? 10 * 1024 * 1024,
    maxPageSize: opts.maxPageSize ?? 1000,
    ...(opts.schemasDir ? { schemasDir: opts.schemasDir } : {}),
    statusRetentionMs: opts.statusRetentionMs ?? 7 * 24 * 3600 * 1000,
    audit: opts.audit ?? (async () => undefined),
    sync: createSyncThrottle(opts.store, opts.taxii, opts.storeSyncIntervalMs ?? 5000),
  };

  // Raw bodies for any content type: the POST handler decides 415/413/400/422 itself, in TAXII order.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.maxContentLength }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, req, reply) => sendTaxiiError(req, reply, err));
  app.setNotFoundHandler((req, reply) => sendTaxiiError(req, reply, new RenkeiError('not_found', `no TAXII resource at ${req.url.split('?')[0]}`)));

  app.addHook('onRequest', async (req) => {
    const principal = await opts.authenticate(req);
    if (!principal) throw new RenkeiError('unauthenticated', 'valid credentials (HTTP Basic or API key) are required');
    setPrincipal(req, principal);
    if (!acceptsTaxii(req.headers.accept)) throw new RenkeiError('not_acceptable', `Accept must allow ${TAXII_MEDIA}`);
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-type', TAXII_MEDIA);
    return payload;
  });

  registerMetaRoutes(app, ctx);
  registerObjectRoutes(app, ctx);
  registerPostRoute(app, ctx);
};
