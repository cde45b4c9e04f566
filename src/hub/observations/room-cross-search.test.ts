/**
 * A room's indicators cross-searched over real member nodes (HTTP on loopback, both hub engines): the
 * search takes exactly the indicators the searcher may read in the room (anonymous posts' indicators
 * included, without their author), hits come back per member, and a room the searcher may not read
 * (TLP:RED of another org) is a 404 that searches nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../core/model/event.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

const event = (member: string, uuid: string, values: Array<[string, string]>): EventInput => ({
  uuid, info: `Seen by ${member}`, date: '2026-12-01', threatLevel: 2, analysis: 2, published: true, publishTimestamp: 1_790_000_000, timestamp: 1_790_000_000,
  distribution: 3, sharingGroup: null, orgc: { name: member }, tags: [{ name: 'tlp:green' }], objects: [], sightings: [],
  attributes: values.map(([type, value], i) => ({
    uuid: `${uuid.slice(0, -2)}${String(10 + i)}`, type, category: 'Network activity', value, toIds: true, comment: '', firstSeen: null, lastSeen: null, timestamp: 1_790_000_000,
    distribution: 5, sharingGroupUuid: null, tags: [], deleted: false, disableCorrelation: false, objectRelation: null,
  })),
});

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`room indicator cross-search (${db} hub)`, () => {
    let net: TestNetwork;
    beforeAll(async () => {
      net = await startNetwork({
        db,
        members: [
          { name: 'Kinu SOC', seed: [event('Kinu SOC', '6f1c2a9e-7d4f-4e0b-9a51-0f3c2d1e4a00', [['ip-dst', '198.51.100.77'], ['domain', 'evil-domain.example']])] },
          { name: 'Aoba CSIRT', seed: [event('Aoba CSIRT', '7f1c2a9e-7d4f-4e0b-9a51-0f3c2d1e4a00', [['ip-dst', '203.0.113.9']])] },
        ],
        hubOverrides: { ipInfo: null },
      });
    }, 120_000);
    afterAll(async () => net?.close());
    const api = async (key: string, method: string, p: string, body?: unknown) => {
      const res = await fetch(`${net.hub.url}${p}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('searches the readable indicators of the room over the members', async () => {
      const aoba = net.users['Aoba CSIRT']!.analyst.key;
      const kinu = net.users['Kinu SOC']!.analyst.key;
      const room = (await api(aoba, 'POST', '/api/v1/rooms', { title: 'DDoS', tlp: 'green', audience: { kind: 'community' } })).body.id as number;
      expect((await api(aoba, 'POST', `/api/v1/rooms/${room}/search`)).status).toBe(400);
      await api(aoba, 'POST', `/api/v1/rooms/${room}/posts`, { text: 'sources', indicators: ['198.51.100[.]77', '192.0.2.200'] });
      await api(kinu, 'POST', `/api/v1/rooms/${room}/posts`, { text: 'also', indicators: ['evil-domain[.]example', '198.51.100.77'], anonymous: true });
      const r = await api(aoba, 'POST', `/api/v1/rooms/${room}/search`);
      expect(r.status).toBe(200);
      const search = r.body.search as { members: Array<{ name: string; status: string; hits: number }>; results: Array<{ value: string; hits: Record<string, number> }> };
      expect(r.body.values).toEqual(['198.51.100.77', '192.0.2.200', 'evil-domain.example']);
      expect(search.members.map((m) => [m.name, m.status, m.hits]).sort()).toEqual([['Aoba CSIRT', 'ok', 0], ['Kinu SOC', 'ok', 2]]);
      expect(Object.fromEntries(search.results.map((v) => [v.value, v.hits]))).toEqual({ '198.51.100.77': { 'Kinu SOC': 1 }, '192.0.2.200': {}, 'evil-domain.example': { 'Kinu SOC': 1 } });

      const red = (await api(kinu, 'POST', '/api/v1/rooms', { title: 'internal', tlp: 'red', audience: { kind: 'community' } })).body.id as number;
      await api(kinu, 'POST', `/api/v1/rooms/${red}/posts`, { text: 'x', indicators: ['203.0.113.9'] });
      const before = ((await api(aoba, 'GET', '/api/v1/searches')).body.searches as unknown[]).length;
      expect((await api(aoba, 'POST', `/api/v1/rooms/${red}/search`)).status).toBe(404);
      expect(((await api(aoba, 'GET', '/api/v1/searches')).body.searches as unknown[]).length).toBe(before);
    }, 60_000);
  });
}
