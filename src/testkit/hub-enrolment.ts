/** A test hub enrolled at a node: a `search` key with a pinned hub key, and the hub's signing of request bodies. */
import { randomBytes } from 'node:crypto';
import { FederationSearchRequest } from '../contracts/federation.ts';
import { nodeIdForKey, plainRequestDigest } from '../core/blind/plain-request.ts';
import { hubSigner, type HubSigner } from '../hub/blind/hub-signer.ts';
import type { TestNode } from './node-harness.ts';

export interface EnrolledHub {
  key: string;
  signer: HubSigner;
  /** The body with the hub's assertion added (the searcher uuid, when absent, is its name). */
  sign(body: unknown): unknown;
}

/** Creates the hub's `search` key at the node and pins a fresh hub signing key for it. */
export async function enrolHub(t: TestNode, org = 'renkei-hub'): Promise<EnrolledHub> {
  const signer = hubSigner(randomBytes(32));
  const k = await t.node.keys.create({ org, role: 'search' });
  await t.node.blind.pinHub(k.info.id, signer.publicKey);
  return {
    key: k.key,
    signer,
    sign(body) {
      const parsed = FederationSearchRequest.safeParse(body);
      if (!parsed.success) return body;
      const b = parsed.data;
      return { ...(body as object), kinds: b.kinds, assertion: signer.sign({ searchId: b.searchId, searcherOrg: b.searcher.uuid ?? b.searcher.name, node: nodeIdForKey(k.key), valuesDigest: plainRequestDigest(b) }) };
    },
  };
}
