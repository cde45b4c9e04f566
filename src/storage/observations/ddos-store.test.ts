/**
 * The DDoS room store contract, on SQLite and PostgreSQL: the DDoS part of a room is readable exactly when
 * the room is (every reader × TLP × audience), a hidden target only by the opener's organisation, posted
 * addresses only by the member whose approved registration owns them (and no longer once it is rejected),
 * posters are named only when they opted in, and the room's event log carries the DDoS part per reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DdosDraft } from '../../core/observations/ddos.ts';
import type { Audience } from '../../core/observations/model.ts';
import { mayRead } from '../../core/observations/read-rule.ts';
import type { RoomDraft } from '../../core/observations/room.ts';
import { TLP_LEVELS } from '../../core/sharing/tlp.ts';
import { openTestHubStorage } from '../../testkit/hub-storage.ts';
import type { OwnedAddress } from './ddos-port.ts';
import type { StoreWriter } from './port.ts';

const room = (over: Partial<RoomDraft> = {}): RoomDraft => ({ title: 'DNS amplification against 203.0.113.0/24', description: '', tlp: 'green', audience: { kind: 'community' }, severity: 'high', anonymous: false, ...over });
const ddos = (over: Partial<DdosDraft> = {}): DdosDraft => ({ target: '203.0.113.10', targetHidden: true, vectors: ['dns', 'cldap'], ...over });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`DDoS room store on ${engine}`, () => {
    let env: Awaited<ReturnType<typeof openTestHubStorage>>;
    const w: Record<string, StoreWriter> = {};
    const member: Record<string, number> = {};
    const claim: Record<string, number> = {};
    let groupId = 0;
    beforeAll(async () => {
      env = await openTestHubStorage(engine, 'ddos');
      const hub = env.storage.hub;
      const mk = async (key: string, name: string, role: StoreWriter['role'], userId: number, prefix?: string) => {
        w[key] = { orgId: (await hub.ensureOrg(name)).id, role, userId };
        if (!prefix) return;
        member[key] = (await hub.createMember(w[key]!.orgId, name)).id;
        const c = await env.storage.addressSpace.addClaim({ memberId: member[key]!, kind: 'prefix', value: prefix, check: null, createdBy: userId, at: 1 });
        await env.storage.addressSpace.decide(c.id, 'approved', 99, 2, null);
        claim[key] = c.id;
      };
      await mk('opener', 'Aoba CSIRT', 'analyst', 1);
      await mk('tsubaki', 'Tsubaki Telecom', 'analyst', 2, '198.51.100.0/24');
      await mk('kinu', 'Kinu ISP', 'member-admin', 3, '2001:db8::/32');
      await mk('outsider', 'Umi ISAC', 'analyst', 4);
      await mk('hubAdmin', 'Hub Operator', 'hub-admin', 5);
      groupId = (await env.storage.observations.createGroup(w.opener!, 'DDoS WG', [w.tsubaki!.orgId], 1)).id;
    });
    afterAll(async () => env?.cleanup());
    const store = () => env.storage.ddos;
    const owned = (key: string, address: string, role: OwnedAddress['role'], prefix: string): OwnedAddress => ({ address, role, ownerMemberId: member[key]!, claimId: claim[key]!, prefix });

    it('reads the DDoS part exactly when mayRead allows, for every reader × TLP × audience; a hidden target only inside the opener org', async () => {
      const audiences: Audience[] = [{ kind: 'community' }, { kind: 'group', groupId }, { kind: 'orgs', orgIds: [w.kinu!.orgId] }];
      const made: Array<{ id: number; r: RoomDraft; hidden: boolean }> = [];
      for (const tlp of TLP_LEVELS) for (const audience of audiences) for (const hidden of [true, false]) {
        const r = room({ title: `${tlp} ${audience.kind}`, tlp, audience });
        made.push({ id: await store().createDdosRoom(w.opener!, r, ddos({ targetHidden: hidden }), 100), r, hidden });
      }
      const groupsOf: Record<string, number[]> = { opener: [groupId], tsubaki: [groupId], kinu: [], outsider: [], hubAdmin: [] };
      const seen: Record<string, number> = {};
      for (const [name, reader] of Object.entries(w)) {
        seen[name] = 0;
        for (const m of made) {
          const may = mayRead({ ...reader, groupIds: groupsOf[name]! }, { authorOrgId: w.opener!.orgId, tlp: m.r.tlp, audience: m.r.audience, anonymous: false });
          const v = await store().view(reader, m.id);
          expect(v === null, `${name} ${m.r.title}`).toBe(!may);
          if (!v) continue;
          seen[name]++;
          const target = m.hidden && name !== 'opener' ? null : '203.0.113.10';
          expect(v.details).toEqual({ target, targetHidden: m.hidden, vectors: ['dns', 'cldap'] });
          if (target === null) expect(JSON.stringify(v)).not.toContain('203.0.113.10');
          expect((await env.storage.observations.getRoom(reader, m.id))?.kind).toBe('ddos');
        }
        expect(new Set(await store().readersAmong(made[0]!.id, [reader.orgId])).has(reader.orgId)).toBe(true);
      }
      // × 2 (hidden or not): clear/green × community and own audience, amber × own audience; RED and AMBER+STRICT the opener only.
      expect(seen).toEqual({ opener: 30, tsubaki: 10, kinu: 10, outsider: 4, hubAdmin: 4 });
      for (const m of made) {
        const expected = Object.entries(w).filter(([name, r]) => mayRead({ ...r, groupIds: groupsOf[name]! }, { authorOrgId: w.opener!.orgId, tlp: m.r.tlp, audience: m.r.audience, anonymous: false })).map(([, r]) => r.orgId);
        expect((await store().readersAmong(m.id, Object.values(w).map((r) => r.orgId))).sort(), m.r.title).toEqual([...new Set(expected)].sort());
      }
      const plain = await env.storage.observations.createRoom(w.opener!, room(), 100);
      expect([(await env.storage.observations.getRoom(w.opener!, plain))?.kind, await store().view(w.opener!, plain)]).toEqual(['incident', null]);
    });

    it('shows each ISP only the addresses its approved registration owns; posters are named only when they opted in', async () => {
      const id = await store().createDdosRoom(w.opener!, room(), ddos(), 200);
      const p1 = await store().postAddresses(w.opener!, id, {
        note: '観測した送信元', named: false, counts: { sources: 3, reflectors: 2 },
        owned: [owned('tsubaki', '198.51.100.20', 'source', '198.51.100.0/24'), owned('tsubaki', '198.51.100.9', 'reflector', '198.51.100.0/24'), owned('kinu', '2001:db8::53', 'reflector', '2001:db8::/32')],
      }, 210);
      const p2 = await store().postAddresses(w.outsider!, id, { note: '', named: true, counts: { sources: 0, reflectors: 1 }, owned: [owned('tsubaki', '198.51.100.9', 'reflector', '198.51.100.0/24')] }, 220);
      expect([p1 !== null, p2 !== null]).toEqual([true, true]);
      const tsubaki = (await store().view(w.tsubaki!, id))!;
      expect(tsubaki.ownSpace).toEqual([
        { address: '198.51.100.20', role: 'source', prefix: '198.51.100.0/24', reporters: 1, namedReporters: [], firstAt: 210, lastAt: 210 },
        { address: '198.51.100.9', role: 'reflector', prefix: '198.51.100.0/24', reporters: 2, namedReporters: ['Umi ISAC'], firstAt: 210, lastAt: 220 },
      ]);
      expect(tsubaki.posts).toEqual([{ postId: p1, sources: 3, reflectors: 2 }, { postId: p2, sources: 0, reflectors: 1 }]);
      expect((await store().view(w.kinu!, id))!.ownSpace.map((a) => [a.address, a.role, a.reporters, a.namedReporters])).toEqual([['2001:db8::53', 'reflector', 1, []]]);
      for (const other of ['opener', 'outsider', 'hubAdmin']) expect((await store().view(w[other]!, id))!.ownSpace, other).toEqual([]);
      // The timeline: the unnamed poster is "a member" to the ISPs, the named one is named.
      const timeline = (await env.storage.observations.timeline(w.tsubaki!, id, 10))!;
      expect(timeline.map((p) => [p.id, p.text, p.author])).toEqual([[p1, '観測した送信元', { anonymous: true, org: null }], [p2, '', { anonymous: false, org: { id: w.outsider!.orgId, name: 'Umi ISAC' } }]]);
      expect(JSON.stringify(await store().view(w.tsubaki!, id))).not.toContain('Aoba');
      // A registration no longer approved owns nothing any more.
      await env.storage.addressSpace.decide(claim.kinu!, 'rejected', 99, 230, 'not theirs');
      expect((await store().view(w.kinu!, id))!.ownSpace).toEqual([]);
      await env.storage.addressSpace.decide(claim.kinu!, 'approved', 99, 231, null);
      expect((await store().view(w.kinu!, id))!.ownSpace.map((a) => a.address)).toEqual(['2001:db8::53']);
      // A large list: one post of 12,000 owned addresses; the view carries the first 1,000 and the total.
      const big = await store().createDdosRoom(w.opener!, room(), ddos(), 250);
      const many = Array.from({ length: 12_000 }, (_, i) => owned('kinu', `2001:db8::${(i + 1).toString(16)}`, i % 2 ? 'reflector' : 'source', '2001:db8::/32'));
      await store().postAddresses(w.opener!, big, { note: '', named: false, counts: { sources: 6000, reflectors: 6000 }, owned: many }, 251);
      const shown = (await store().view(w.kinu!, big))!;
      expect([shown.ownSpace.length, shown.ownSpaceTotal, shown.ownSpace[0]!.address, shown.ownSpace[999]!.address]).toEqual([1000, 12_000, '2001:db8::1', '2001:db8::7cf']);
      const all = (await store().view(w.kinu!, big, Number.MAX_SAFE_INTEGER))!.ownSpace;
      expect([all.length, all.filter((a) => a.role === 'reflector').length, all[11_999]!.address]).toEqual([12_000, 6000, '2001:db8::2ee0']);
      // Nothing is posted to a room the writer may not read.
      const red = await store().createDdosRoom(w.opener!, room({ tlp: 'red' }), ddos(), 240);
      expect(await store().postAddresses(w.tsubaki!, red, { note: 'x', named: false, counts: { sources: 1, reflectors: 0 }, owned: [owned('tsubaki', '198.51.100.1', 'source', '198.51.100.0/24')] }, 241)).toBeNull();
      expect(await store().setMitigation(w.tsubaki!, red, { status: 'rtbh', note: '', anonymous: false }, 242)).toBe(false);
      expect((await store().view(w.opener!, red))!.ownSpace).toEqual([]);
    });

    it('keeps one mitigation line per organisation (latest wins), hides anonymous ones, and logs DDoS events per reader', async () => {
      const id = await store().createDdosRoom(w.opener!, room(), ddos(), 300);
      expect(await store().setMitigation(w.tsubaki!, id, { status: 'rate-limit', note: 'まずレート制限', anonymous: false }, 301)).toBe(true);
      expect(await store().setMitigation(w.tsubaki!, id, { status: 'flowspec', note: 'FlowSpec で UDP/53 を破棄', anonymous: false }, 302)).toBe(true);
      expect(await store().setMitigation(w.kinu!, id, { status: 'rtbh', note: 'RTBH', anonymous: true }, 303)).toBe(true);
      const v = (await store().view(w.outsider!, id))!;
      expect(v.mitigation.counts).toEqual({ 'edge-filtering': 0, rtbh: 1, 'rate-limit': 0, flowspec: 1, none: 0 });
      expect(v.mitigation.lines.map((l) => [l.status, l.note, l.author.org?.name ?? null, l.mine])).toEqual([['rtbh', 'RTBH', null, false], ['flowspec', 'FlowSpec で UDP/53 を破棄', 'Tsubaki Telecom', false]]);
      expect(JSON.stringify(v)).not.toContain('Kinu');
      expect((await store().view(w.hubAdmin!, id))!.mitigation.lines[0]!.author.org?.name).toBe('Kinu ISP');
      await store().postAddresses(w.opener!, id, { note: '', named: false, counts: { sources: 1, reflectors: 0 }, owned: [owned('tsubaki', '198.51.100.77', 'source', '198.51.100.0/24')] }, 304);
      const kinds = async (key: string) => ((await env.storage.observations.roomEvents(w[key]!, id, 0, 100)) ?? []).map((e) => (e.kind === 'ddos' ? `ddos:${e.ddos.ownSpace.map((a) => a.address).join(',')}` : e.kind));
      // Each event carries the DDoS part as it is now (like status events carry the current board).
      const now = 'ddos:198.51.100.77';
      expect(await kinds('tsubaki')).toEqual(['room', now, now, now, 'post', now]);
      expect(await kinds('outsider')).toEqual(['room', 'ddos:', 'ddos:', 'ddos:', 'post', 'ddos:']);
    });
  });
}
