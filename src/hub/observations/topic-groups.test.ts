/**
 * Topic groups over HTTP on both engines: an owner's additions wait for a hub admin's approval, a group is
 * active (and can be an audience) only with three member organisations, members read what targets the
 * group and stop reading when removed; write matrix of who may add, approve and remove.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const obs = (groupId: number) => ({ title: 'Phishing kit WG note', body: '金融機関を装う', category: 'phishing', favours: ['speed', 'accuracy'], tlp: 'amber', audience: { kind: 'group', groupId } });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`topic groups on ${engine}`, () => {
    let h: ObservationsHub;
    beforeAll(async () => {
      h = await startObservationsHub(engine);
    }, 60_000);
    afterAll(async () => h?.close());
    const json = async <T>(r: Response): Promise<[number, T]> => [r.status, (await r.json()) as T];
    type G = { id: number; name: string; memberCount: number; active: boolean; joined: boolean; owned: boolean; pending: Array<{ name: string }> };
    const view = (g: G) => ({ members: g.memberCount, active: g.active, pending: g.pending.map((p) => p.name) });

    it('needs approval and three members before it can be targeted; members read, removed members stop reading', async () => {
      const org = (u: string) => h.users[u]!.orgId;
      const [st, created] = await json<G>(await h.api('kinuAnalyst', 'POST', '/api/v1/topic-groups', { name: 'Phishing WG', orgIds: [org('soraAnalyst'), org('umiAnalyst')] }));
      expect([st, view(created), created.owned]).toEqual([201, { members: 1, active: false, pending: ['Sora ISP', 'Umi ISAC'] }, true]);
      const gid = created.id;
      const names = async (u: string) => ((await (await h.api(u, 'GET', '/api/v1/topic-groups')).json()) as { groups: G[] }).groups.map((g) => `${g.name}:${g.memberCount}`);
      expect([await names('soraAnalyst'), await names('aobaAnalyst')]).toEqual([[], ['IoT WG:3']]);
      const refused = await json<{ error: { code: string } }>(await h.api('kinuAnalyst', 'POST', '/api/v1/observations', obs(gid)));
      expect([refused[0], refused[1].error.code]).toEqual([400, 'validation_failed']);

      // Write matrix: approve (hub admin only), add (owner requests, admin adds, others refused/hidden).
      const approve = (u: string, o: number) => h.api(u, 'POST', `/api/v1/topic-groups/${gid}/requests/${o}`, { approve: true });
      expect([(await approve('kinuAnalyst', org('soraAnalyst'))).status, (await approve('soraAnalyst', org('soraAnalyst'))).status]).toEqual([403, 403]);
      expect((await h.api('soraAnalyst', 'POST', `/api/v1/topic-groups/${gid}/members`, { orgId: org('soraAnalyst') })).status).toBe(404);
      expect((await h.api('aobaAnalyst', 'DELETE', `/api/v1/topic-groups/${gid}/members/${org('kinuAnalyst')}`)).status).toBe(404);
      expect((await h.api('hubAdmin', 'POST', `/api/v1/topic-groups/${gid}/requests/${org('aobaAnalyst')}`, { approve: true })).status).toBe(404);

      const [, one] = await json<G>(await approve('hubAdmin', org('soraAnalyst')));
      expect(view(one)).toEqual({ members: 2, active: false, pending: ['Umi ISAC'] });
      expect((await h.api('kinuAnalyst', 'POST', '/api/v1/observations', obs(gid))).status).toBe(400);
      const [, two] = await json<G>(await approve('hubAdmin', org('umiAnalyst')));
      expect(view(two)).toEqual({ members: 3, active: true, pending: [] });
      const [posted, item] = await json<{ id: number }>(await h.api('kinuAnalyst', 'POST', '/api/v1/observations', obs(gid)));
      expect(posted).toBe(201);
      const reads = async () => Object.fromEntries(await Promise.all(['kinuAnalyst', 'soraAnalyst', 'umiAnalyst', 'aobaAnalyst', 'hubAdmin'].map(async (u) => [u, (await h.api(u, 'GET', `/api/v1/observations/${item.id}`)).status])));
      expect(await reads()).toEqual({ kinuAnalyst: 200, soraAnalyst: 200, umiAnalyst: 200, aobaAnalyst: 404, hubAdmin: 404 });

      // A member that is not the owner cannot remove others; the owner removes Umi, which stops reading.
      expect((await h.api('soraAnalyst', 'DELETE', `/api/v1/topic-groups/${gid}/members/${org('umiAnalyst')}`)).status).toBe(403);
      const [, three] = await json<G>(await h.api('kinuAnalyst', 'DELETE', `/api/v1/topic-groups/${gid}/members/${org('umiAnalyst')}`));
      expect(view(three)).toEqual({ members: 2, active: false, pending: [] });
      expect(await reads()).toEqual({ kinuAnalyst: 200, soraAnalyst: 200, umiAnalyst: 404, aobaAnalyst: 404, hubAdmin: 404 });
      // An owner's re-add is a request again; rejected, it is gone.
      expect(view((await json<G>(await h.api('kinuAnalyst', 'POST', `/api/v1/topic-groups/${gid}/members`, { orgId: org('umiAnalyst') })))[1])).toEqual({ members: 2, active: false, pending: ['Umi ISAC'] });
      expect(view((await json<G>(await h.api('hubAdmin', 'POST', `/api/v1/topic-groups/${gid}/requests/${org('umiAnalyst')}`, { approve: false })))[1])).toEqual({ members: 2, active: false, pending: [] });

      const audit = (await (await h.api('hubAdmin', 'GET', '/api/v1/audit?limit=1000')).json()) as { entries: Array<{ action: string; actorOrg: string }> };
      const actions = audit.entries.filter((e) => e.action.startsWith('topic-group-')).map((e) => `${e.action}:${e.actorOrg}`);
      for (const a of ['topic-group-create:Kinu SOC', 'topic-group-approve:Hub Operator', 'topic-group-remove:Kinu SOC', 'topic-group-request:Kinu SOC', 'topic-group-reject:Hub Operator']) expect(actions).toContain(a);
    });
  });
}
