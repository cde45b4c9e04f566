/**
 * TLS for sources: verification is on by default (a self-signed MISP is refused), a CA file makes it
 * trusted, and verification can be switched off per source. Real HTTPS server with a throwaway cert.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mispConnector } from './misp-connector.ts';

let dir: string;
let server: https.Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== 'k'.repeat(40)) return void res.writeHead(403).end('{"name":"Authentication failed."}');
    res.end(req.url === '/servers/getVersion' ? '{"version":"2.5.1"}' : '{"User":{"id":"1"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const check = (cfg: { verifyTls: boolean; caFile: string | null; apiKey?: string }) =>
  mispConnector({ url, apiKey: cfg.apiKey ?? 'k'.repeat(40), verifyTls: cfg.verifyTls, caFile: cfg.caFile }, 'M').check(AbortSignal.timeout(5000));

describe('source TLS', () => {
  it('refuses an untrusted certificate by default', async () => {
    const c = await check({ verifyTls: true, caFile: null });
    expect(c.ok).toBe(false);
    expect(c.message).toMatch(/unreachable.*(self.signed|certificate)/i);
  });
  it('trusts the certificate given as CA file', async () => {
    expect(await check({ verifyTls: true, caFile: path.join(dir, 'cert.pem') })).toMatchObject({ ok: true, version: '2.5.1' });
  });
  it('accepts any certificate when verification is off, and still reports a bad key', async () => {
    expect((await check({ verifyTls: false, caFile: null })).ok).toBe(true);
    expect((await check({ verifyTls: false, caFile: null, apiKey: 'x'.repeat(40) })).message).toMatch(/bad key/);
  });
  it('reports an unreadable CA file', async () => {
    expect((await check({ verifyTls: true, caFile: path.join(dir, 'missing.pem') })).message).toMatch(/CA file/);
  });
});
