/**
 * Per-request plumbing shared by the TAXII routes: the caller, the API root and collection lookups with
 * the TAXII status rules (404 unknown, 403 without the right), and verbatim-media-type replies.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NodePrincipal } from '../principal.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { CollectionRights, TaxiiApiRoot, TaxiiCollection, TaxiiStore } from '../../storage/taxii/port.ts';
import { taxiiFail } from './errors.ts';
import { TAXII_MEDIA } from './media.ts';

export interface TaxiiContext {
  store: IntelStore;
  taxii: TaxiiStore;
  title: string;
  description?: string;
  contact?: string;
  /** Hard cap on request bodies (bytes), whatever an API root advertises. */
  maxContentLength: number;
  maxPageSize: number;
  schemasDir?: string;
  statusRetentionMs: number;
  audit: (req: FastifyRequest, action: string, detail: Record<string, unknown>) => Promise<void>;
  /** Brings a store-fed collection up to date before it is read (throttled). */
  sync: (c: TaxiiCollection) => Promise<void>;
}

const principals = new WeakMap<FastifyRequest, NodePrincipal>();

export function setPrincipal(req: FastifyRequest, p: NodePrincipal): void {
  principals.set(req, p);
}

/** The authenticated caller (the onRequest hook guarantees one on every TAXII route). */
export function principalOf(req: FastifyRequest): NodePrincipal {
  const p = principals.get(req);
  if (!p) taxiiFail('unauthenticated', 'authentication required');
  return p;
}

export async function loadRoot(ctx: TaxiiContext, name: string): Promise<TaxiiApiRoot> {
  const root = await ctx.taxii.getApiRoot(name);
  if (!root) taxiiFail('not_found', `no API root ${name}`);
  return root;
}

/** The collection and the caller's rights on it (role limits apply: search keys read nothing, readers write nothing). */
export async function loadCollection(ctx: TaxiiContext, req: FastifyRequest, rootName: string, id: string): Promise<{ root: TaxiiApiRoot; collection: TaxiiCollection; rights: CollectionRights }> {
  const root = await loadRoot(ctx, rootName);
  const collection = await ctx.taxii.getCollection(root.name, id);
  if (!collection || hiddenFrom(collection, principalOf(req))) taxiiFail('not_found', `no collection ${id} in API root ${rootName}`);
  const rights = await rightsOf(ctx, principalOf(req), collection);
  return { root, collection, rights };
}

/** Sharing-group collections are not disclosed (not even their title) to organisations outside the group. */
export function hiddenFrom(c: TaxiiCollection, p: NodePrincipal): boolean {
  const sg = c.sharing.sharingGroupId ?? c.source?.sharingGroupId;
  return sg !== null && sg !== undefined && !p.viewer.sharingGroupIds.includes(sg);
}

export async function rightsOf(ctx: TaxiiContext, p: NodePrincipal, c: TaxiiCollection): Promise<CollectionRights> {
  const r = await ctx.taxii.rightsFor(c, p.orgId);
  // Store-fed collections are read-only: what they publish comes from the intel store.
  return { canRead: r.canRead && p.role !== 'search', canWrite: r.canWrite && !c.source && (p.role === 'admin' || p.role === 'publisher') };
}

export function requireRead(rights: CollectionRights): void {
  if (!rights.canRead) taxiiFail('forbidden', 'this account may not read this collection');
}

/** Sends a TAXII resource: JSON text written as-is with the exact TAXII media type. */
export function sendTaxii(reply: FastifyReply, status: number, body: string | object, headers: Record<string, string> = {}): FastifyReply {
  reply.status(status).header('content-type', TAXII_MEDIA);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.send(typeof body === 'string' ? body : JSON.stringify(body));
}
