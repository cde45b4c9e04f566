/**
 * The demo's observations, question and room, seeded through the real service and read back over HTTP by
 * each member: the RED note stays with its author, the anonymous post and lines name nobody, the Telnet
 * tally and the question are released at k = 3, the room shows its board and timeline. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';
import type { Actor } from '../observations/observations-service.ts';
import { seedObservations, type SeededObservations } from './seed-observations.ts';

const MEMBERS = ['aobaAnalyst', 'kinuAnalyst', 'soraAnalyst', 'umiAnalyst'] as const;

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`demo observations on ${engine}`, () => {
    let h: ObservationsHub;
    let seeded: SeededObservations;
    beforeAll(async () => {
      h = await startObservationsHub(engine);
      const actors: Actor[] = [];
      for (const name of MEMBERS) {
        const u = h.users[name]!;
        const row = await h.hub.ctx.auth.createUser({ login: `seed-${name.toLowerCase()}`, password: null, orgName: u.org, role: u.role });
        actors.push({ userId: row.id, orgId: row.orgId, role: row.role, orgName: u.org });
      }
      // The hub's clock: the question's deadline must lie ahead of it (a fixed date stopped working once it passed).
      seeded = await seedObservations(h.hub.ctx.observations, actors, Date.now());
    }, 60_000);
    afterAll(async () => h?.close());
    const get = async <T>(user: string, p: string): Promise<T> => {
      const r = await h.api(user, 'GET', p);
      expect(r.status, `${user} GET ${p}`).toBe(200);
      return (await r.json()) as T;
    };

    it('every member sees the feed the read rule allows; the anonymous post names nobody', async () => {
      type Feed = { observations: Array<{ title: string; anonymous: boolean; author: { org: { name: string } | null } }> };
      const seen: Record<string, Array<[string, string | null]>> = {};
      for (const name of [...MEMBERS, 'hubAdmin']) seen[name] = (await get<Feed>(name, '/api/v1/observations')).observations.map((o) => [o.title, o.author.org?.name ?? null]);
      const shared: Array<[string, string | null]> = [['UDP反射型DDoSの予兆（匿名）', null], ['Bank-themed phishing with a new kit', 'Kinu SOC'], ['Telnet(23/tcp)への走査が急増', 'Aoba CSIRT']];
      expect(seen).toEqual({
        aobaAnalyst: [['社内メモ: 調査中のホスト', 'Aoba CSIRT'], ...shared],
        kinuAnalyst: shared,
        // Sora wrote the anonymous post: its own org is shown to it.
        soraAnalyst: [['UDP反射型DDoSの予兆（匿名）', 'Sora ISP'], ...shared.slice(1)],
        umiAnalyst: shared,
        hubAdmin: [['UDP反射型DDoSの予兆（匿名）', 'Sora ISP'], ...shared.slice(1)],
      });
    });

    it('the Telnet tally and the question are released at k = 3 with quotable sentences; the room has its board and timeline', async () => {
      const telnet = await get<{ responses: { released: boolean; respondents: number; counts: Record<string, number> } }>('umiAnalyst', `/api/v1/observations/${seeded.observations[0]}`);
      expect(telnet.responses).toMatchObject({ released: true, respondents: 3, counts: { seen: 1, 'not-seen': 1, 'false-positive': 0, acted: 1 } });
      const q = await get<{ question: { result: { released: boolean; counts: number[]; named: Array<{ org: string; option: number }> } }; quotes: Array<{ ja: string }>; baseline: { key: string; withheld: boolean; sentence: { ja: string } | null } }>('umiAnalyst', `/api/v1/questions/${seeded.question}`);
      // The question is about CN; with no statistics yet its baseline says it cannot be compared.
      expect([q.baseline.key, q.baseline.withheld, q.baseline.sentence?.ja.startsWith('国 CN からの活動は、過去のデータが2週未満のため基準と比較できません')]).toEqual(['CN', false, true]);
      expect(q.question.result).toMatchObject({ released: true, counts: [2, 1, 0], named: [{ org: 'Kinu SOC', option: 0 }] });
      expect(q.quotes[2]!.ja).toContain('回答した会員3社のいずれも「CN からの大規模な攻撃を確認していますか？」に「大規模」と回答していません');
      const room = await get<{ room: { state: string; severity: string }; board: { counts: Record<string, number>; lines: Array<{ status: string; author: { org: { name: string } | null } }> }; timeline: Array<{ text: string; author: { org: { name: string } | null }; indicators: Array<{ value: string }> }> }>('umiAnalyst', `/api/v1/rooms/${seeded.room}`);
      expect([room.room.state, room.room.severity]).toEqual(['open', 'high']);
      expect(room.board.counts).toEqual({ 'not-affected': 1, investigating: 1, affected: 1, contained: 1, recovered: 0 });
      // Lines set within the same millisecond tie on time: compare them sorted by status.
      expect(room.board.lines.map((l) => [l.status, l.author.org?.name ?? null]).sort()).toEqual([['affected', 'Kinu SOC'], ['contained', null], ['investigating', 'Aoba CSIRT'], ['not-affected', 'Umi ISAC']]);
      expect(room.timeline.map((p) => [p.author.org?.name ?? null, p.indicators.map((i) => i.value)])).toEqual([['Kinu SOC', ['198.51.100.77', '203.0.113.9']], [null, []], ['Aoba CSIRT', ['198.51.100.77']]]);
      expect(JSON.stringify(room)).not.toContain('Sora');
    });
  });
}
