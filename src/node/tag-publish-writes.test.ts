/**
 * Tag/untag and publish are writes: only the owning organisation or a node admin. A node admin of another
 * organisation sees the event without the owner's local tags; its change must still keep them. Local tags
 * never reach another organisation (attributes/view, tags/index).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event } from './test-support.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`tag/untag and publish ownership (${db})`, () => {
    let t: TestNode;
    let adminB: string;
    let publisherB: string;
    let readerB: string;
    const ev = event('Org A event', [attr('ip-dst', '203.0.113.9', { tags: [{ name: 'case:42', local: true }] })], {
      orgc: { name: 'Org A' }, published: false, publishTimestamp: 0, tags: [{ name: 'tlp:green' }, { name: 'internal', local: true }],
    });
    const ownerView = async () => {
      const a = await t.store.getOrg('Org A');
      return (await t.store.getEvent(ev.uuid, { orgId: a!.id, sharingGroupIds: [] }))!;
    };

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Org B' });
      const a = await t.store.ensureOrg({ name: 'Org A' });
      await t.store.saveEvents([ev], a.id);
      adminB = await t.createKey('Org B', 'admin');
      publisherB = await t.createKey('Org B', 'publisher');
      readerB = await t.createKey('Org B', 'reader');
    }, 60_000);
    afterAll(async () => t?.close());

    it('another organisation (not admin) may neither tag nor publish: 409, nothing changes', async () => {
      expect((await call(`${t.url}/tags/attachTagToObject`, publisherB, 'POST', { uuid: ev.uuid, tag: 'x:y' })).status).toBe(409);
      expect((await call(`${t.url}/tags/removeTagFromObject`, publisherB, 'POST', { uuid: ev.uuid, tag: 'tlp:green' })).status).toBe(409);
      expect((await call(`${t.url}/events/publish/${ev.uuid}`, publisherB, 'POST', {})).status).toBe(409);
      expect((await call(`${t.url}/tags/attachTagToObject`, readerB, 'POST', { uuid: ev.uuid, tag: 'x:y' })).status).toBe(403);
      const fe = await ownerView();
      expect(fe.event.published).toBe(false);
      expect(fe.event.tags.map((x) => x.name)).toEqual(['tlp:green', 'internal']);
    });

    it("a node admin of another organisation tags, untags and publishes, keeping the owner's local tags", async () => {
      const at = await call(`${t.url}/tags/attachTagToObject`, adminB, 'POST', { uuid: ev.uuid, tag: 'campaign:b' });
      expect(at.status).toBe(200);
      expect((await call(`${t.url}/tags/attachTagToObject`, adminB, 'POST', { uuid: ev.attributes[0]!.uuid, tag: 'tlp:clear' })).status).toBe(200);
      expect((await call(`${t.url}/tags/removeTagFromObject`, adminB, 'POST', { uuid: ev.uuid, tag: 'tlp:green' })).status).toBe(200);
      expect((await call(`${t.url}/tags/removeTagFromObject`, adminB, 'POST', { uuid: ev.uuid, tag: 'never:there' })).status).toBe(404);
      const pub = await call(`${t.url}/events/publish/${ev.uuid}`, adminB, 'POST', {});
      expect(pub.status).toBe(200);
      const fe = await ownerView();
      expect(fe.event.published).toBe(true);
      expect(fe.event.publishTimestamp).toBeGreaterThan(0);
      expect(fe.event.tags).toEqual([{ name: 'internal', local: true }, { name: 'campaign:b' }]);
      expect(fe.attributes[0]!.tags).toEqual([{ name: 'case:42', local: true }, { name: 'tlp:clear' }]);
    });

    it('local tags never reach another organisation: attributes/view and tags/index', async () => {
      const view = await call(`${t.url}/attributes/view/${ev.attributes[0]!.uuid}`, readerB, 'GET');
      expect(view.status).toBe(200);
      expect(view.json.Attribute.value).toBe('203.0.113.9');
      expect(view.json.Attribute.Tag.map((x: { name: string }) => x.name)).toEqual(['tlp:clear']);
      const tags = await call(`${t.url}/tags/index`, readerB, 'GET');
      expect(tags.json.Tag.map((x: { name: string }) => x.name)).toEqual(['campaign:b', 'tlp:clear']);
    });
  });
}
