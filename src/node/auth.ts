import type { IntelStore } from '../storage/port.ts';
import type { NodeMetaStore } from '../storage/node-meta/port.ts';
import { API_KEY_PATTERN, hashApiKey } from './keys/api-key.ts';
import type { NodePrincipal } from './principal.ts';

/** The part of a request that carries credentials (an HTTP request has it; the context needs nothing more). */
export interface Credentials {
  headers: Record<string, string | string[] | undefined>;
}

/** Resolves the caller of a request, or null when no valid, unrevoked key was presented. */
export type Authenticate = (req: Credentials) => Promise<NodePrincipal | null>;

/**
 * The API key in a request: `Authorization: <key>` (MISP), `Authorization: Bearer <key>` or `Token <key>`
 * (taxii2-client's TokenAuth),
 * HTTP Basic `org:key` (TAXII clients; the user part must name the key's organisation), or `X-MISP-AUTH`.
 */
export function presentedKey(req: Credentials): { key: string; basicUser?: string } | null {
  const h = req.headers.authorization ?? (req.headers['x-misp-auth'] as string | undefined);
  if (typeof h !== 'string') return null;
  const v = h.trim();
  if (/^bearer\s/i.test(v)) return { key: v.slice(6).trim() };
  if (/^token\s/i.test(v)) return { key: v.slice(5).trim() };
  if (/^basic\s/i.test(v)) {
    const decoded = Buffer.from(v.slice(5).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return null;
    return { key: decoded.slice(i + 1), basicUser: decoded.slice(0, i) };
  }
  return { key: v };
}

/** The hash of a request's key, computed once per request (the rate limiter and authentication both ask). */
const hashes = new WeakMap<object, string>();

/** `hashApiKey` of the key `req` presents, memoised on the request object. */
export function presentedKeyHash(req: Credentials, key: string): string {
  let h = hashes.get(req);
  if (h === undefined) hashes.set(req, (h = hashApiKey(key)));
  return h;
}

/**
 * Builds `authenticate`. Principals are cached for `cacheMs` (revocation takes effect within that time)
 * so that a busy search client costs no database round trip per request.
 */
export function createAuthenticator(store: IntelStore, meta: NodeMetaStore, opts: { cacheMs?: number } = {}): Authenticate & { invalidate(): void } {
  const cacheMs = opts.cacheMs ?? 2000;
  const cache = new Map<string, { at: number; principal: NodePrincipal | null }>();
  const resolve = async (hash: string): Promise<NodePrincipal | null> => {
    const hit = cache.get(hash);
    if (hit && Date.now() - hit.at < cacheMs) return hit.principal;
    const rec = await meta.findActiveKey(hash);
    const principal: NodePrincipal | null = rec
      ? { keyId: rec.id, orgId: rec.orgId, orgName: rec.orgName, role: rec.role, viewer: { orgId: rec.orgId, sharingGroupIds: await store.sharingGroupIdsForOrg(rec.orgId) } }
      : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { at: Date.now(), principal });
    return principal;
  };
  const authenticate = async (req: Credentials) => {
    const p = presentedKey(req);
    if (!p || !API_KEY_PATTERN.test(p.key)) return null;
    const principal = await resolve(presentedKeyHash(req, p.key));
    if (principal && p.basicUser !== undefined && p.basicUser !== '' && p.basicUser.toLowerCase() !== principal.orgName.toLowerCase()) return null;
    return principal;
  };
  return Object.assign(authenticate, { invalidate: () => cache.clear() });
}
