/**
 * Read matrix (reader role/org × TLP × audience × anonymity × path: feed, item, answers, room, SSE stream)
 * and write matrix (actor org × role × target owned by self / other / nobody) over real HTTP on loopback,
 * on SQLite and PostgreSQL. Expected visibility comes from the pure read rule, itself tested against an
 * explicit table in core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audience } from '../../core/observations/model.ts';
import { mayKnowAuthor, mayRead } from '../../core/observations/read-rule.ts';
import { TLP_LEVELS, type Tlp } from '../../core/sharing/tlp.ts';
import { readSse, startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const body = (over: Record<string, unknown> = {}) => ({ title: 'Telnet scanning', body: 'ポート23', category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' }, indicators: ['192.0.2[.]1'], ...over });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`observations over HTTP on ${engine}`, () => {
    let h: ObservationsHub;
    beforeAll(async () => {
      h = await startObservationsHub(engine);
    });
    afterAll(async () => h?.close());
    const json = async <T>(r: Response): Promise<T> => (await r.json()) as T;
    const reader = (name: string) => ({ orgId: h.users[name]!.orgId, role: h.users[name]!.role, groupIds: ['aobaAnalyst', 'aobaAdmin', 'kinuAnalyst'].includes(name) ? [h.groupId] : [] });

    it('read matrix: feed, item, answers, room and SSE show exactly what the read rule allows; anonymous authors stay hidden', async () => {
      const audiences: Audience[] = [{ kind: 'community' }, { kind: 'group', groupId: h.groupId }, { kind: 'orgs', orgIds: [h.users.soraAnalyst!.orgId] }];
      const obs: Array<{ id: number; tlp: Tlp; audience: Audience; anonymous: boolean }> = [];
      const rooms: Array<{ id: number; tlp: Tlp; audience: Audience }> = [];
      for (const tlp of TLP_LEVELS) for (const audience of audiences) {
        if (tlp === 'amber' && audience.kind === 'community') {
          const r = await h.api('aobaAnalyst', 'POST', '/api/v1/observations', body({ tlp, audience }));
          expect([r.status, (await json<{ error: { code: string } }>(r)).error.code]).toEqual([400, 'validation_failed']);
          continue;
        }
        for (const anonymous of [false, true]) {
          const r = await h.api('aobaAnalyst', 'POST', '/api/v1/observations', body({ title: `${tlp}/${audience.kind}/${anonymous}`, tlp, audience, anonymous }));
          expect(r.status).toBe(201);
          obs.push({ id: (await json<{ id: number }>(r)).id, tlp, audience, anonymous });
        }
        const room = await h.api('aobaAdmin', 'POST', '/api/v1/rooms', { title: `room ${tlp}/${audience.kind}`, tlp, audience, anonymous: true });
        expect(room.status).toBe(201);
        const roomId = (await json<{ id: number }>(room)).id;
        rooms.push({ id: roomId, tlp, audience });
        expect((await h.api('aobaAnalyst', 'PUT', `/api/v1/rooms/${roomId}/status`, { status: 'affected', note: 'blocked', anonymous: true })).status).toBe(200);
      }
      const author = h.users.aobaAnalyst!.orgId;
      for (const name of Object.keys(h.users)) {
        const rd = reader(name);
        const knows = mayKnowAuthor(rd, { authorOrgId: author, anonymous: true });
        const expected = obs.filter((o) => mayRead(rd, { authorOrgId: author, ...o })).map((o) => o.id).reverse();
        const feed = await json<{ observations: Array<{ id: number; anonymous: boolean; author: { org: { name: string } | null } }> }>(await h.api(name, 'GET', '/api/v1/observations?limit=200'));
        expect(feed.observations.map((o) => o.id), `${name} feed`).toEqual(expected);
        for (const o of feed.observations) expect(o.author.org?.name ?? null, `${name} author of ${o.id}`).toBe(o.anonymous && !knows ? null : 'Aoba CSIRT');
        for (const o of obs) {
          const r = await h.api(name, 'GET', `/api/v1/observations/${o.id}`);
          expect(r.status, `${name} get ${o.id}`).toBe(expected.includes(o.id) ? 200 : 404);
          const text = await r.text();
          if (r.status === 404) expect(text).not.toContain(o.tlp === 'red' ? 'red/' : `${o.tlp}/`);
          if (o.anonymous && !knows) expect(text).not.toContain('Aoba');
          const answer = await h.api(name, 'POST', `/api/v1/observations/${o.id}/responses`, { kind: 'not-seen' });
          expect(answer.status, `${name} answers ${o.id}`).toBe(expected.includes(o.id) ? 200 : 404);
        }
        for (const room of rooms) {
          const may = mayRead(rd, { authorOrgId: author, tlp: room.tlp, audience: room.audience, anonymous: true });
          const r = await h.api(name, 'GET', `/api/v1/rooms/${room.id}`);
          expect(r.status, `${name} room ${room.id}`).toBe(may ? 200 : 404);
          const text = await r.text();
          if (!knows) expect(text).not.toContain('Aoba');
          const abort = new AbortController();
          const sse = await fetch(`${h.url}/api/v1/rooms/${room.id}/events`, { headers: { authorization: `Bearer ${h.users[name]!.key}` }, signal: abort.signal });
          expect(sse.status, `${name} SSE ${room.id}`).toBe(may ? 200 : 404);
          if (!may) {
            abort.abort();
            continue;
          }
          const events = await readSse(sse, 2, 3000, abort);
          expect(events.map((e) => e.event)).toEqual(['room', 'status']);
          const board = (events[1]!.data as { board: { counts: Record<string, number>; lines: Array<{ author: { org: { name: string } | null } }> } }).board;
          expect([board.counts.affected, board.lines.map((l) => l.author.org?.name ?? null)]).toEqual([1, [knows ? 'Aoba CSIRT' : null]]);
          if (!knows) expect(JSON.stringify(events)).not.toContain('Aoba');
        }
      }
    }, 60_000);

    it('write matrix: only the author org edits, deletes or changes state; others get 403 when they see it, 404 when not', async () => {
      const own = (await json<{ id: number }>(await h.api('aobaAnalyst', 'POST', '/api/v1/observations', body({ title: 'own' })))).id;
      const other = (await json<{ id: number }>(await h.api('kinuAnalyst', 'POST', '/api/v1/observations', body({ title: 'other' })))).id;
      const hidden = (await json<{ id: number }>(await h.api('kinuAnalyst', 'POST', '/api/v1/observations', body({ title: 'kinu red', tlp: 'red' })))).id;
      const nobody = 999_999;
      const actors = ['aobaAnalyst', 'aobaAdmin', 'soraAnalyst', 'hubAdmin'];
      const edit = (who: string, id: number) => h.api(who, 'PUT', `/api/v1/observations/${id}`, body({ title: `edited by ${who}` }));
      const table: Record<string, number[]> = {};
      for (const who of actors) table[who] = [(await edit(who, own)).status, (await edit(who, other)).status, (await edit(who, hidden)).status, (await edit(who, nobody)).status];
      expect(table).toEqual({ aobaAnalyst: [200, 403, 404, 404], aobaAdmin: [200, 403, 404, 404], soraAnalyst: [403, 403, 404, 404], hubAdmin: [403, 403, 404, 404] });
      expect((await json<{ observation: { title: string } }>(await h.api('kinuAnalyst', 'GET', `/api/v1/observations/${other}`))).observation.title).toBe('other');
      const del: Record<string, number[]> = {};
      for (const who of ['soraAnalyst', 'hubAdmin', 'aobaAdmin']) del[who] = [(await h.api(who, 'DELETE', `/api/v1/observations/${other}`)).status, (await h.api(who, 'DELETE', `/api/v1/observations/${nobody}`)).status];
      expect(del).toEqual({ soraAnalyst: [403, 404], hubAdmin: [403, 404], aobaAdmin: [403, 404] });
      expect((await h.api('aobaAdmin', 'DELETE', `/api/v1/observations/${own}`)).status).toBe(204);
      expect((await h.api('aobaAnalyst', 'GET', `/api/v1/observations/${own}`)).status).toBe(404);

      const room = (await json<{ id: number }>(await h.api('kinuAnalyst', 'POST', '/api/v1/rooms', { title: 'DDoS wave', tlp: 'green', audience: { kind: 'community' } }))).id;
      const state: Record<string, number> = {};
      for (const who of ['kinuAnalyst', 'aobaAdmin', 'hubAdmin']) state[who] = (await h.api(who, 'PUT', `/api/v1/rooms/${room}/state`, { state: 'monitoring' })).status;
      expect(state).toEqual({ kinuAnalyst: 200, aobaAdmin: 403, hubAdmin: 403 });
      expect((await h.api('aobaAdmin', 'PUT', `/api/v1/rooms/${nobody}/state`, { state: 'closed' })).status).toBe(404);
      expect((await h.api('aobaAdmin', 'PUT', `/api/v1/rooms/${nobody}/status`, { status: 'affected' })).status).toBe(404);
      expect((await h.api('aobaAdmin', 'POST', `/api/v1/rooms/${nobody}/posts`, { text: 'x' })).status).toBe(404);

      const audit = await json<{ entries: Array<{ action: string; actorOrg: string }> }>(await h.api('hubAdmin', 'GET', '/api/v1/audit?limit=1000'));
      const actions = audit.entries.filter((e) => /^(observation|room)-/.test(e.action)).map((e) => `${e.action}:${e.actorOrg}`);
      expect(actions).toContain('observation-edit:Aoba CSIRT');
      expect(actions).toContain('observation-delete:Aoba CSIRT');
      expect(actions).toContain('room-state:Kinu SOC');
      expect(actions.filter((a) => a.startsWith('observation-edit')).length).toBe(2);
      // Non-admins cannot read the audit log (which names anonymous posters for abuse handling).
      expect((await h.api('soraAnalyst', 'GET', '/api/v1/audit')).status).toBe(403);
    });
  });
}
