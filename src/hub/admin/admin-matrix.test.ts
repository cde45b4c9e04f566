/**
 * Administration write matrix over real HTTP (issue 13 §6): hub admin × member admin × analyst, on a user
 * of their own organisation, of another organisation, and on a hub admin; what a disabled user, an expired
 * key and a rotated key can still do; the audit log's filters and scope; member and source edits by the
 * operator only; and no analyst answer carrying another member's node URL. Real hub, real nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { startNetwork, TEST_PASSWORD, type NetworkUser, type TestNetwork } from '../../testkit/network.ts';

let tn: TestNetwork;
beforeAll(async () => {
  tn = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }], hubOverrides: { ipInfo: null } });
}, 60_000);
afterAll(async () => {
  await tn?.close();
});

const call = async (key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(`${tn.hub.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};
const userId = async (login: string): Promise<number> => (await tn.hub.hub.ctx.store.getUser(login))!.id;
const roleOf = async (login: string): Promise<string> => (await tn.hub.hub.ctx.store.getUser(login))!.role;
const errorCode = (r: { json: Record<string, unknown> }): unknown => (r.json.error as { code?: string } | undefined)?.code;

describe('account write matrix (actor × target)', () => {
  const actors = (): Record<string, NetworkUser> => ({ hubAdmin: tn.hub.admin, aobaAdmin: tn.users['Aoba CSIRT']!.admin, aobaAnalyst: tn.users['Aoba CSIRT']!.analyst });
  const targets = (): Record<string, NetworkUser> => ({ ownOrgAnalyst: tn.users['Aoba CSIRT']!.analyst, otherOrgAnalyst: tn.users['Kinu SOC']!.analyst, hubAdmin: tn.hub.admin });

  it('role change: hub admin anyone but itself; member admin its own organisation, never to or of a hub admin; analyst nobody', async () => {
    const expected: Record<string, Record<string, number>> = {
      hubAdmin: { ownOrgAnalyst: 200, otherOrgAnalyst: 200, hubAdmin: 403 },
      aobaAdmin: { ownOrgAnalyst: 200, otherOrgAnalyst: 404, hubAdmin: 404 },
      aobaAnalyst: { ownOrgAnalyst: 403, otherOrgAnalyst: 404, hubAdmin: 404 },
    };
    const seen: Record<string, Record<string, number>> = {};
    for (const [an, actor] of Object.entries(actors())) {
      seen[an] = {};
      for (const [tname, target] of Object.entries(targets())) {
        const before = await roleOf(target.login);
        const to = before === 'analyst' ? 'member-admin' : 'analyst';
        const r = await call(actor.key, 'PUT', `/api/v1/users/${await userId(target.login)}/role`, { role: to });
        seen[an][tname] = r.status;
        // What was refused changed nothing; what passed changed exactly the role, and is put back.
        expect(await roleOf(target.login)).toBe(r.status === 200 ? to : before);
        if (r.status === 200) {
          expect(r.json).toMatchObject({ login: target.login, role: to, disabledAt: null });
          await call(tn.hub.admin.key, 'PUT', `/api/v1/users/${await userId(target.login)}/role`, { role: before });
        }
      }
    }
    expect(seen).toEqual(expected);
    // A member admin may not grant hub admin even inside its organisation.
    const grant = await call(tn.users['Aoba CSIRT']!.admin.key, 'PUT', `/api/v1/users/${await userId(tn.users['Aoba CSIRT']!.analyst.login)}/role`, { role: 'hub-admin' });
    expect([grant.status, errorCode(grant)]).toEqual([403, 'forbidden']);
    expect(await roleOf(tn.users['Aoba CSIRT']!.analyst.login)).toBe('analyst');
  });

  it('disable: the same matrix; a disabled user’s key and password stop working, enabling restores both', async () => {
    const expected: Record<string, Record<string, number>> = {
      hubAdmin: { ownOrgAnalyst: 200, otherOrgAnalyst: 200, hubAdmin: 403 },
      aobaAdmin: { ownOrgAnalyst: 200, otherOrgAnalyst: 404, hubAdmin: 404 },
      aobaAnalyst: { ownOrgAnalyst: 403, otherOrgAnalyst: 404, hubAdmin: 404 },
    };
    const seen: Record<string, Record<string, number>> = {};
    for (const [an, actor] of Object.entries(actors())) {
      seen[an] = {};
      for (const [tname, target] of Object.entries(targets())) {
        const r = await call(actor.key, 'PUT', `/api/v1/users/${await userId(target.login)}/disabled`, { disabled: true });
        seen[an][tname] = r.status;
        const probe = await call(target.key, 'GET', '/api/v1/me');
        expect(probe.status, `${an} → ${tname}`).toBe(r.status === 200 ? 401 : 200);
        if (r.status === 200) {
          const signIn = await fetch(`${tn.hub.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: target.login, password: TEST_PASSWORD }) });
          // Answered as a wrong password: the answer does not say the account exists.
          expect([signIn.status, ((await signIn.json()) as { error: { code: string; message: string } }).error]).toEqual([401, { code: 'unauthenticated', message: 'wrong login or password' }]);
          const back = await call(tn.hub.admin.key, 'PUT', `/api/v1/users/${await userId(target.login)}/disabled`, { disabled: false });
          expect(back.json).toMatchObject({ login: target.login, disabledAt: null });
          expect((await call(target.key, 'GET', '/api/v1/me')).status).toBe(200);
        }
      }
    }
    expect(seen).toEqual(expected);
  });

  it('password reset: the same matrix; the new password signs in and clears a lockout', async () => {
    const seen: Record<string, Record<string, number>> = {};
    for (const [an, actor] of Object.entries(actors())) {
      seen[an] = {};
      for (const [tname, target] of Object.entries(targets())) {
        if (tname === 'hubAdmin' && an === 'hubAdmin') continue; // its own password: shown below
        const r = await call(actor.key, 'POST', `/api/v1/users/${await userId(target.login)}/password`, { password: 'a-new-password-1' });
        seen[an][tname] = r.status;
        if (r.status === 200) {
          const s = await fetch(`${tn.hub.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: target.login, password: 'a-new-password-1' }) });
          expect(s.status).toBe(200);
          await call(tn.hub.admin.key, 'POST', `/api/v1/users/${await userId(target.login)}/password`, { password: TEST_PASSWORD });
        }
      }
    }
    expect(seen).toEqual({ hubAdmin: { ownOrgAnalyst: 200, otherOrgAnalyst: 200 }, aobaAdmin: { ownOrgAnalyst: 200, otherOrgAnalyst: 404, hubAdmin: 404 }, aobaAnalyst: { ownOrgAnalyst: 403, otherOrgAnalyst: 404, hubAdmin: 404 } });
    const kinu = tn.users['Kinu SOC']!.analyst;
    await tn.hub.hub.ctx.store.setLoginState(await userId(kinu.login), 9, Date.now() + 600_000);
    const reset = await call(tn.hub.admin.key, 'POST', `/api/v1/users/${await userId(kinu.login)}/password`, { password: TEST_PASSWORD });
    expect(reset.json).toMatchObject({ login: kinu.login, lockedUntil: null });
    expect((await tn.hub.hub.ctx.store.getUser(kinu.login))!.failedLogins).toBe(0);
  });

  it('user lists: hub admin everyone, member admin its organisation, analyst none', async () => {
    const logins = async (key: string) => {
      const r = await call(key, 'GET', '/api/v1/admin/users');
      return r.status === 200 ? (r.json.users as { login: string }[]).map((u) => u.login).sort() : r.status;
    };
    expect(await logins(tn.hub.admin.key)).toEqual(['aoba-csirt-admin', 'aoba-csirt-analyst', 'hubadmin', 'kinu-soc-admin', 'kinu-soc-analyst']);
    expect(await logins(tn.users['Aoba CSIRT']!.admin.key)).toEqual(['aoba-csirt-admin', 'aoba-csirt-analyst']);
    expect(await logins(tn.users['Aoba CSIRT']!.analyst.key)).toBe(403);
  });
});

describe('API keys: create, rotate, expire, last used', () => {
  it('lists own keys with last use; an expired key stops working; rotation hands over to a new secret', async () => {
    const me = tn.users['Kinu SOC']!.admin;
    await call(me.key, 'GET', '/api/v1/me');
    const listed = (await call(me.key, 'GET', '/api/v1/keys')).json.keys as { id: number; label: string; lastUsedAt: number | null; expiresAt: number | null }[];
    expect(listed.map((k) => [k.label, k.lastUsedAt !== null, k.expiresAt])).toEqual([['test', true, null]]);

    const made = await call(me.key, 'POST', '/api/v1/keys', { label: 'ci' });
    expect(made.status).toBe(201);
    const ci = made.json as { key: string; info: { id: number; label: string; expiresAt: number | null; lastUsedAt: number | null } };
    expect([ci.info.label, ci.info.expiresAt, ci.info.lastUsedAt]).toEqual(['ci', null, null]);
    expect((await call(ci.key, 'GET', '/api/v1/me')).status).toBe(200);

    const rotated = await call(me.key, 'POST', `/api/v1/keys/${ci.info.id}/rotate`, { graceHours: 0 });
    expect(rotated.status).toBe(201);
    const r = rotated.json as { key: string; info: { id: number; label: string }; previous: { id: number; expiresAt: number } };
    expect([r.info.label, r.previous.id, r.previous.expiresAt <= Date.now()]).toEqual(['ci', ci.info.id, true]);
    expect((await call(ci.key, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await call(r.key, 'GET', '/api/v1/me')).status).toBe(200);

    // A grace period keeps the old secret working until then.
    const graced = (await call(me.key, 'POST', `/api/v1/keys/${r.info.id}/rotate`, { graceHours: 24 })).json as { key: string; previous: { expiresAt: number } };
    expect(graced.previous.expiresAt).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await call(r.key, 'GET', '/api/v1/me')).status).toBe(200);
    expect((await call(graced.key, 'GET', '/api/v1/me')).status).toBe(200);

    // Expire now, then clear the expiry again.
    const ex = await call(me.key, 'PUT', `/api/v1/keys/${r.info.id}/expiry`, { expiresAt: 0 });
    expect(ex.status).toBe(200);
    expect((await call(r.key, 'GET', '/api/v1/me')).status).toBe(401);
    await call(me.key, 'PUT', `/api/v1/keys/${r.info.id}/expiry`, { expiresAt: null });
    expect((await call(r.key, 'GET', '/api/v1/me')).status).toBe(200);
  });

  it('another user’s keys: admins of that user list and expire them, nobody rotates them, others see no such key', async () => {
    const owner = tn.users['Aoba CSIRT']!.analyst;
    const made = (await call(owner.key, 'POST', '/api/v1/keys', { label: 'script' })).json as { key: string; info: { id: number } };
    const ownerId = await userId(owner.login);
    expect((await call(tn.users['Aoba CSIRT']!.admin.key, 'GET', `/api/v1/keys?user=${ownerId}`)).json.keys).toHaveLength(2);
    const statuses = {
      listByOtherOrgAdmin: (await call(tn.users['Kinu SOC']!.admin.key, 'GET', `/api/v1/keys?user=${ownerId}`)).status,
      expireByOtherOrgAdmin: (await call(tn.users['Kinu SOC']!.admin.key, 'PUT', `/api/v1/keys/${made.info.id}/expiry`, { expiresAt: 0 })).status,
      expireByOtherOrgAnalyst: (await call(tn.users['Kinu SOC']!.analyst.key, 'PUT', `/api/v1/keys/${made.info.id}/expiry`, { expiresAt: 0 })).status,
      rotateByOwnAdmin: (await call(tn.users['Aoba CSIRT']!.admin.key, 'POST', `/api/v1/keys/${made.info.id}/rotate`, {})).status,
      rotateByHubAdmin: (await call(tn.hub.admin.key, 'POST', `/api/v1/keys/${made.info.id}/rotate`, {})).status,
    };
    expect(statuses).toEqual({ listByOtherOrgAdmin: 404, expireByOtherOrgAdmin: 404, expireByOtherOrgAnalyst: 404, rotateByOwnAdmin: 404, rotateByHubAdmin: 404 });
    expect((await call(made.key, 'GET', '/api/v1/me')).status).toBe(200);
    const expired = await call(tn.users['Aoba CSIRT']!.admin.key, 'PUT', `/api/v1/keys/${made.info.id}/expiry`, { expiresAt: 0 });
    expect(expired.status).toBe(200);
    expect((await call(made.key, 'GET', '/api/v1/me')).status).toBe(401);
  });
});

describe('audit log', () => {
  it('filters by action and actor; a member admin reads its own organisation only; analysts none', async () => {
    const hub = await call(tn.hub.admin.key, 'GET', '/api/v1/audit?action=user-role&limit=100');
    const rows = hub.json.entries as { action: string; actorLogin: string | null; actorOrg: string; detail: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((e) => e.action))).toEqual(new Set(['user-role']));
    expect(rows.map((e) => e.detail)).toContain('aoba-csirt-analyst in Aoba CSIRT: member-admin → analyst');
    const byAoba = (await call(tn.hub.admin.key, 'GET', '/api/v1/audit?actor=aoba-csirt-admin&action=user-role')).json.entries as { actorLogin: string; detail: string }[];
    expect(byAoba.map((e) => [e.actorLogin, e.detail])).toEqual([['aoba-csirt-admin', 'aoba-csirt-analyst in Aoba CSIRT: analyst → member-admin']]);
    const mine = (await call(tn.users['Aoba CSIRT']!.admin.key, 'GET', '/api/v1/audit?org=Kinu%20SOC&limit=1000')).json.entries as { actorOrg: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((e) => e.actorOrg))).toEqual(new Set(['Aoba CSIRT']));
    expect((await call(tn.users['Aoba CSIRT']!.analyst.key, 'GET', '/api/v1/audit')).status).toBe(403);
    expect((await call(tn.hub.admin.key, 'GET', '/api/v1/audit?bogus=1')).status).toBe(400);
  });
});

describe('member and source edits', () => {
  it('only a hub admin renames a member or edits a source; a taken name is a conflict; the edited source still answers', async () => {
    const kinu = (await tn.hub.hub.ctx.members.get('Kinu SOC'))!;
    const source = kinu.sources[0]!;
    for (const u of [tn.users['Kinu SOC']!.admin, tn.users['Kinu SOC']!.analyst]) {
      expect((await call(u.key, 'PUT', `/api/v1/members/${kinu.id}`, { name: 'Kinu CERT' })).status).toBe(403);
      expect((await call(u.key, 'PUT', `/api/v1/sources/${source.id}`, { url: 'https://evil.example/', verifyTls: true })).status).toBe(403);
    }
    expect((await tn.hub.hub.ctx.store.getSource(source.id))!.url).toBe(source.url);
    const clash = await call(tn.hub.admin.key, 'PUT', `/api/v1/members/${kinu.id}`, { name: 'Aoba CSIRT' });
    expect([clash.status, errorCode(clash)]).toEqual([409, 'conflict']);
    const renamed = await call(tn.hub.admin.key, 'PUT', `/api/v1/members/${kinu.id}`, { name: 'Kinu CERT' });
    expect(renamed.json).toMatchObject({ id: kinu.id, name: 'Kinu CERT' });
    expect((await tn.hub.hub.ctx.store.getUser(tn.users['Kinu SOC']!.analyst.login))!.orgName).toBe('Kinu CERT');
    // A key that cannot work is refused and nothing changes; the same URL with the stored key passes the check.
    const bad = await call(tn.hub.admin.key, 'PUT', `/api/v1/sources/${source.id}`, { url: source.url, verifyTls: source.verifyTls, apiKey: 'rk_wrong-key' });
    expect([bad.status, errorCode(bad)]).toEqual([502, 'source_bad_key']);
    const ok = await call(tn.hub.admin.key, 'PUT', `/api/v1/sources/${source.id}`, { url: source.url, verifyTls: source.verifyTls });
    expect(ok.json).toMatchObject({ id: source.id, url: source.url, status: 'ok', lastError: null });
    await call(tn.hub.admin.key, 'PUT', `/api/v1/members/${kinu.id}`, { name: 'Kinu SOC' });
  });

  it('no analyst answer carries another member’s node URL', async () => {
    const analyst = tn.users['Aoba CSIRT']!.analyst;
    const other = tn.nodes['Kinu SOC']!.url;
    const client = createHubClient({ baseUrl: tn.hub.url, apiKey: analyst.key });
    const result = await client.search({ values: ['203.0.113.77'] });
    const bodies = [JSON.stringify(result), JSON.stringify(await client.listMembers()), JSON.stringify(await client.listSearches())];
    for (const p of ['/api/v1/admin/users', '/api/v1/audit', '/api/v1/source-requests', '/api/v1/keys', '/api/v1/users']) bodies.push(JSON.stringify((await call(analyst.key, 'GET', p)).json));
    expect(bodies.filter((b) => b.includes(other))).toEqual([]);
  });
});
