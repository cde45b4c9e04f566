/**
 * What a plain-mode searcher assertion covers, and how hub and node name the node in assertions: both
 * derive the node id from the `search` key they share, so the hub needs no extra enrolment input and an
 * assertion made for one member's node is refused by every other.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { valuesDigest } from './assertion.ts';

const te = new TextEncoder();

/** The node id for assertions sent with this API key (domain-separated hash; the key itself never travels). */
export function nodeIdForKey(apiKey: string): string {
  return `key:${bytesToHex(sha256(te.encode(`renkei/v1/node-id|${apiKey}`))).slice(0, 32)}`;
}

/** Digest of a plain federated request: the searcher's name, the match kinds and every (type, value). */
export function plainRequestDigest(req: { searcher: { name: string }; kinds: readonly string[]; values: readonly { type: string; value: string }[] }): string {
  const parts: string[] = ['renkei/v1/plain-search', req.searcher.name, req.kinds.join(',')];
  for (const v of req.values) parts.push(v.type, v.value);
  return valuesDigest(parts);
}
