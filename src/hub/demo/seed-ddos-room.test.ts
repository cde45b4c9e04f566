/**
 * The demo's DDoS room, seeded through the real service on a hub where Tsubaki Telecom has approved space,
 * read back over HTTP by each member: the AMBER audience only, the hidden target only for the opener,
 * Tsubaki's own reflectors and sources only for Tsubaki, the anonymous mitigation line naming nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DdosView } from '../../core/observations/ddos.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import type { Actor } from '../observations/observations-service.ts';
import { seedDdosRoom } from './seed-ddos-room.ts';

const MEMBERS = ['Aoba CSIRT', 'Kinu SOC', 'Sakura ISAC', 'Tsubaki Telecom', 'Hinoki MSSP'] as const;
let net: TestNetwork;
let roomId = 0;

beforeAll(async () => {
  net = await startNetwork({ members: MEMBERS.map((name) => ({ name })), hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 } } });
  const ctx = net.hub.hub.ctx;
  const tsubaki = (await ctx.store.getMember('Tsubaki Telecom'))!;
  const claim = await ctx.storage.addressSpace.addClaim({ memberId: tsubaki.id, kind: 'prefix', value: '198.51.100.0/24', check: null, createdBy: 1, at: 1 });
  await ctx.storage.addressSpace.decide(claim.id, 'approved', 1, 2, null);
  const actors: Actor[] = [];
  for (const m of MEMBERS) {
    const u = (await ctx.store.getUser(net.users[m]!.analyst.login))!;
    actors.push({ userId: u.id, orgId: u.orgId, role: 'analyst', orgName: m });
  }
  roomId = await seedDdosRoom(ctx.ddosRooms, actors);
}, 120_000);
afterAll(async () => net?.close());

const get = async (member: string, p: string) => {
  const res = await fetch(`${net.hub.url}${p}`, { headers: { authorization: `Bearer ${net.users[member]!.analyst.key}` } });
  return { status: res.status, text: await res.text() };
};

describe('demo DDoS room', () => {
  it('each member reads what the rules allow', async () => {
    const seen: Record<string, unknown> = {};
    for (const m of MEMBERS) {
      const r = await get(m, `/api/v1/rooms/${roomId}/ddos`);
      if (r.status !== 200) {
        seen[m] = r.status;
        continue;
      }
      const v = JSON.parse(r.text) as DdosView;
      seen[m] = [v.details.target, v.ownSpace.map((a) => `${a.role} ${a.address}`), v.mitigation.lines.map((l) => `${l.author.org?.name ?? 'ある会員'}: ${l.status}`), v.posts.map((p) => [p.sources, p.reflectors])];
      if (m !== 'Sakura ISAC') expect(r.text).not.toContain('Sakura');
    }
    const lines = ['ある会員: rtbh', 'Tsubaki Telecom: flowspec'];
    expect(seen).toEqual({
      'Aoba CSIRT': ['203.0.113.80', [], lines, [[2, 3]]],
      'Kinu SOC': [null, [], lines, [[2, 3]]],
      'Sakura ISAC': [null, [], ['Sakura ISAC: rtbh', 'Tsubaki Telecom: flowspec'], [[2, 3]]],
      'Tsubaki Telecom': [null, ['source 198.51.100.77', 'reflector 198.51.100.53', 'reflector 198.51.100.54'], lines, [[2, 3]]],
      'Hinoki MSSP': 404,
    });
  }, 60_000);
});
