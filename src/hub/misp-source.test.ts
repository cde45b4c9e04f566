/**
 * MISP sources: checked via getVersion + users/view/me, searched with restSearch in batches of at most
 * 200 values, hits kept by the hub as the owner's hit log. A Renkei node's MISP API plays the MISP server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { generateWorld } from './demo/world.ts';

const world = generateWorld({ fillerPerMember: 200 });
const mispMember = world.members[3]!; // 177 shared sample values
let net: TestNetwork;
let misp: TestNode;
let fake: http.Server;
const batchSizes: number[] = [];

/** A stand-in MISP server: passes the checks and answers restSearch with `answer(body)`. */
function fakeMisp(answer: (body: Record<string, unknown>) => unknown): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/servers/getVersion') return res.end('{"version":"2.5.1"}');
      if (req.url === '/users/view/me') return res.end('{"User":{"id":"1"}}');
      res.end(JSON.stringify(answer(JSON.parse(body) as Record<string, unknown>)));
    });
  });
}

beforeAll(async () => {
  net = await startNetwork({ members: [{ name: world.members[0]!.name, seed: world.members[0]!.events }], hubOverrides: { ipInfo: null } });
  misp = await startTestNode({ orgName: mispMember.name });
  for (let i = 0; i < mispMember.events.length; i += 200) await misp.store.saveEvents(mispMember.events.slice(i, i + 200), misp.ownerOrg.id);
  fake = fakeMisp((body) => {
    batchSizes.push((body.value as string[]).length);
    return { response: { Attribute: [] } };
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  fake?.closeAllConnections();
  await new Promise((r) => fake?.close(r));
  await misp?.close();
  await net?.close();
});

describe('MISP sources', () => {
  it('checks a MISP server on adding it and reports a bad key or a non-MISP server', async () => {
    const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    const m = await admin.addMember(mispMember.name);
    await expect(admin.addSource(m.id, { kind: 'misp', url: misp.url, apiKey: 'a'.repeat(40) })).rejects.toMatchObject({ code: 'source_bad_key' });
    const notMisp = net.nodes[world.members[0]!.name]!.url + '/nothing-here';
    await expect(admin.addSource(m.id, { kind: 'misp', url: notMisp, apiKey: 'a'.repeat(40) })).rejects.toMatchObject({ status: 502 });
    const s = await admin.addSource(m.id, { kind: 'misp', url: misp.url, apiKey: await misp.createKey('renkei-hub', 'reader') });
    expect(s).toMatchObject({ kind: 'misp', status: 'ok' });
  });

  it('finds the MISP member’s hits with MISP semantics and logs them for the owner only', async () => {
    const searcher = world.members[0]!.name;
    const r = await createHubClient({ baseUrl: net.hub.url, apiKey: net.users[searcher]!.analyst.key }).search({ values: world.sample });
    const mm = r.members.find((m) => m.name === mispMember.name)!;
    expect(mm).toMatchObject({ status: 'ok', hits: mispMember.shared });
    const row = r.results.find((v) => v.hits[mispMember.name])!;
    expect(row.details.find((d) => d.member === mispMember.name)).toMatchObject({ match: 'exact', attribute: { value: row.value } });

    const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    await admin.addUser({ login: 'misp-owner', password: 'misp-owner-password', role: 'member-admin', org: mispMember.name });
    const ownerKey = (await net.hub.hub.ctx.auth.createKey((await net.hub.hub.ctx.store.getUser('misp-owner'))!.id, 't')).key;
    const { hits } = await createHubClient({ baseUrl: net.hub.url, apiKey: ownerKey }).hits();
    expect(hits).toHaveLength(mispMember.shared);
    expect(hits.every((h) => h.searcherOrg === searcher && h.member === mispMember.name)).toBe(true);
    // The searcher's own member sees no hits of the MISP member.
    const mine = await createHubClient({ baseUrl: net.hub.url, apiKey: net.users[searcher]!.admin.key }).hits();
    expect(mine.hits.every((h) => h.member === searcher)).toBe(true);
  });

  it('sends MISP at most 200 values per request', async () => {
    const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    const m = await admin.addMember('Batch Counter');
    await admin.addSource(m.id, { kind: 'misp', url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, apiKey: 'b'.repeat(40) });
    await createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key }).search({ values: world.sample, members: ['Batch Counter'] });
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(853);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(200);
    expect(batchSizes.length).toBe(5);
  });

  it('keeps TLP:RED out: asks MISP to leave it out and drops any RED attribute MISP still returns', async () => {
    const asked: unknown[] = [];
    const attribute = (value: string, tag: string) => ({
      id: '1', event_id: '1', uuid: `0b1c2d3e-4f50-4a6b-8c7d-${value === '45.9.9.1' ? '8e9fa0b1c2d1' : '8e9fa0b1c2d2'}`, type: 'ip-dst', category: 'Network activity', value,
      to_ids: true, timestamp: '1700000000', Tag: [{ name: tag }], Event: { uuid: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', info: 'x', date: '2024-01-01', threat_level_id: '2' },
    });
    // A MISP that ignores the tag filter: answers with a RED and a GREEN attribute.
    const careless = fakeMisp((body) => {
      asked.push(body);
      return { response: { Attribute: [attribute('45.9.9.1', 'tlp:red'), attribute('45.9.9.2', 'TLP:GREEN')] } };
    });
    await new Promise<void>((r) => careless.listen(0, '127.0.0.1', r));
    try {
      const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
      const m = await admin.addMember('Careless MISP');
      await admin.addSource(m.id, { kind: 'misp', url: `http://127.0.0.1:${(careless.address() as AddressInfo).port}`, apiKey: 'c'.repeat(40) });
      const r = await admin.search({ values: ['45.9.9.1', '45.9.9.2'], members: ['Careless MISP'] });
      expect(asked).toEqual([expect.objectContaining({ tags: ['!tlp:red'] })]);
      expect(r.results.filter((v) => v.hits['Careless MISP']).map((v) => v.value)).toEqual(['45.9.9.2']);
      expect(JSON.stringify(r)).not.toContain('8e9fa0b1c2d1'); // the RED attribute's uuid
    } finally {
      careless.closeAllConnections();
      await new Promise((r) => careless.close(r));
    }
  });
});
