/**
 * What the hub's signed searcher assertion covers for a feedback request: the searcher, the search and
 * every item, so that a node key holder cannot replay an assertion with other feedback or another org.
 */
import { valuesDigest } from '../blind/assertion.ts';

export interface FeedbackDigestInput {
  searchId: string;
  searcher: { name: string };
  items: readonly { attributeUuid: string; kind: string; comment?: string | undefined; reveal: boolean }[];
}

/** Digest of a feedback request (domain-separated from search digests). */
export function feedbackDigest(req: FeedbackDigestInput): string {
  const parts: string[] = ['renkei/v1/feedback', req.searcher.name, req.searchId];
  for (const i of req.items) parts.push(i.attributeUuid, i.kind, i.comment ?? '', i.reveal ? '1' : '0');
  return valuesDigest(parts);
}
