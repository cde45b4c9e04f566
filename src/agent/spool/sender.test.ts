/**
 * The agent's poster against a real HTTP server on loopback: evidence posts carry the spool batch id as
 * `Idempotency-Key` (so the hub answers a retry without ingesting it again), statistics posts carry none,
 * and the retry classification (5xx and 429 retried, other 4xx not).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBatch, postJson } from './sender.ts';

let server: http.Server;
let url = '';
const seen: Array<{ path: string; key: string | null; auth: string | null }> = [];
let answer = 200;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ path: req.url ?? '', key: (req.headers['idempotency-key'] as string | undefined) ?? null, auth: req.headers.authorization ?? null });
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('agent sender', () => {
  it('sends the idempotency key it is given, none otherwise, and classifies refusals', async () => {
    expect(await postJson(url, 'k1', 'api/v1/notifications/reports', '{}', undefined, 'evidence-0f3c')).toEqual({ ok: true, duplicate: false });
    expect(await postBatch(url, 'k1', '{}')).toEqual({ ok: true, duplicate: false });
    answer = 503;
    expect(await postJson(url, 'k1', 'api/v1/notifications/reports', '{}', undefined, 'evidence-0f3c')).toMatchObject({ ok: false, retry: true, status: 503 });
    answer = 400;
    expect(await postJson(url, 'k1', 'api/v1/notifications/reports', '{}')).toMatchObject({ ok: false, retry: false, status: 400 });
    expect(seen).toEqual([
      { path: '/api/v1/notifications/reports', key: 'evidence-0f3c', auth: 'Bearer k1' },
      { path: '/api/v1/stats/ingest', key: null, auth: 'Bearer k1' },
      { path: '/api/v1/notifications/reports', key: 'evidence-0f3c', auth: 'Bearer k1' },
      { path: '/api/v1/notifications/reports', key: null, auth: 'Bearer k1' },
    ]);
  });
});
