/**
 * POST objects (§5.4): checks in the order 415 → 413 → 404/403 → envelope (400/422) → per object, then
 * writes every valid version in one transaction and answers 202 with a `complete` status resource.
 * Invalid objects are listed as failures; nothing is written when the request itself is rejected.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NewObjectVersion } from '../../storage/taxii/port.ts';
import { stricterTlp } from '../../core/sharing/tlp.ts';
import { taxiiFail } from './errors.ts';
import { loadCollection, principalOf, sendTaxii, type TaxiiContext } from './context.ts';
import { isTaxiiContentType } from './media.ts';
import { both } from './routes-meta.ts';
import { describeObjects, type DescribedObject } from './stix-object.ts';
import { eventsForPost } from './mirror.ts';
import { formatMicros } from './timestamps.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes and parses a JSON body: invalid UTF-8 or JSON is a 400, never a 500. */
export function parseJsonBody(body: unknown): unknown {
  const buf = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    taxiiFail('invalid_encoding', 'request body is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    taxiiFail('invalid_json', `request body is not valid JSON: ${(e as Error).message}`);
  }
}

export function registerPostRoute(app: FastifyInstance, ctx: TaxiiContext): void {
  both(app, 'POST', '/:root/collections/:cid/objects/', async (req: FastifyRequest<{ Params: Record<string, string> }>, reply) => {
    if (!isTaxiiContentType(req.headers['content-type'])) taxiiFail('unsupported_media_type', 'Content-Type must be application/taxii+json;version=2.1');
    const size = Buffer.isBuffer(req.body) ? req.body.length : 0;
    const root = await ctx.taxii.getApiRoot(req.params.root!);
    if (root && size > Math.min(root.maxContentLength, ctx.maxContentLength)) taxiiFail('payload_too_large', `request body exceeds max_content_length (${root.maxContentLength} bytes)`);
    const { collection, rights } = await loadCollection(ctx, req, req.params.root!, req.params.cid!);
    if (!rights.canWrite) taxiiFail('forbidden', 'this account may not write to this collection');
    const envelope = parseJsonBody(req.body);
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || !Array.isArray((envelope as { objects?: unknown }).objects)) {
      taxiiFail('unprocessable', 'While processing supplied content, an error occurred: the body must be a TAXII envelope {"objects": [...]}');
    }
    const requestTimestamp = formatMicros(Date.now() * 1000);
    const p = principalOf(req);
    const described = describeObjects((envelope as { objects: unknown[] }).objects, ctx.schemasDir);
    const valid = described.filter((d): d is { ok: true; value: DescribedObject } => d.ok).map((d) => d.value);
    const versions: NewObjectVersion[] = valid.map((d) => ({
      stixId: d.stixId, type: d.type, version: d.version, versionKey: d.versionKey, specVersion: d.specVersion, mediaType: d.mediaType,
      body: JSON.stringify(d.object), ownerOrgId: p.orgId, distribution: collection.sharing.distribution === 5 ? 1 : collection.sharing.distribution,
      sharingGroupId: collection.sharing.sharingGroupId, tlp: stricterTlp(collection.sharing.tlp, d.tlp),
    }));
    // Map (pure) and save the events first: if the intel store refuses them, the TAXII tables stay untouched.
    const events = await eventsForPost(ctx.store, valid.filter((d) => d.specVersion === '2.1').map((d) => d.object), p, collection);
    // Both writes refuse another organisation's objects (409 ownership_conflict, nothing written).
    const writer = { orgId: p.orgId, admin: p.role === 'admin' };
    if (events.length) await ctx.store.saveEvents(events, p.orgId, { admin: writer.admin });
    if (versions.length) await ctx.taxii.addVersions(collection.id, versions, { writer });

    const msg = `Successfully added object to collection '${collection.id}'.`;
    const successes = valid.map((d) => ({ id: d.stixId, version: d.version || requestTimestamp, message: msg }));
    const failures = described.flatMap((d) => (d.ok ? [] : [{ id: d.id, version: d.version ?? requestTimestamp, message: d.message }]));
    const status = {
      id: randomUUID(),
      status: 'complete',
      request_timestamp: requestTimestamp,
      total_count: described.length,
      success_count: successes.length,
      ...(successes.length ? { successes } : {}),
      failure_count: failures.length,
      ...(failures.length ? { failures } : {}),
      pending_count: 0,
    };
    await ctx.taxii.saveStatus({ id: status.id, apiRoot: collection.apiRoot, ownerOrgId: p.orgId, body: status });
    await ctx.audit(req, 'taxii.objects.add', { collection: collection.id, total: described.length, succeeded: successes.length, failed: failures.length, events: events.length });
    await ctx.taxii.purgeStatuses(Date.now() - ctx.statusRetentionMs);
    return sendTaxii(reply, 202, status);
  });
}
