/**
 * Who a plain federated search acts for. A node `search` key identifies only the hub: the organisation
 * comes from the hub's signed assertion, checked against the hub key pinned for that key at enrolment.
 * Without a pinned key the request is served as an unidentified community member; a node that requires
 * blind mode refuses plain search from the hub altogether.
 */
import type { FederationSearchRequest } from '../../contracts/federation.ts';
import { acceptAssertion, type SignedAssertion } from '../../core/blind/assertion.ts';
import { fromBase64Url } from '../../core/blind/codec.ts';
import { nodeIdForKey, plainRequestDigest } from '../../core/blind/plain-request.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { BlindStore } from '../../storage/blind/port.ts';
import { presentedKey, type Credentials } from '../auth.ts';
import { principalFor } from '../principals.ts';
import { AUTH_FAILED } from '../admit.ts';

/** The searcher name a request without a verifiable assertion is served (and logged) as. */
export const UNVERIFIED_SEARCHER = 'unverified (no signed searcher assertion)';

export const REQUIRE_BLIND_SETTING = 'require-blind';

/** A replay cache on the node's store, so that several node processes refuse the same nonce. */
export function storeReplayCache(store: BlindStore, now: () => number) {
  return { remember: (nonce: string, expiresAt: number) => store.rememberNonce(nonce, expiresAt, now()) };
}

/** The searcher to run a plain federated search for (throws `unauthenticated` / `forbidden` with a reason). */
export async function plainSearcher(store: BlindStore, req: Credentials, body: FederationSearchRequest & { assertion?: SignedAssertion | undefined }, now: () => number): Promise<FederationSearchRequest['searcher']> {
  return assertedSearcher(store, req, { searcher: body.searcher, assertion: body.assertion, digest: plainRequestDigest(body) }, now);
}

/**
 * The searcher a hub request acts for, whatever it asks (search or feedback): `digest` is what the
 * request's assertion must cover.
 */
export async function assertedSearcher(
  store: BlindStore,
  req: Credentials,
  body: { searcher: FederationSearchRequest['searcher']; assertion?: SignedAssertion | undefined; digest: string },
  now: () => number,
): Promise<FederationSearchRequest['searcher']> {
  const p = principalFor(req);
  if (!p) throw new RenkeiError('unauthenticated', AUTH_FAILED);
  // The node's own admin key may name anyone: it reads every record here anyway.
  if (p.role !== 'search') return body.searcher;
  if ((await store.getSetting(REQUIRE_BLIND_SETTING)) === 'true') {
    throw new RenkeiError('forbidden', 'this node requires blind search: plain-text federated search is refused', { reason: 'blind_required' });
  }
  const pin = await store.hubPin(p.keyId);
  if (!pin) return { name: UNVERIFIED_SEARCHER };
  if (!body.assertion) throw new RenkeiError('unauthenticated', 'a signed searcher assertion is required for this key', { reason: 'assertion_required' });
  const key = presentedKey(req)!.key;
  const a = await acceptAssertion(body.assertion, {
    hubPublicKey: fromBase64Url(pin.publicKey),
    node: nodeIdForKey(key),
    now: now(),
    digest: body.digest,
    cache: storeReplayCache(store, now),
  });
  if (body.searcher.uuid !== undefined && body.searcher.uuid !== a.searcherOrg) {
    throw new RenkeiError('unauthenticated', 'searcher uuid differs from the signed assertion', { reason: 'searcher_mismatch' });
  }
  return { name: body.searcher.name, uuid: a.searcherOrg };
}
