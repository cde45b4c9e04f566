/**
 * Who may write and who may read a case, over real HTTP: the write matrix (actor org × role × case owned
 * by the actor / another user / nobody) and the read matrix (other orgs and the hub operator never see a
 * case or its hosts on any path: list, get, hosts, history, notes, attachment, damage, safe status, export).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseTestHub, type CaseTestHub, type CaseTestUser } from './test-harness.ts';

let t: CaseTestHub;
beforeAll(async () => {
  t = await startCaseTestHub();
});
afterAll(async () => t?.close());

const newCase = async (owner: 'self' | 'other' | 'nobody', by: CaseTestUser): Promise<number> => {
  const ownerUserId = owner === 'self' ? by.id : owner === 'other' ? t.users.aAdmin.id : null;
  const r = await t.api(by, 'POST', '/api/v1/cases', { title: 'matrix', ownerUserId, tlp: 'amber' });
  expect(r.status).toBe(201);
  return (r.json as { case: { id: number } }).case.id;
};

describe('write matrix', () => {
  it('lets the org work its cases, its admins and the owner govern and share them, and nobody outside touch them', async () => {
    const u = t.users;
    const actors = { aAnalyst: u.aAnalyst, aAdmin: u.aAdmin, bAnalyst: u.bAnalyst, bAdmin: u.bAdmin, hubAdmin: u.hubAdmin } as const;
    const got: Record<string, Record<string, number[]>> = {};
    for (const [name, who] of Object.entries(actors)) {
      got[name] = {};
      for (const owner of ['self', 'other', 'nobody'] as const) {
        // The case lives in Aoba's org; "self" means owned by the acting user when that user is of Aoba.
        const creator = who === u.aAdmin || who === u.aAnalyst ? who : u.aAnalyst;
        const id = await newCase(owner === 'self' && creator !== who ? 'other' : owner, creator);
        if (owner === 'self' && creator !== who) {
          got[name]![owner] = [];
          continue;
        }
        const s = await Promise.all([
          t.api(who, 'PATCH', `/api/v1/cases/${id}`, { description: 'edited' }),
          t.api(who, 'POST', `/api/v1/cases/${id}/tasks`, { title: 'task' }),
          t.api(who, 'POST', `/api/v1/cases/${id}/hosts`, { name: 'h1' }),
          t.api(who, 'POST', `/api/v1/cases/${id}/notes`, { subjective: 's' }),
          t.api(who, 'POST', `/api/v1/cases/${id}/timeline`, { occurredAt: '2026-12-01T09:00:00+09:00', what: 'w', source: 's' }),
          t.api(who, 'POST', `/api/v1/cases/${id}/hosts/tag`, { hostIds: [1], tag: 'red', reason: 'r' }),
        ]);
        const govern = await t.api(who, 'POST', `/api/v1/cases/${id}/transition`, { to: 'in_progress' });
        const tlp = await t.api(who, 'PATCH', `/api/v1/cases/${id}`, { tlp: 'green' });
        const share = await t.api(who, 'POST', `/api/v1/cases/${id}/safe-status`, { indicators: [] });
        got[name]![owner] = [...s.map((r) => r.status), govern.status, tlp.status, share.status];
      }
    }
    const work = [200, 201, 201, 201, 201, 200];
    const all = [...work, 200, 200, 200];
    const workOnly = [...work, 403, 403, 403];
    const hidden = [404, 404, 404, 404, 404, 404, 404, 404, 404];
    expect(got).toEqual({
      aAnalyst: { self: all, other: workOnly, nobody: workOnly },
      aAdmin: { self: all, other: all, nobody: all },
      bAnalyst: { self: [], other: hidden, nobody: hidden },
      bAdmin: { self: [], other: hidden, nobody: hidden },
      hubAdmin: { self: [], other: hidden, nobody: hidden },
    });
  });

  it('lets only the org\'s admins set its damage figures, which new cases of that org start from', async () => {
    const figures = { annualRevenueYen: '30000000000', businessDays: 240, hoursPerDay: null };
    const put = async (who: CaseTestUser, body: unknown) => (await t.api(who, 'PUT', '/api/v1/cases/settings', body)).status;
    expect([await put(t.users.aAnalyst, figures), await put(t.users.aAdmin, figures), await put(t.users.aAdmin, { ...figures, businessDays: 0 })]).toEqual([403, 200, 400]);
    expect((await t.api(t.users.aAnalyst, 'GET', '/api/v1/cases/settings')).json).toEqual(figures);
    expect((await t.api(t.users.bAnalyst, 'GET', '/api/v1/cases/settings')).json).toEqual({ annualRevenueYen: null, businessDays: null, hoursPerDay: null });
    const mine = (await t.api(t.users.aAnalyst, 'POST', '/api/v1/cases', { title: 'from figures' })).json as { case: { damage: unknown } };
    expect(mine.case.damage).toEqual({ ...figures, downtimeHoursOverride: null, impactOverride: null });
    const named = (await t.api(t.users.aAnalyst, 'POST', '/api/v1/cases', { title: 'own days', damage: { businessDays: 250 } })).json as { case: { damage: unknown } };
    expect(named.case.damage).toEqual({ ...figures, businessDays: 250, downtimeHoursOverride: null, impactOverride: null });
  });

  it('lets only the case owner and the org\'s admins share into a room, and nobody outside see the case', async () => {
    const opened = await t.api(t.users.bAdmin, 'POST', '/api/v1/rooms', { title: 'wave', tlp: 'green', audience: { kind: 'community' } });
    const roomId = (opened.json as { id: number }).id;
    const id = await newCase('other', t.users.aAnalyst); // owned by aAdmin
    const share = async (who: CaseTestUser) => (await t.api(who, 'POST', `/api/v1/cases/${id}/share`, { roomId, indicators: ['198.51.100.9'] })).status;
    expect([await share(t.users.aAnalyst), await share(t.users.bAdmin), await share(t.users.hubAdmin), await share(t.users.aAdmin)]).toEqual([403, 404, 404, 200]);
  });

  it('refuses an owner from another org and audits writes without titles or host names', async () => {
    const r = await t.api(t.users.aAdmin, 'POST', '/api/v1/cases', { title: 'x', ownerUserId: t.users.bAnalyst.id });
    expect([r.status, (r.json as { error: { code: string } }).error.code]).toEqual([400, 'validation_failed']);
    const id = await newCase('self', t.users.aAdmin);
    await t.api(t.users.aAdmin, 'POST', `/api/v1/cases/${id}/hosts`, { name: 'secret-host-77' });
    const entries = (await t.hub.ctx.store.listAudit(1000)).filter((e) => e.action.startsWith('case-') && e.detail?.startsWith(`case ${id}`));
    expect(entries.map((e) => [e.action, e.actorOrg, e.detail])).toEqual([
      ['case-hosts-add', 'Aoba CSIRT', `case ${id}`],
      ['case-create', 'Aoba CSIRT', `case ${id}`],
    ]);
  });
});

describe('read matrix', () => {
  it('never shows a case, its hosts or notes to another org or the hub operator, on any path', async () => {
    const a = t.users.aAdmin;
    const id = await newCase('self', a);
    const host = await t.api(a, 'POST', `/api/v1/cases/${id}/hosts`, { name: 'planted-host.corp', address: '10.9.8.7', owner: 'suzuki' });
    const hostId = (host.json as { id: number }).id;
    const file = Buffer.from('planted-file');
    const sha = createHash('sha256').update(file).digest('hex');
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/notes`, { subjective: 'planted-note', attachments: [{ name: 'f.bin', contentBase64: file.toString('base64') }] })).status).toBe(201);
    const paths = [
      `/api/v1/cases/${id}`,
      `/api/v1/cases/${id}/hosts`,
      `/api/v1/cases/${id}/hosts?tag=untriaged`,
      `/api/v1/cases/${id}/hosts/${hostId}/history`,
      `/api/v1/cases/${id}/notes`,
      `/api/v1/cases/${id}/attachments/${sha}`,
      `/api/v1/cases/${id}/damage`,
      `/api/v1/cases/${id}/export?format=json`,
      `/api/v1/cases/${id}/export?format=markdown`,
      `/api/v1/cases/${id}/export?format=html&lang=en`,
      `/api/v1/cases/${id}/report.md`,
      `/api/v1/cases/${id}/report.html?lang=en`,
    ];
    // The owning org sees every path.
    const own = await Promise.all(paths.map((p) => t.api(t.users.aAnalyst, 'GET', p)));
    expect(own.map((r) => r.status)).toEqual(paths.map(() => 200));
    expect(own[5]!.text).toBe('planted-file');
    expect(own[7]!.text).toContain('planted-host.corp');
    for (const who of [t.users.bAnalyst, t.users.bAdmin, t.users.hubAdmin]) {
      const res = await Promise.all([
        ...paths.map((p) => t.api(who, 'GET', p)),
        t.api(who, 'POST', `/api/v1/cases/${id}/safe-status`, {}),
        t.api(who, 'POST', `/api/v1/cases/${id}/hosts/tag`, { hostIds: [hostId], tag: 'black', reason: 'x' }),
        t.api(who, 'GET', '/api/v1/cases'),
      ]);
      expect(res.map((r) => r.status)).toEqual([...paths.map(() => 404), 404, 404, 200]);
      expect((res.at(-1)!.json as { cases: unknown[] }).cases).toEqual([]);
      for (const r of res) for (const secret of ['planted-host.corp', '10.9.8.7', 'suzuki', 'planted-note', 'planted-file', 'matrix']) expect(r.text).not.toContain(secret);
    }
    // A wrong case id with a right host id of another case reads as nothing too.
    const other = await newCase('self', a);
    expect((await t.api(a, 'GET', `/api/v1/cases/${other}/hosts/${hostId}/history`)).json).toEqual({ history: [] });
    expect((await t.api(a, 'POST', `/api/v1/cases/${other}/hosts/${hostId}/tag`, { tag: 'red', reason: 'x' })).status).toBe(404);
    expect((await t.api(a, 'POST', `/api/v1/cases/${other}/hosts/tag`, { hostIds: [hostId], tag: 'red', reason: 'x' })).json).toEqual({ changed: [], missing: [hostId] });
    expect((await t.api(a, 'GET', `/api/v1/cases/${id}/hosts/${hostId}/history`)).json).toEqual({ history: [] });
  });
});
