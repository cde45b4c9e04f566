/** Keys, roles, rate limits (429), body limits (413), health and the audit log. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event, sharingGroup } from './test-support.ts';
import { API_KEY_PATTERN } from './keys/api-key.ts';

describe('node access control and limits', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ config: { rateLimitMax: 8, rateLimitWindowMs: 60_000, bodyLimit: 4096 } });
  });
  afterAll(async () => t?.close());

  it('stores keys hashed: the listing never holds the key', async () => {
    const { key, info } = await t.node.keys.create({ org: 'HashOrg', role: 'reader' });
    expect(key).toMatch(API_KEY_PATTERN);
    const rec = (await t.node.meta.listKeys()).find((k) => k.id === info.id)!;
    expect(rec.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(await t.node.meta.listKeys())).not.toContain(key);
    expect(JSON.stringify(await t.node.keys.list())).not.toContain(rec.keyHash);
  });

  it('revoked keys stop working', async () => {
    const { key, info } = await t.node.keys.create({ org: 'RevokeOrg', role: 'reader' });
    expect((await call(`${t.url}/users/view/me`, key, 'GET')).status).toBe(200);
    await t.node.keys.revoke(info.id);
    const audit = await t.node.meta.listAudit({ limit: 10_000 });
    expect(audit.filter((e) => e.action.startsWith('keys.') && e.detail.id === info.id).map((e) => e.action)).toEqual(['keys.create', 'keys.revoke']);
    // The principal cache (2 s) is dropped by a revocation in this process: the very next request is refused.
    expect((await call(`${t.url}/users/view/me`, key, 'GET')).status).toBe(403);
    await expect(t.node.keys.revoke(info.id)).rejects.toThrow(/no active key/);
  });

  it('an organisation removed from a sharing group stops seeing its data on the next request', async () => {
    const owner = await t.createKey('SgOwner', 'admin');
    const member = await t.createKey('SgMember', 'reader');
    const ownerOrg = (await t.store.getOrg('SgOwner'))!;
    const memberOrg = (await t.store.getOrg('SgMember'))!;
    const sg = await t.store.upsertSharingGroup(sharingGroup('Access circle', ['SgOwner', 'SgMember']), ownerOrg.id);
    await t.store.saveEvents([event('circle only', [attr('domain', 'circle-only.example')], { distribution: 4, sharingGroup: { uuid: sg.uuid, name: sg.name, orgs: [] }, tags: [{ name: 'tlp:amber' }] })], ownerOrg.id);
    const seen = async () => ((await call(`${t.url}/attributes/restSearch`, member, 'POST', { value: 'circle-only.example' })).json as { response: { Attribute: { value: string }[] } }).response.Attribute.map((a) => a.value);
    expect(await seen()).toEqual(['circle-only.example']);
    const removed = await call(`${t.url}/sharing_groups/removeOrg/${sg.uuid}/${memberOrg.uuid}`, owner, 'POST', {});
    expect(removed.status).toBe(200);
    expect(await seen()).toEqual([]);
  });

  it('rate-limits per key with a 429 JSON error, other keys unaffected', async () => {
    const a = await t.createKey('RateA', 'reader');
    const b = await t.createKey('RateB', 'reader');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(`${t.url}/servers/getVersion`, a, 'GET')).status);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    const limited = await call(`${t.url}/servers/getVersion`, a, 'GET');
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ code: 'rate_limited' });
    expect(limited.json.message).toMatch(/rate limit/);
    expect((await call(`${t.url}/servers/getVersion`, b, 'GET')).status).toBe(200);
  });

  it('refuses oversized bodies with a 413 JSON error', async () => {
    const key = await t.createKey('BigOrg', 'admin');
    const big = await call(`${t.url}/attributes/restSearch`, key, 'POST', { value: Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`) });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ code: 'payload_too_large', url: '/attributes/restSearch' });
    const fed = await call(`${t.url}/federation/v1/search`, key, 'POST', 'x'.repeat(10_000));
    expect(fed.status).toBe(413);
    expect(fed.json.error.code).toBe('payload_too_large');
  });

  it('serves health without a key, JSON 404s, and keeps search keys to search', async () => {
    expect((await call(`${t.url}/health`, null, 'GET')).json).toEqual({ status: 'ok' });
    const nf = await call(`${t.url}/no/such/path`, null, 'GET');
    expect(nf.status).toBe(404);
    expect(nf.json.message).toMatch(/no such endpoint/);
    const search = await t.createKey('SearchOrg', 'search');
    expect((await call(`${t.url}/servers/getVersion`, search, 'GET')).status).toBe(200);
    expect((await call(`${t.url}/events/add`, search, 'POST', { Event: { info: 'x' } })).status).toBe(403);
    expect((await call(`${t.url}/sightings/add`, search, 'POST', { values: ['1.2.3.4'] })).status).toBe(403);
  });

  it('mounts TAXII 2.1 under /taxii2 with the same keys', async () => {
    const key = await t.createKey('TaxiiOrg', 'reader');
    const res = await fetch(`${t.url}/taxii2/`, { headers: { accept: 'application/taxii+json;version=2.1', authorization: `Basic ${Buffer.from(`TaxiiOrg:${key}`).toString('base64')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/taxii\+json/);
    const anon = await fetch(`${t.url}/taxii2/`, { headers: { accept: 'application/taxii+json;version=2.1' } });
    expect(anon.status).toBe(401);
  });

  it('audits writes and searches (who, what, how much), never request bodies', async () => {
    const key = await t.createKey('AuditOrg', 'publisher');
    await call(`${t.url}/events/add`, key, 'POST', { Event: { info: 'audited', Attribute: [{ type: 'ip-dst', value: '45.7.7.7' }] } });
    await call(`${t.url}/attributes/restSearch`, key, 'POST', { value: ['45.7.7.7', '45.7.7.8'] });
    await t.node.flushAudit();
    const log = (await t.node.meta.listAudit({ limit: 10_000 })).filter((e) => e.orgName === 'AuditOrg');
    expect(log.map((e) => e.action)).toEqual(['keys.create', 'events.add', 'attributes.restSearch']);
    expect(log[2]!.detail).toMatchObject({ values: 2, results: 1 });
    expect(JSON.stringify(log)).not.toContain('45.7.7.8');
  });
});
