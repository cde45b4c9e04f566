/**
 * The node's feedback endpoint over both transports (HTTP and NATS request/reply, same handler): only
 * a hit of that search for that searcher takes feedback, per item; it becomes a MISP sighting visible
 * through the node's MISP API; the hub's signed assertion must cover the feedback itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederationFeedbackResponse } from '../../contracts/feedback.ts';
import { FederationSearchResponse } from '../../contracts/federation.ts';
import { nodeIdForKey } from '../../core/blind/plain-request.ts';
import { ANONYMOUS_MEMBER } from '../../core/feedback/feedback-author.ts';
import { feedbackDigest, type FeedbackDigestInput } from '../../core/feedback/feedback-digest.ts';
import type { FederationTransport } from '../../hub/sources/federation-transport.ts';
import { httpTransport } from '../../hub/sources/http-transport.ts';
import { natsLink, type NatsLink } from '../../hub/sources/nats-link.ts';
import { natsTransport } from '../../hub/sources/nats-transport.ts';
import { enrolHub, type EnrolledHub } from '../../testkit/hub-enrolment.ts';
import { testNatsUrl } from '../../testkit/network.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';
import { attr, call, event } from '../test-support.ts';

for (const transport of ['http', 'nats'] as const) {
  describe(`node feedback endpoint (${transport})`, () => {
    let t: TestNode;
    let hub: EnrolledHub;
    let link: NatsLink | null = null;
    let wire: FederationTransport;
    const member = `fb-${Math.random().toString(36).slice(2, 8)}`;
    const uuids: Record<string, string> = {};
    const signed = (body: FeedbackDigestInput & { searcher: { name: string; uuid?: string } }) => ({
      ...body,
      assertion: hub.signer.sign({ searchId: body.searchId, searcherOrg: body.searcher.uuid ?? body.searcher.name, node: nodeIdForKey(hub.key), valuesDigest: feedbackDigest(body) }),
    });
    const send = async (body: unknown) => FederationFeedbackResponse.parse(await wire.feedback(body, AbortSignal.timeout(20_000)));
    const sightings = async () => {
      const r = await call(`${t.url}/sightings/restSearch`, await t.createKey('Owner', 'reader'), 'POST', {});
      return (r.json.response as { Sighting: { value: string; type: string; source: string; Organisation?: { name: string } } }[]).map((s) => [s.Sighting.value, s.Sighting.type, s.Sighting.Organisation?.name, s.Sighting.source]).sort();
    };

    beforeAll(async () => {
      t = await startTestNode({ orgName: 'Owner', ...(transport === 'nats' ? { config: { natsUrl: testNatsUrl(), natsMember: member } } : {}) });
      hub = await enrolHub(t, 'Hub');
      const c2 = attr('ip-dst', '45.2.0.1');
      const other = attr('domain', 'never-searched.example');
      uuids.c2 = c2.uuid;
      uuids.other = other.uuid;
      await t.store.saveEvents([event('c2', [c2, other], { tlp: 'green' })], t.ownerOrg.id);
      if (transport === 'nats') {
        link = natsLink({ url: testNatsUrl(), creds: null });
        wire = natsTransport(link, { member, apiKey: hub.key, timeoutMs: 20_000 });
      } else {
        wire = httpTransport({ url: t.url, apiKey: hub.key, verifyTls: false, caFile: null });
      }
      const r = FederationSearchResponse.parse(await wire.search(hub.sign({ searchId: 'fs-1', searcher: { name: 'Searcher' }, values: [{ type: 'ip-dst', value: '45.2.0.1' }] }), AbortSignal.timeout(20_000)));
      expect(r.results.map((x) => x.hits.map((h) => h.attribute.uuid))).toEqual([[c2.uuid]]);
    }, 60_000);
    afterAll(async () => {
      await link?.close();
      await t?.close();
    });

    it('stores feedback on a hit of that search as a MISP sighting, and refuses other attributes per item', async () => {
      const res = await send(
        signed({
          searchId: 'fs-1',
          searcher: { name: 'Searcher' },
          items: [
            { attributeUuid: uuids.c2!, kind: 'false_positive', comment: 'our sinkhole', reveal: false },
            { attributeUuid: uuids.other!, kind: 'seen', reveal: true },
            { attributeUuid: uuids.c2!, kind: 'seen', reveal: true },
          ],
        }),
      );
      expect(res.results.map((r) => (r.status === 'recorded' ? [r.index, r.status] : [r.index, r.status, r.code]))).toEqual([
        [0, 'recorded'],
        [1, 'rejected', 'not_a_hit'],
        [2, 'recorded'],
      ]);
      expect(await sightings()).toEqual([
        ['45.2.0.1', '0', 'Searcher', 'renkei'],
        ['45.2.0.1', '1', ANONYMOUS_MEMBER, 'renkei: our sinkhole'],
      ]);
    });

    it('refuses feedback for another search or searcher, and an assertion that does not cover the items', async () => {
      const item = { attributeUuid: uuids.c2!, kind: 'expired' as const, reveal: true };
      const wrongSearch = await send(signed({ searchId: 'fs-9', searcher: { name: 'Searcher' }, items: [item] }));
      expect(wrongSearch.results).toMatchObject([{ index: 0, status: 'rejected', code: 'not_a_hit' }]);
      const wrongSearcher = await send(signed({ searchId: 'fs-1', searcher: { name: 'Someone Else' }, items: [item] }));
      expect(wrongSearcher.results).toMatchObject([{ index: 0, status: 'rejected', code: 'not_a_hit' }]);
      // Signed for "seen", sent as "expired": the digest differs.
      const forged = { ...signed({ searchId: 'fs-1', searcher: { name: 'Searcher' }, items: [{ ...item, kind: 'seen' }] }), items: [item] };
      await expect(wire.feedback(forged, AbortSignal.timeout(20_000))).rejects.toMatchObject({ reason: 'bad_key' });
      await expect(wire.feedback({ searchId: 'fs-1', searcher: { name: 'Searcher' }, items: [item] }, AbortSignal.timeout(20_000))).rejects.toMatchObject({ reason: 'bad_key' });
      expect((await sightings()).length).toBe(2);
    });

    it('answers malformed feedback with a validation error and stores nothing', async () => {
      await expect(wire.feedback(signed({ searchId: 'fs-1', searcher: { name: 'Searcher' }, items: [] }), AbortSignal.timeout(20_000))).rejects.toMatchObject({ reason: 'http_status' });
      await expect(wire.feedback({ searchId: 'fs-1', searcher: { name: 'Searcher' }, items: [{ attributeUuid: uuids.c2, kind: 'liked', reveal: true }] }, AbortSignal.timeout(20_000))).rejects.toMatchObject({ reason: 'http_status' });
      expect((await sightings()).length).toBe(2);
    });
  });
}
