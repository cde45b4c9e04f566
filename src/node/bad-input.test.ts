/**
 * Broken bodies on every node endpoint (fuzz-style with fast-check): always a clear 4xx JSON error naming
 * the problem — never a 500 — and the store unchanged after every rejected request.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, event } from './test-support.ts';

const POSTS = ['/attributes/restSearch', '/events/restSearch', '/events/index', '/events/add', '/sightings/add', '/sightings/add/1', '/federation/v1/search'];
const PARAMS = ['value', 'type', 'category', 'tags', 'to_ids', 'published', 'last', 'from', 'to', 'timestamp', 'limit', 'page', 'returnFormat', 'eventid', 'matchKinds', 'values', 'searchId', 'searcher', 'kinds', 'Event', 'info', 'Attribute', 'filters', 'source'];

const bodies = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s, 'utf8')),
  fc.dictionary(fc.constantFrom(...PARAMS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((o) => Buffer.from(JSON.stringify(o), 'utf8')),
  fc.record({ Event: fc.dictionary(fc.constantFrom('info', 'Attribute', 'Object', 'uuid', 'date', 'Tag', 'distribution'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }) }).map((o) => Buffer.from(JSON.stringify(o))),
  fc.record({ searchId: fc.jsonValue({ maxDepth: 1 }), searcher: fc.jsonValue({ maxDepth: 2 }), values: fc.jsonValue({ maxDepth: 3 }) }).map((o) => Buffer.from(JSON.stringify(o))),
);

describe('bad input on every endpoint', () => {
  let t: TestNode;
  let key: string;
  let counts: string;
  const snapshot = async () => JSON.stringify(await t.store.counts());

  beforeAll(async () => {
    t = await startTestNode();
    key = await t.createKey('NodeOwner', 'admin');
    await t.store.saveEvents([event('base', [attr('ip-dst', '45.9.0.1')], { tlp: 'green' })], t.ownerOrg.id);
    counts = await snapshot();
  });
  afterAll(async () => t?.close());

  async function check(method: string, path: string, body?: Buffer, contentType = 'application/json') {
    const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: key, ...(body ? { 'content-type': contentType } : {}) }, ...(body ? { body: new Uint8Array(body) } : {}) });
    const text = await res.text();
    expect(res.status, `${method} ${path} ${body?.toString('utf8').slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
    if (res.status >= 400) {
      const json = JSON.parse(text);
      const message = json.message ?? json.error?.message;
      expect(typeof message, text).toBe('string');
      expect(message.length).toBeGreaterThan(3);
      expect(await snapshot(), `store changed by rejected ${path}`).toBe(counts);
    } else {
      counts = await snapshot(); // an accidentally valid write (e.g. {"Event":{"info":"x"}}) moves the baseline
    }
    return res.status;
  }

  for (const path of POSTS) {
    it(`POST ${path} survives arbitrary bodies`, async () => {
      await fc.assert(fc.asyncProperty(bodies, async (body) => void (await check('POST', path, body))), { numRuns: 60 });
    });
  }

  it('GET /events/view and /federation/v1/hits survive arbitrary ids and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (s) => {
        await check('GET', `/events/view/${encodeURIComponent(s) || 'x'}`);
        await check('GET', `/federation/v1/hits?${encodeURIComponent(s)}=${encodeURIComponent(s)}`);
        await check('GET', `/federation/v1/hits?since=${encodeURIComponent(s)}`);
      }),
      { numRuns: 60 },
    );
  });

  it('names the problem: malformed JSON, invalid UTF-8, wrong types, unknown parameters, wrong media type', async () => {
    const send = async (path: string, body: Buffer | string, type = 'application/json') => {
      const r = await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: key, 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
      return { status: r.status, json: (await r.json()) as any };
    };
    const malformed = await send('/attributes/restSearch', '{"value": [1,');
    expect(malformed).toMatchObject({ status: 400, json: { code: 'invalid_json', url: '/attributes/restSearch' } });
    const badUtf8 = await send('/events/add', Buffer.from([0x7b, 0x22, 0x69, 0xff, 0xfe, 0x22, 0x7d]));
    expect(badUtf8).toMatchObject({ status: 400, json: { code: 'invalid_encoding' } });
    const wrongType = await send('/attributes/restSearch', JSON.stringify({ value: [{ nested: 1 }] }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.message).toMatch(/value/);
    const unknown = await send('/attributes/restSearch', JSON.stringify({ valeu: '1.2.3.4' }));
    expect(unknown).toMatchObject({ status: 400, json: { code: 'unknown_parameter' } });
    expect(unknown.json.message).toMatch(/valeu/);
    const media = await send('/attributes/restSearch', '<xml/>', 'application/xml');
    expect(media.status).toBe(415);
    const badAttr = await send('/events/add', JSON.stringify({ Event: { info: 'x', Attribute: [{ type: 'ip-dst', value: 'not an ip' }, { type: 'ip-dst', value: '45.9.9.9' }] } }));
    expect(badAttr.status).toBe(400);
    expect(badAttr.json.message).toMatch(/ip-dst/);
    const fed = await fetch(`${t.url}/federation/v1/search`, { method: 'POST', headers: { authorization: key, 'content-type': 'application/json' }, body: '{' });
    expect(fed.status).toBe(400);
    expect(((await fed.json()) as any).error.code).toBe('invalid_json');
    expect(await snapshot()).toBe(counts);
  });
});
