/**
 * DDoS rooms over real HTTP on loopback, on SQLite and PostgreSQL. Read matrix: reader (org × role) × TLP ×
 * audience × path (API, room API, SSE and its resume, Markdown/MISP/STIX export, own-space CSV, cross-search,
 * room subscriptions by e-mail): the DDoS part only where the room is
 * readable, the hidden target only for the opener's org, each ISP only the addresses in its own approved
 * space, the unnamed poster never named. Reflectors reach the owning ISP through the notification pipeline
 * (inbox and a real SMTP receiver) only when it may read the room and never from TLP:RED. Write matrix:
 * actor × room owned by self / other (readable) / unreadable / nobody, bad input refused with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DdosView } from '../../core/observations/ddos.ts';
import type { Audience } from '../../core/observations/model.ts';
import { mayRead } from '../../core/observations/read-rule.ts';
import { TLP_LEVELS, type Tlp } from '../../core/sharing/tlp.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { readSse } from '../../testkit/observations-hub.ts';
import { readableMail, startSmtpReceiver, type SmtpReceiver } from '../../testkit/smtp-receiver.ts';

const ORGS = ['Aoba CSIRT', 'Tsubaki Telecom', 'Kinu ISP', 'Umi ISAC'] as const;
/** Each ISP's approved space and the addresses of the test inside it. */
const SPACE = { 'Tsubaki Telecom': '198.51.100.0/24', 'Kinu ISP': '2001:db8::/32' } as const;
const TARGET = '203.0.113.80';

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`DDoS rooms over HTTP on ${engine}`, () => {
    let net: TestNetwork;
    let smtp: SmtpReceiver;
    let groupId = 0;
    const orgId: Record<string, number> = {};
    beforeAll(async () => {
      smtp = await startSmtpReceiver();
      net = await startNetwork({ db: engine, members: ORGS.map((name) => ({ name })), hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0, smtpHost: '127.0.0.1', smtpPort: smtp.port, from: 'abuse@renkei.test' } } });
      for (const name of ORGS) orgId[name] = (await net.hub.hub.ctx.store.getMember(name))!.orgId;
      for (const [name, prefix] of Object.entries(SPACE)) {
        const c = await call(name, 'admin', 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value: prefix });
        expect(c.status).toBe(201);
        expect((await call('hub', 'admin', 'POST', `/api/v1/address-space/claims/${(c.body as { id: number }).id}/approve`, {})).status).toBe(200);
      }
      // An unapproved claim owns nothing: Umi's pending claim on part of Tsubaki's space.
      expect((await call('Umi ISAC', 'admin', 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value: '198.51.100.0/25' })).status).toBe(201);
      const g = await call('Aoba CSIRT', 'admin', 'POST', '/api/v1/topic-groups', { name: 'DDoS WG', orgIds: [orgId['Tsubaki Telecom'], orgId['Umi ISAC']] });
      groupId = (g.body as { id: number }).id;
      for (const o of ['Tsubaki Telecom', 'Umi ISAC']) expect((await call('hub', 'admin', 'POST', `/api/v1/topic-groups/${groupId}/requests/${orgId[o]}`, { approve: true })).status).toBe(200);
      expect((await call('Tsubaki Telecom', 'admin', 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example', locale: 'ja', interval: 'immediate' })).status).toBe(200);
    }, 120_000);
    afterAll(async () => {
      await net?.close();
      await smtp?.close();
    });

    const keyOf = (org: string, role: 'analyst' | 'admin') => (org === 'hub' ? net.hub.admin.key : net.users[org]![role].key);
    async function call(org: string, role: 'analyst' | 'admin', method: string, p: string, body?: unknown): Promise<{ status: number; body: unknown; text: string }> {
      const res = await fetch(`${net.hub.url}${p}`, { method, headers: { authorization: `Bearer ${keyOf(org, role)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      return { status: res.status, body: parsed, text };
    }
    const readers = () => [...ORGS.map((o) => ({ org: o, role: 'analyst' as const })), { org: 'hub', role: 'admin' as const }];
    const ruleReader = (org: string) => ({ orgId: org === 'hub' ? hubOrgId : orgId[org]!, role: org === 'hub' ? ('hub-admin' as const) : ('analyst' as const), groupIds: ['Aoba CSIRT', 'Tsubaki Telecom', 'Umi ISAC'].includes(org) ? [groupId] : [] });
    let hubOrgId = -1;
    const openRoom = async (tlp: Tlp, audience: Audience, title: string) => {
      const r = await call('Aoba CSIRT', 'analyst', 'POST', '/api/v1/ddos-rooms', { title, tlp, audience, severity: 'critical', anonymous: true, target: TARGET, vectors: ['dns', 'ntp'] });
      expect(r.status, r.text).toBe(201);
      return (r.body as { room: { id: number } }).room.id;
    };
    const post = (org: string, id: number, body: Record<string, unknown>) => call(org, 'analyst', 'POST', `/api/v1/rooms/${id}/addresses`, body);

    it('read matrix: API, room API, SSE and exports show the DDoS part only to readers, the hidden target only to the opener, each ISP only its own space', async () => {
      hubOrgId = (await net.hub.hub.ctx.store.ensureOrg(net.hub.admin.org)).id;
      const audiences: Audience[] = [{ kind: 'community' }, { kind: 'group', groupId }, { kind: 'orgs', orgIds: [orgId['Kinu ISP']!] }];
      const rooms: Array<{ id: number; tlp: Tlp; audience: Audience }> = [];
      for (const tlp of TLP_LEVELS) for (const audience of audiences) {
        if (tlp === 'amber' && audience.kind === 'community') continue;
        const id = await openRoom(tlp, audience, `DDoS ${tlp}/${audience.kind}`);
        rooms.push({ id, tlp, audience });
        // The opener posts unnamed: sources in both ISPs' space and outside any, a reflector in Tsubaki's.
        const p = await post('Aoba CSIRT', id, { sources: ['198.51.100.7', '2001:db8::7', '192.0.2.99', '198.51.100.7'], reflectors: ['198.51.100.53'], note: '攻撃元リスト' });
        expect([p.status, p.body]).toEqual([201, { id: expect.any(Number), sources: 3, reflectors: 1 }]);
        expect((await call('Aoba CSIRT', 'analyst', 'PUT', `/api/v1/rooms/${id}/mitigation`, { status: 'rtbh', note: 'RTBH 済み', anonymous: true })).status).toBe(200);
      }
      const own: Record<string, Array<[string, string]>> = { 'Tsubaki Telecom': [['198.51.100.7', 'source'], ['198.51.100.53', 'reflector']], 'Kinu ISP': [['2001:db8::7', 'source']] };
      for (const rd of readers()) {
        const rule = ruleReader(rd.org);
        for (const room of rooms) {
          const may = mayRead(rule, { authorOrgId: orgId['Aoba CSIRT']!, tlp: room.tlp, audience: room.audience, anonymous: true });
          const label = `${rd.org} ${room.tlp}/${room.audience.kind}`;
          const api = await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}/ddos`);
          const full = await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}`);
          const md = await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}/export?format=markdown&lang=ja`);
          const misp = await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}/export?format=misp`);
          const stix = await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}/export?format=stix`);
          const csvStatus = (await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}/ddos/addresses.csv`)).status;
          // Search path: posted lists are not timeline indicators, so a room cross-search never carries them.
          const search = await call(rd.org, rd.role, 'POST', `/api/v1/rooms/${room.id}/search`);
          expect([search.status, (search.body as { error: { code: string } }).error.code], `${label} search`).toEqual(may ? [400, 'validation_failed'] : [404, 'not_found']);
          expect([api.status, full.status, md.status, misp.status, stix.status, csvStatus], label).toEqual(may ? [200, 200, 200, 200, 200, 200] : [404, 404, 404, 404, 404, 404]);
          const abort = new AbortController();
          const sse = await fetch(`${net.hub.url}/api/v1/rooms/${room.id}/events`, { headers: { authorization: `Bearer ${keyOf(rd.org, rd.role)}` }, signal: abort.signal });
          expect(sse.status, `${label} SSE`).toBe(may ? 200 : 404);
          const everything = [api.text, full.text, md.text, misp.text, stix.text];
          for (const t of everything) expect(t, label).not.toContain('192.0.2.99');
          if (!may) {
            abort.abort();
            for (const t of everything) expect(t, label).not.toContain(`DDoS ${room.tlp}/`);
            continue;
          }
          // room, post, ddos (post), ddos (mitigation)
          const events = await readSse(sse, 4, 10_000, abort);
          expect(events.map((e) => e.event), label).toEqual(['room', 'post', 'ddos', 'ddos']);
          const view = api.body as DdosView;
          expect((events[3]!.data as { ddos: DdosView }).ddos, `${label} SSE = API`).toEqual(view);
          // A reconnect after the post resumes with the DDoS events only, loaded for this reader.
          const again = new AbortController();
          const resumed = await fetch(`${net.hub.url}/api/v1/rooms/${room.id}/events`, { headers: { authorization: `Bearer ${keyOf(rd.org, rd.role)}`, 'last-event-id': String(events[1]!.id) }, signal: again.signal });
          const rest = await readSse(resumed, 2, 10_000, again);
          expect([rest.map((e) => e.event), rest.map((e) => e.id)], `${label} resume`).toEqual([['ddos', 'ddos'], [events[2]!.id, events[3]!.id]]);
          expect((rest[1]!.data as { ddos: DdosView }).ddos).toEqual(view);
          expect((full.body as { ddos: DdosView }).ddos).toEqual(view);
          const opener = rd.org === 'Aoba CSIRT';
          expect(view.details).toEqual({ target: opener ? TARGET : null, targetHidden: true, vectors: ['dns', 'ntp'] });
          expect(view.ownSpace.map((a) => [a.address, a.role]), label).toEqual(own[rd.org] ?? []);
          expect(view.ownSpace.every((a) => a.reporters === 1 && a.namedReporters.length === 0)).toBe(true);
          expect(view.posts.map((p) => [p.sources, p.reflectors])).toEqual([[3, 1]]);
          expect(view.mitigation.lines.map((l) => [l.status, l.note, l.author.org?.name ?? null])).toEqual([['rtbh', 'RTBH 済み', opener || rd.org === 'hub' ? 'Aoba CSIRT' : null]]);
          // Exports leave the hub: never the hidden target, not even the opener's; only the reader's own space.
          for (const t of [md.text, misp.text, stix.text]) expect(t, label).not.toContain(TARGET);
          const all = ['198.51.100.7', '198.51.100.53', '2001:db8::7'];
          const mine = (own[rd.org] ?? []).map(([a]) => a);
          for (const a of all) expect(md.text.includes(`\`${a}\``), `${label} export ${a}`).toBe(mine.includes(a));
          for (const t of [misp.text, stix.text]) for (const a of all) expect(t, label).not.toContain(a);
          if (!opener && rd.org !== 'hub') for (const t of [...everything, JSON.stringify(events)]) expect(t, label).not.toContain('Aoba');
          if (opener) expect(full.text).not.toContain('198.51.100.');
          const csv = await call(rd.org, rd.role, 'GET', `/api/v1/rooms/${room.id}/ddos/addresses.csv`);
          expect([csv.status, csv.text.trim().split('\n').map((l) => l.split(',').slice(0, 4).join(','))], `${label} CSV`).toEqual([200, ['role,address,prefix,reporters', ...(own[rd.org] ?? []).map(([a, r]) => `${r},${a},${SPACE[rd.org as keyof typeof SPACE]},1`)]]);
        }
      }
    }, 240_000);

    it('reflectors reach the owning ISP through the pipeline only when it may read the room, never from TLP:RED; the poster only when named', async () => {
      const inbox = async (org: string) => ((await call(org, 'analyst', 'GET', '/api/v1/notifications/inbox')).body as { reports: Array<{ address: string; category: string; sources: string[]; evidence: Record<string, unknown>; reporterCount: number }> }).reports;
      const before = (await inbox('Tsubaki Telecom')).length;
      const green = await openRoom('green', { kind: 'community' }, 'GREEN 反射攻撃');
      const amber = await openRoom('amber', { kind: 'orgs', orgIds: [orgId['Kinu ISP']!] }, 'AMBER 反射攻撃');
      const red = await openRoom('red', { kind: 'community' }, 'RED 反射攻撃');
      // Room subscriptions are one more path: Tsubaki follows the rooms it may read by e-mail, not the RED one.
      const follow = async (id: number) => (await call('Tsubaki Telecom', 'analyst', 'PUT', '/api/v1/observation-subscriptions', { scope: { kind: 'room', roomId: id }, email: true })).status;
      expect([await follow(green), await follow(amber), await follow(red)]).toEqual([200, 404, 404]);
      const reflectors = ['198.51.100.101', '2001:db8::101', '192.0.2.101', '198.51.100.64'];
      for (const id of [green, amber, red]) expect((await post('Aoba CSIRT', id, { reflectors, sources: ['198.51.100.102'] })).status).toBe(201);
      expect((await post('Umi ISAC', green, { reflectors: ['198.51.100.103'], named: true })).status).toBe(201);
      const tsubaki = (await inbox('Tsubaki Telecom')).slice(before);
      // GREEN: Tsubaki's reflectors only (sources stay in the room); AMBER to Kinu: Tsubaki may not read it; RED: nothing.
      expect(tsubaki.map((r) => [r.address, r.category, r.sources]).sort()).toEqual([
        ['198.51.100.101', 'reflector', [`ddos-room:${green}`]], ['198.51.100.103', 'reflector', [`ddos-room:${green}`]], ['198.51.100.64', 'reflector', [`ddos-room:${green}`]],
      ]);
      const byAddress = Object.fromEntries(tsubaki.map((r) => [r.address, r.evidence]));
      expect(byAddress['198.51.100.101']).toEqual({ room: green, title: 'GREEN 反射攻撃', vectors: ['dns', 'ntp'] });
      expect(byAddress['198.51.100.103']).toEqual({ room: green, title: 'GREEN 反射攻撃', vectors: ['dns', 'ntp'], reportedBy: 'Umi ISAC' });
      const kinu = await inbox('Kinu ISP');
      // Kinu is named in the AMBER room: the same reflector from both rooms is one report (same address, category, window).
      expect(kinu.map((r) => [r.address, r.category, [...r.sources].sort()])).toEqual([['2001:db8::101', 'reflector', [`ddos-room:${green}`, `ddos-room:${amber}`].sort()]]);
      // Umi's pending claim on 198.51.100.0/25 receives nothing.
      expect(await inbox('Umi ISAC')).toEqual([]);
      expect(JSON.stringify(await inbox('Tsubaki Telecom'))).not.toContain('Aoba');
      // The digest e-mail: Tsubaki's addresses only, no hidden target, the poster not named. Room updates
      // are fanned out from the observations outbox in the background: drain it before the run sends mail.
      while ((await net.hub.hub.ctx.observations.processNotifications()).more);
      expect((await call('hub', 'admin', 'POST', '/api/v1/notifications/run')).status).toBe(200);
      const mails = smtp.mails.filter((m) => m.to.includes('noc@tsubaki.example')).map((m) => readableMail(m.raw));
      const mail = mails.join('\n');
      expect(mail).toContain('198.51.100.101');
      // The room updates Tsubaki follows: the GREEN room only; the unnamed poster is "a member", Umi opted in to be named.
      const subjects = mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1] ?? '').filter((x) => x.includes('インシデントルームの更新'));
      expect([...new Set(subjects)]).toEqual(['[TLP:GREEN] インシデントルームの更新: GREEN 反射攻撃']);
      expect(mail).toContain('新しい投稿 (ある会員): ');
      expect(mail).toContain('新しい投稿 (Umi ISAC): ');
      for (const absent of ['2001:db8::101', '192.0.2.101', TARGET, 'Aoba', 'RED 反射攻撃', 'AMBER 反射攻撃']) expect(mail).not.toContain(absent);
    }, 120_000);

    it('write matrix: any reader sets its own mitigation and posts; others 404; bad input 400 with every problem and nothing stored', async () => {
      const own = await openRoom('green', { kind: 'community' }, '書き込み');
      const hidden = await openRoom('red', { kind: 'community' }, '非公開');
      const plain = (await call('Kinu ISP', 'analyst', 'POST', '/api/v1/rooms', { title: '通常ルーム', tlp: 'green', audience: { kind: 'community' } })).body as { id: number };
      const nobody = 999_999;
      const actors: Array<[string, 'analyst' | 'admin']> = [['Aoba CSIRT', 'analyst'], ['Aoba CSIRT', 'admin'], ['Tsubaki Telecom', 'analyst'], ['Umi ISAC', 'admin'], ['hub', 'admin']];
      const table: Record<string, number[]> = {};
      for (const [org, role] of actors) {
        const m = (id: number) => call(org, role, 'PUT', `/api/v1/rooms/${id}/mitigation`, { status: 'flowspec', note: org });
        const a = (id: number) => call(org, role, 'POST', `/api/v1/rooms/${id}/addresses`, { sources: ['198.51.100.9'] });
        table[`${org}/${role}`] = [(await m(own)).status, (await m(hidden)).status, (await m(plain.id)).status, (await m(nobody)).status, (await a(own)).status, (await a(hidden)).status, (await a(plain.id)).status, (await a(nobody)).status];
      }
      expect(table).toEqual({
        'Aoba CSIRT/analyst': [200, 200, 404, 404, 201, 201, 404, 404],
        'Aoba CSIRT/admin': [200, 200, 404, 404, 201, 201, 404, 404],
        'Tsubaki Telecom/analyst': [200, 404, 404, 404, 201, 404, 404, 404],
        'Umi ISAC/admin': [200, 404, 404, 404, 201, 404, 404, 404],
        'hub/admin': [200, 404, 404, 404, 201, 404, 404, 404],
      });
      // One line per organisation: Aoba's analyst and admin share one.
      const v = (await call('Tsubaki Telecom', 'analyst', 'GET', `/api/v1/rooms/${own}/ddos`)).body as DdosView;
      expect(v.mitigation.lines.map((l) => l.note).sort()).toEqual(['Aoba CSIRT', 'Tsubaki Telecom', 'Umi ISAC', 'hub'].sort());
      // State stays the opener's (the rooms' own rule).
      expect([(await call('Aoba CSIRT', 'analyst', 'PUT', `/api/v1/rooms/${own}/state`, { state: 'monitoring' })).status, (await call('Tsubaki Telecom', 'analyst', 'PUT', `/api/v1/rooms/${own}/state`, { state: 'closed' })).status]).toEqual([200, 403]);

      const timeline = async () => ((await call('Aoba CSIRT', 'analyst', 'GET', `/api/v1/rooms/${own}`)).body as { timeline: unknown[]; ddos: DdosView });
      const was = await timeline();
      const bad = await post('Tsubaki Telecom', own, { sources: ['198.51.100.1', 'not-an-ip'], reflectors: ['198.51.100.2', '198.51.100.300'] });
      expect([bad.status, (bad.body as { error: { code: string; details: { problems: unknown[] } } }).error.code, (bad.body as { error: { details: { problems: unknown[] } } }).error.details.problems]).toEqual([400, 'validation_failed', [
        { list: 'source', index: 1, input: 'not-an-ip', reason: 'not an IP address' }, { list: 'reflector', index: 1, input: '198.51.100.300', reason: 'not an IP address' },
      ]]);
      expect(await timeline()).toEqual(was);
      const cases: Array<[string, Record<string, unknown>]> = [
        ['empty', {}],
        ['too many', { sources: Array.from({ length: 10_001 }, (_, i) => `10.0.${i >> 8}.${i & 255}`) }],
        ['unknown field', { sources: ['198.51.100.1'], tlp: 'red' }],
      ];
      for (const [label, body] of cases) expect([label, (await post('Tsubaki Telecom', own, body)).status]).toEqual([label, 400]);
      const badRooms: Array<[string, Record<string, unknown>]> = [
        ['no vector', { title: 'x', tlp: 'green', audience: { kind: 'community' }, vectors: [] }],
        ['unknown vector', { title: 'x', tlp: 'green', audience: { kind: 'community' }, vectors: ['smurf'] }],
        ['amber to everyone', { title: 'x', tlp: 'amber', audience: { kind: 'community' }, vectors: ['dns'] }],
        ['unknown TLP', { title: 'x', tlp: 'purple', audience: { kind: 'community' }, vectors: ['dns'] }],
      ];
      for (const [label, body] of badRooms) {
        const r = await call('Aoba CSIRT', 'analyst', 'POST', '/api/v1/ddos-rooms', body);
        expect([label, r.status, (r.body as { error: { code: string } }).error.code]).toEqual([label, 400, 'validation_failed']);
      }
      const audit = (await call('hub', 'admin', 'GET', '/api/v1/audit?limit=1000')).body as { entries: Array<{ action: string; actorOrg: string }> };
      const actions = new Set(audit.entries.filter((e) => e.action.startsWith('ddos-')).map((e) => `${e.action}:${e.actorOrg}`));
      for (const a of ['ddos-room-open:Aoba CSIRT', 'ddos-mitigation:Tsubaki Telecom', 'ddos-addresses:Umi ISAC']) expect(actions.has(a), a).toBe(true);
    }, 120_000);
  });
}
