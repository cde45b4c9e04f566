/**
 * Live rooms, community questions and bad input over real HTTP: a status change reaches an open SSE stream,
 * a reconnect with Last-Event-ID gets exactly the events it missed, question results appear only at k,
 * and refused posts store nothing. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const obsBody = (over: Record<string, unknown> = {}) => ({ title: 'Telnet scanning', body: 'ポート23', category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' }, ...over });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`live rooms, questions and bad input on ${engine}`, () => {
    let h: ObservationsHub;
    beforeAll(async () => {
      h = await startObservationsHub(engine, 3);
    });
    afterAll(async () => h?.close());
    const json = async <T>(r: Response): Promise<T> => (await r.json()) as T;
    const stream = (user: string, roomId: number, lastId?: number) => {
      const abort = new AbortController();
      const res = fetch(`${h.url}/api/v1/rooms/${roomId}/events`, { headers: { authorization: `Bearer ${h.users[user]!.key}`, ...(lastId !== undefined ? { 'last-event-id': String(lastId) } : {}) }, signal: abort.signal });
      return { abort, res };
    };

    it('pushes status changes and posts live, and resumes after Last-Event-ID without loss or repeats', async () => {
      const roomId = (await json<{ id: number }>(await h.api('aobaAdmin', 'POST', '/api/v1/rooms', { title: 'VPN 0-day', tlp: 'amber', audience: { kind: 'group', groupId: h.groupId }, severity: 'critical' }))).id;
      const s = stream('kinuAnalyst', roomId);
      const res = await s.res;
      const got = readSse(res, 3, 5000, s.abort);
      await h.api('aobaAnalyst', 'PUT', `/api/v1/rooms/${roomId}/status`, { status: 'investigating', note: 'vendor contacted' });
      await h.api('kinuAnalyst', 'POST', `/api/v1/rooms/${roomId}/posts`, { text: 'C2 seen', indicators: ['hxxp://c2[.]example/a'], anonymous: true });
      const events = await got;
      expect(events.map((e) => e.event)).toEqual(['room', 'status', 'post']);
      const post = (events[2]!.data as { post: { text: string; indicators: unknown; author: unknown; mine: boolean } }).post;
      expect([post.text, post.indicators, post.author, post.mine]).toEqual(['C2 seen', [{ type: 'url', value: 'http://c2.example/a' }], { anonymous: true, org: { id: h.users.kinuAnalyst!.orgId, name: 'Kinu SOC' } }, true]);
      // Missed while disconnected: two changes; the reconnect gets exactly those, in order.
      await h.api('kinuAnalyst', 'PUT', `/api/v1/rooms/${roomId}/status`, { status: 'contained', note: 'blocked at edge', anonymous: true });
      expect((await h.api('umiAnalyst', 'PUT', `/api/v1/rooms/${roomId}/state`, { state: 'closed' })).status).toBe(404);
      await h.api('aobaAdmin', 'PUT', `/api/v1/rooms/${roomId}/state`, { state: 'monitoring' });
      const again = stream('aobaAnalyst', roomId, events[2]!.id);
      const resumed = await readSse(await again.res, 2, 5000, again.abort);
      expect(resumed.map((e) => [e.id > events[2]!.id, e.event])).toEqual([[true, 'status'], [true, 'room']]);
      const board = (resumed[0]!.data as { board: { counts: Record<string, number>; lines: Array<{ status: string; author: { org: unknown } }> } }).board;
      expect([board.counts, board.lines.map((l) => [l.status, l.author.org])]).toEqual([
        { 'not-affected': 0, investigating: 1, affected: 0, contained: 1, recovered: 0 },
        [['contained', null], ['investigating', { id: h.users.aobaAnalyst!.orgId, name: 'Aoba CSIRT' }]],
      ]);
      expect((resumed[1]!.data as { room: { state: string } }).room.state).toBe('monitoring');
      expect(JSON.stringify(resumed)).not.toContain('Kinu');
      // An outsider cannot open the stream, not even with a resume id.
      const out = stream('umiAnalyst', roomId, 0);
      expect((await out.res).status).toBe(404);
      out.abort.abort();
    });

    it('releases question results at k with quotable sentences, naming only those who chose to be named', async () => {
      const q = await h.api('kinuAnalyst', 'POST', '/api/v1/questions', { text: 'Mirai variants on port 2323?', options: ['none', 'some', 'large-scale'], deadline: Date.now() + 3_600_000, tlp: 'green', audience: { kind: 'community' }, anonymous: true });
      expect(q.status).toBe(201);
      const id = (await json<{ id: number }>(q)).id;
      await h.api('aobaAnalyst', 'POST', `/api/v1/questions/${id}/answers`, { option: 1, named: true });
      await h.api('soraAnalyst', 'POST', `/api/v1/questions/${id}/answers`, { option: 0 });
      const early = await json<{ question: { result: unknown; author: unknown }; quotes: unknown[] }>(await h.api('umiAnalyst', 'GET', `/api/v1/questions/${id}`));
      expect([early.question.result, early.question.author, early.quotes]).toEqual([{ released: false, respondents: null, counts: null, needed: 3, named: [] }, { anonymous: true, org: null }, []]);
      await h.api('umiAnalyst', 'POST', `/api/v1/questions/${id}/answers`, { option: 0 });
      const done = await json<{ question: { result: unknown }; quotes: Array<{ en: string; ja: string }> }>(await h.api('umiAnalyst', 'GET', `/api/v1/questions/${id}`));
      expect(done.question.result).toEqual({ released: true, respondents: 3, counts: [2, 1, 0], needed: 3, named: [{ org: 'Aoba CSIRT', option: 1 }] });
      expect(done.quotes[2]!.en).toMatch(/^As of \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST, none of the 3 responding members answered “large-scale” to “Mirai variants on port 2323\?”\.$/);
      expect(done.quotes[0]!.ja).toMatch(/回答した会員3社のうち2社が「Mirai variants on port 2323\?」に「none」と回答しました。$/);
      expect(JSON.stringify(done)).not.toContain('Kinu');
      const bad = await h.api('umiAnalyst', 'POST', `/api/v1/questions/${id}/answers`, { option: 5 });
      expect([bad.status, (await json<{ error: { code: string } }>(bad)).error.code]).toEqual([400, 'validation_failed']);
    });

    it('refuses scripts, unreadable or too many indicators and unknown TLP with a 4xx, storing nothing', async () => {
      const before = (await json<{ observations: unknown[] }>(await h.api('aobaAnalyst', 'GET', '/api/v1/observations?limit=200'))).observations.length;
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [obsBody({ body: 'look <script>alert(1)</script>' }), 400, 'validation_failed'],
        [obsBody({ body: '[x](javascript:alert(1))' }), 400, 'validation_failed'],
        [obsBody({ indicators: ['192.0.2.1', 'no such thing ###', '198.51.100.2', '%%%'] }), 400, 'validation_failed'],
        [obsBody({ indicators: Array.from({ length: 10_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`) }), 400, 'validation_failed'],
        [obsBody({ tlp: 'purple' }), 400, 'validation_failed'],
        [obsBody({ favours: ['speed', 'speed'] }), 400, 'validation_failed'],
        [obsBody({ audience: { kind: 'group', groupId: 424242 } }), 400, 'validation_failed'],
        [obsBody({ secret: 1 }), 400, 'unknown_parameter'],
      ];
      const got: Array<[number, string]> = [];
      for (const [b] of cases) {
        const r = await h.api('aobaAnalyst', 'POST', '/api/v1/observations', b);
        got.push([r.status, (await json<{ error: { code: string } }>(r)).error.code]);
      }
      expect(got.map((g, i) => [i, ...g])).toEqual(cases.map((c, i) => [i, c[1], c[2]]));
      const bad = await json<{ error: { details: { problems: Array<{ index: number; input: string }> } } }>(await h.api('aobaAnalyst', 'POST', '/api/v1/observations', cases[2]![0]));
      expect(bad.error.details.problems.map((p) => [p.index, p.input])).toEqual([[1, 'no such thing ###'], [3, '%%%']]);
      expect((await json<{ observations: unknown[] }>(await h.api('aobaAnalyst', 'GET', '/api/v1/observations?limit=200'))).observations.length).toBe(before);
      // Search by a defanged value finds the canonical indicator.
      const ok = await json<{ id: number }>(await h.api('aobaAnalyst', 'POST', '/api/v1/observations', obsBody({ indicators: ['evil[.]example'] })));
      expect((await json<{ observations: Array<{ id: number }> }>(await h.api('soraAnalyst', 'GET', `/api/v1/observations?indicator=${encodeURIComponent('EVIL[.]example')}`))).observations.map((o) => o.id)).toEqual([ok.id]);
    });
  });
}
