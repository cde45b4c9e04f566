/** `renkei node --tls-cert/--tls-key`: the node serves HTTPS with the given PEM files. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestNode } from '../testkit/node-harness.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-tls-'));

describe('node over TLS', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves HTTPS with a PEM certificate and key', async () => {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const t = await startTestNode({ config: { tlsCert: cert, tlsKey: key } });
    try {
      expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        https.get(`${t.url}/health`, { rejectUnauthorized: false }, (res) => {
          let s = '';
          res.on('data', (d) => (s += d));
          res.on('end', () => resolve(s));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
    } finally {
      await t.close();
    }
  });

  it('refuses unreadable TLS files with a config error', async () => {
    await expect(startTestNode({ config: { tlsCert: path.join(dir, 'missing.pem'), tlsKey: path.join(dir, 'missing.pem') } })).rejects.toThrow(/cannot read TLS file/);
  });
});
