/**
 * One member cannot flood the hub: at most `maxHitsPerValue` hits per value are kept, an answer over the
 * byte bound is not read further (the batch is split and asked again; a value whose answer alone is too
 * big is left out), the member's status says "answer truncated", and the creator shown for a hit is the
 * member the hub reached, whatever the answer claims. Real HTTP servers on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import type { HitContext } from '../contracts/federation.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';

const MAX_HITS = 50;
const MAX_BYTES = 256 * 1024;
const servers: http.Server[] = [];
let net: TestNetwork;
let endlessWritten = 0;
const batchSizes: Record<string, number[]> = {};

const hit = (value: string, i: number, comment = ''): HitContext => ({
  match: 'exact',
  attribute: { uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'ip-dst', category: 'Network activity', value, toIds: true, comment, firstSeen: null, lastSeen: null, timestamp: 1_700_000_000, tags: [] },
  event: { uuid: '11111111-0000-4000-8000-000000000001', info: 'planted', date: '2026-01-01', orgc: 'Claimed Other Org', tags: [], threatLevel: 2 },
  warninglists: [],
});

/** A fake Renkei node: `answer` maps the batch's values to per-index hits. */
async function fakeNode(name: string, answer: (values: string[]) => { index: number; hits: HitContext[] }[]): Promise<string> {
  batchSizes[name] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const values = (JSON.parse(body) as { values: { value: string }[] }).values.map((v) => v.value);
      batchSizes[name]!.push(values.length);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: answer(values), tookMs: 1 }));
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** Streams up to 250 MB of a never-ending JSON answer, honouring back-pressure, and counts what it sent. */
async function endlessNode(): Promise<string> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const s = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"results":[{"index":0,"hits":[],"pad":"');
    const pump = (): void => {
      while (endlessWritten < 250 * 1024 * 1024) {
        endlessWritten += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('"}],"tookMs":1}');
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  net = await startNetwork({
    members: [],
    hubConfig: { search: { deadlineMs: 20_000, retries: 0, backoffMs: 10, perSourceConcurrency: 4, renkeiBatchSize: 64, checkTimeoutMs: 1000, maxHitsPerValue: MAX_HITS, maxAnswerBytes: MAX_BYTES }, enrichment: { enabled: false, rangeDirs: [] } },
  });
  const add = async (name: string, url: string) => net.hub.hub.ctx.members.add(name, undefined, { input: { kind: 'renkei', url, apiKey: 'k', verifyTls: true }, skipCheck: true });
  // 80 hits for the first value of every batch, one for the others.
  await add('Flood', await fakeNode('Flood', (vs) => vs.map((v, index) => ({ index, hits: Array.from({ length: index === 0 ? 80 : 1 }, (_, i) => hit(v, index * 1000 + i)) }))));
  // ~8 KB per hit: a batch of 64 values is ~512 KB, over the 256 KB bound; halves fit. One value's answer alone is 400 KB.
  await add('Bulky', await fakeNode('Bulky', (vs) => vs.map((v, index) => ({ index, hits: [hit(v, index, (v === '45.0.0.7' ? 'y' : 'x').repeat(v === '45.0.0.7' ? 400_000 : 8_000))] }))));
  await add('Endless', await endlessNode());
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await net?.close();
});

const values = Array.from({ length: 64 }, (_, i) => `45.0.0.${i}`);

describe('bounded member answers', () => {
  it('keeps at most maxHitsPerValue hits per value and says the answer was truncated', async () => {
    const r = await createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key }).search({ values, members: ['Flood'] });
    const m = r.members[0]!;
    expect(m).toMatchObject({ name: 'Flood', status: 'truncated', hits: MAX_HITS + 63 });
    expect(m.error).toBe(`answer truncated: ${80 - MAX_HITS} hits beyond ${MAX_HITS} per value left out for 1 values`);
    expect(r.results[0]!.hits).toEqual({ Flood: MAX_HITS });
    expect(r.results.slice(1).every((v) => v.hits.Flood === 1)).toBe(true);
    // The creator shown is the member the hub reached, not what the answer claimed.
    expect(new Set(r.results.flatMap((v) => v.details.map((d) => d.event.orgc)))).toEqual(new Set(['Flood']));
    expect(JSON.stringify(r)).not.toContain('Claimed Other Org');
    expect((await net.hub.hub.ctx.store.getSearch(r.id))!.status).toBe('partial');
  });

  it('splits a batch whose answer is over the byte bound and leaves out only a value too big on its own', async () => {
    const r = await createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key }).search({ values, members: ['Bulky'] });
    const m = r.members[0]!;
    expect(m).toMatchObject({ name: 'Bulky', status: 'truncated', hits: 63 });
    expect(m.error).toBe('answer truncated: 1 values left out: their answer alone is over the size bound');
    expect(r.results.filter((v) => !v.hits.Bulky).map((v) => v.value)).toEqual(['45.0.0.7']);
    for (const v of r.results) for (const d of v.details) expect(d.attribute.value).toBe(v.value);
    expect(batchSizes.Bulky![0]).toBe(64);
    expect(Math.min(...batchSizes.Bulky!)).toBe(1);
  });

  it('stops reading a never-ending answer at the bound instead of taking 250 MB', async () => {
    const r = await createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key }).search({ values: ['45.9.9.9'], members: ['Endless'] });
    expect(r.members[0]).toMatchObject({ name: 'Endless', status: 'truncated', hits: 0 });
    // Sent = what the hub read (≤ the bound) plus what socket buffers held when it hung up.
    await new Promise((res) => setTimeout(res, 200));
    expect(endlessWritten).toBeLessThan(MAX_BYTES + 16 * 1024 * 1024);
  });
});
