/** Web sessions (HTTP-only cookie + CSRF), lockout, roles and honest error statuses, over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, TEST_PASSWORD, type TestNetwork } from '../testkit/network.ts';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }], hubOverrides: { ipInfo: null }, hubConfig: { auth: { maxFailedLogins: 3, lockoutMs: 60_000, sessionTtlMs: 3_600_000, cookieSecure: true } } });
});
afterAll(async () => {
  await net?.close();
});

const api = (path: string, init: RequestInit = {}) => fetch(net.hub.url + path, init);
const jsonInit = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('web sessions', () => {
  it('signs in with a secure HTTP-only cookie, requires the CSRF token on writes, signs out', async () => {
    const login = net.users['Aoba CSIRT']!.analyst.login;
    const res = await api('/api/v1/session', jsonInit('POST', { login, password: TEST_PASSWORD }));
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;
    const me = (await (await api('/api/v1/me', { headers: { cookie } })).json()) as { user: { login: string; org: string }; csrfToken: string };
    expect(me.user).toMatchObject({ login, org: 'Aoba CSIRT' });
    expect(me.csrfToken).toMatch(/.{20,}/);

    const noCsrf = await api('/api/v1/searches', jsonInit('POST', { values: ['8.8.8.8'] }, { cookie }));
    expect(noCsrf.status).toBe(403);
    const ok = await api('/api/v1/searches', jsonInit('POST', { values: ['8.8.8.8'] }, { cookie, 'x-csrf-token': me.csrfToken, accept: 'application/json' }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { org: string }).org).toBe('Aoba CSIRT');

    const out = await api('/api/v1/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': me.csrfToken } });
    expect(out.status).toBe(204);
    expect((await api('/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('locks an account after repeated failures', async () => {
    const login = net.users['Kinu SOC']!.analyst.login;
    for (let i = 0; i < 3; i++) expect((await api('/api/v1/session', jsonInit('POST', { login, password: 'wrong-password' }))).status).toBe(401);
    const locked = await api('/api/v1/session', jsonInit('POST', { login, password: TEST_PASSWORD }));
    expect(locked.status).toBe(429);
    expect((await api('/api/v1/session', jsonInit('POST', { login: 'nobody', password: 'x' }))).status).toBe(401);
  });
});

describe('roles and errors', () => {
  it('lets only hub admins onboard members and keeps other organisations’ users apart', async () => {
    const analyst = { authorization: `Bearer ${net.users['Aoba CSIRT']!.analyst.key}` };
    expect((await api('/api/v1/members', jsonInit('POST', { name: 'X' }, analyst))).status).toBe(403);
    const memberAdmin = { authorization: `Bearer ${net.users['Aoba CSIRT']!.admin.key}` };
    expect((await api('/api/v1/users', jsonInit('POST', { login: 'x1', password: 'long-enough-pw', role: 'analyst', org: 'Kinu SOC' }, memberAdmin))).status).toBe(403);
    expect((await api('/api/v1/users', jsonInit('POST', { login: 'x2', password: 'long-enough-pw', role: 'analyst' }, memberAdmin))).status).toBe(201);
    const users = (await (await api('/api/v1/users', { headers: memberAdmin })).json()) as { users: { org: string }[] };
    expect(users.users.every((u) => u.org === 'Aoba CSIRT')).toBe(true);
    expect(JSON.stringify(users)).not.toMatch(/scrypt/);
  });

  it('answers bad input with 4xx and a stable code, never 500', async () => {
    const h = { authorization: `Bearer ${net.users['Aoba CSIRT']!.analyst.key}`, 'content-type': 'application/json' };
    const badJson = await api('/api/v1/searches', { method: 'POST', headers: h, body: '{"values": [' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const tooMany = await api('/api/v1/searches', { method: 'POST', headers: h, body: JSON.stringify({ values: Array.from({ length: 10_001 }, (_, i) => `10.0.${i >> 8}.${i & 255}`) }) });
    expect(tooMany.status).toBe(400);
    expect((await api('/api/v1/searches', { method: 'POST', headers: h, body: JSON.stringify({ values: ['x'], members: ['Nobody'] }) })).status).toBe(400);
    expect((await api('/api/v1/searches/none', { headers: h })).status).toBe(404);
    expect((await api('/api/v1/nothing', { headers: h })).status).toBe(404);
    expect((await api('/api/v1/searches', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });
});

describe('sign-in rate limit per client address', () => {
  it('refuses further sign-ins from one address, across accounts, once its budget for the minute is spent', async () => {
    const small = await startNetwork({ members: [{ name: 'Aoba CSIRT' }], hubOverrides: { ipInfo: null }, hubConfig: { auth: { signInsPerMinute: 4 } } });
    try {
      const at = (path: string, init: RequestInit = {}) => fetch(small.hub.url + path, init);
      // Spraying one password over many logins: per-account lockout never triggers, the address limit does.
      for (let i = 0; i < 4; i++) expect((await at('/api/v1/session', jsonInit('POST', { login: `user-${i}`, password: 'spring2026' }))).status).toBe(401);
      const refused = await at('/api/v1/session', jsonInit('POST', { login: small.users['Aoba CSIRT']!.analyst.login, password: TEST_PASSWORD }));
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      // Other routes are not limited by it.
      expect((await at('/healthz')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
