/**
 * The node's feedback handler, transport-neutral (HTTP `POST /federation/v1/feedback` and the NATS
 * `feedback` subject): the hub relays what a searching member did with hits of one of its searches.
 * Feedback is only taken on an attribute this node answered to that searcher in that search (its hit
 * log), and is stored as a real MISP sighting on the owner's attribute, so the owner's MISP tooling
 * (`sightings/restSearch`, event views) shows it. Anonymous feedback is stored as "a member".
 */
import { v4 as uuidv4 } from 'uuid';
import { FederationFeedbackRequest, type FederationFeedbackResponse, type FederationFeedbackResult } from '../../contracts/feedback.ts';
import { parseRequest } from '../../contracts/parse-request.ts';
import { feedbackAuthor } from '../../core/feedback/feedback-author.ts';
import { normaliseFeedbackComment, sightingSourceFor } from '../../core/feedback/feedback-comment.ts';
import { feedbackDigest } from '../../core/feedback/feedback-digest.ts';
import { sightingTypeOf } from '../../core/feedback/feedback-kind.ts';
import type { SightingInput } from '../../core/model/event.ts';
import type { Credentials } from '../auth.ts';
import { assertedSearcher } from '../blind/plain-searcher.ts';
import type { NodeContext } from '../context.ts';
import { resolveSearcher } from './resolve-searcher.ts';

/** Roles that may relay feedback: the hub's search key (on a member's behalf), and the node admin. */
export const FEDERATION_FEEDBACK_ROLES = ['search', 'admin'] as const;

/** Records one feedback request for an admitted `source`; per-item results in request order. */
export async function serveFederationFeedback(ctx: NodeContext, source: Credentials, raw: unknown): Promise<FederationFeedbackResponse> {
  const body = parseRequest(FederationFeedbackRequest, raw, 'federation feedback');
  const searcher = await assertedSearcher(ctx.blind.store, source, { searcher: body.searcher, assertion: body.assertion, digest: feedbackDigest(body) }, ctx.blind.now);
  // The hit log names the searcher as the search resolved it; feedback must come from the same one.
  const { orgName } = await resolveSearcher(ctx.store, searcher);
  const results: FederationFeedbackResult[] = [];
  const pending: { index: number; sighting: SightingInput }[] = [];
  const dateSighting = ctx.blind.now();
  for (const [index, item] of body.items.entries()) {
    const hits = await ctx.meta.hitsOf(body.searchId, item.attributeUuid);
    if (!hits.some((h) => h.searcherOrg === orgName)) {
      results.push({ index, status: 'rejected', code: 'not_a_hit', message: 'this attribute was not a hit of that search for this searcher' });
      continue;
    }
    const sighting = {
      uuid: uuidv4(),
      attributeUuid: item.attributeUuid,
      type: sightingTypeOf(item.kind),
      source: sightingSourceFor(normaliseFeedbackComment(item.comment)),
      org: { name: feedbackAuthor(item.reveal, orgName) },
      dateSighting,
    };
    pending.push({ index, sighting });
  }
  const saved = new Set((await ctx.store.addSightings(pending.map((p) => p.sighting))).map((s) => s.uuid));
  for (const p of pending) {
    results.push(
      saved.has(p.sighting.uuid)
        ? { index: p.index, status: 'recorded', sightingUuid: p.sighting.uuid }
        : { index: p.index, status: 'rejected', code: 'attribute_gone', message: 'the attribute no longer exists on this node' },
    );
  }
  results.sort((a, b) => a.index - b.index);
  const recorded = results.filter((r) => r.status === 'recorded').length;
  await ctx.audit(source, 'federation.feedback', { searchId: body.searchId, searcher: orgName, items: body.items.length, recorded });
  return { results };
}
