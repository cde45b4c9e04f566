/**
 * The one hub client cancels a running search with its AbortSignal: against a real HTTP server on
 * loopback that answers the first event and then holds the stream open, the search rejects as aborted
 * and the server sees its connection closed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from './hub-client.ts';

let server: http.Server;
let closed: Promise<void>;
let baseUrl = '';

beforeAll(async () => {
  let onClose: () => void = () => undefined;
  closed = new Promise((r) => (onClose = r));
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(`${JSON.stringify({ type: 'accepted', id: 's-1', values: 1, members: ['A'] })}\n`);
    req.socket.on('close', onClose);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('hub client search cancellation', () => {
  it('rejects as aborted after the first event and closes the connection', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const search = createHubClient({ baseUrl, apiKey: 'k' }).search({ values: ['192.0.2.1'] }, (e) => {
      seen.push(e.type);
      ac.abort();
    }, ac.signal);
    await expect(search).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual(['accepted']);
    await closed;
  });
});
