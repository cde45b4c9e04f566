/**
 * The hub as a web application, over real sockets: security headers on every answer (CSP without inline
 * scripts, no framing, nosniff, Referrer-Policy; HSTS only on TLS), HTTPS when given a certificate and key,
 * the built web UI free of inline scripts so the CSP does not break it, and the sign-in limit per address
 * following X-Forwarded-For only when the proxy is trusted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../create-hub.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

let dir: string;
let webDir: string;
const hubs: Hub[] = [];
const base = { port: 0, host: '127.0.0.1', enrichment: { enabled: false, rangeDirs: [] as string[] } };

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-headers-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  // The real web UI, built as `npm start` builds it, into a directory of this test's own.
  webDir = path.join(dir, 'web');
  execFileSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts', '--outDir', webDir, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'ignore' });
}, 120_000);
afterAll(async () => {
  for (const h of hubs) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(extra: Record<string, unknown>): Promise<Hub> {
  const h = await createHub({ ...base, db: path.join(dir, `${hubs.length}.db`), webDir, ...extra });
  hubs.push(h);
  await h.listen();
  return h;
}

/** GET over HTTPS trusting the throwaway certificate. */
function httpsGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca: readFileSync(path.join(dir, 'cert.pem')) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    }).on('error', reject);
  });
}

describe('security headers', () => {
  it('sends CSP, frame-ancestors, nosniff and Referrer-Policy on pages, API answers and errors; no HSTS on plain HTTP', async () => {
    const h = await start({});
    expect(h.url).toMatch(/^http:\/\//);
    for (const p of ['/', '/index.html', '/search/deep-link', '/healthz', '/api/v1/me', '/api/v1/nope']) {
      const r = await fetch(h.url + p);
      expect(r.headers.get('content-security-policy'), p).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(r.headers.get('x-frame-options'), p).toBe('DENY');
      expect(r.headers.get('strict-transport-security'), p).toBeNull();
    }
    const csp = CONTENT_SECURITY_POLICY.split('; ');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*('unsafe-inline'|'unsafe-eval')/);
  });

  it('serves HTTPS with HSTS when given a certificate and key', async () => {
    const h = await start({ tlsCert: path.join(dir, 'cert.pem'), tlsKey: path.join(dir, 'key.pem') });
    expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await httpsGet(`${h.url}/healthz`);
    expect(r.status).toBe(200);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await expect(createHub({ ...base, db: path.join(dir, 'half.db'), tlsCert: path.join(dir, 'cert.pem') })).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('serves a built web UI without inline scripts or inline event handlers', async () => {
    const h = await start({});
    const html = await (await fetch(`${h.url}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.?\/[^"]+"/); // same-origin file, allowed by script-src 'self'
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    // Every file the page loads is served from the hub itself.
    for (const [, src] of html.matchAll(/\b(?:src|href)="([^"]+)"/g)) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(src!, `${h.url}/`))).status, src).toBe(200);
    }
    // The bundle does not evaluate strings as code (blocked without 'unsafe-eval').
    const js = readdirSync(path.join(webDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(webDir, 'assets', f), 'utf8')).join('\n');
    expect(js).not.toMatch(/\bnew Function\(|\beval\(/);
  });
});

describe('behind a reverse proxy', () => {
  const signIn = (url: string, forwardedFor: string) =>
    fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ login: 'nobody', password: 'wrong-password' }) });

  it('counts sign-ins per forwarded client address only when trustProxy is set', async () => {
    const auth = { signInsPerMinute: 2, maxFailedLogins: 100, lockoutMs: 60_000, sessionTtlMs: 3_600_000, cookieSecure: true };
    const trusting = await start({ trustProxy: true, auth });
    expect((await signIn(trusting.url, '198.51.100.1')).status).toBe(401);
    expect((await signIn(trusting.url, '198.51.100.1')).status).toBe(401);
    expect((await signIn(trusting.url, '198.51.100.1')).status).toBe(429);
    expect((await signIn(trusting.url, '198.51.100.2')).status).toBe(401); // another client behind the proxy

    // Not trusted: a client cannot escape its budget by making up X-Forwarded-For.
    const direct = await start({ auth });
    expect((await signIn(direct.url, '198.51.100.1')).status).toBe(401);
    expect((await signIn(direct.url, '198.51.100.2')).status).toBe(401);
    expect((await signIn(direct.url, '198.51.100.3')).status).toBe(429);
  });
});
