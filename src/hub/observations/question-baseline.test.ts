/**
 * Community questions about a country, port or signature show the community statistics baseline beside the
 * answers (both engines, real HTTP): the same figures, member-threshold withholding and quotable sentence as
 * the statistics' baseline view for the last complete hour; a key too few members reported is withheld, a
 * question without a subject has none, and a question the reader may not read shows nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, row, sources } from '../stats/test-batches.ts';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const hourOf = (ms: number): number => Math.floor(ms / HOUR) * HOUR - HOUR;
const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 13).replace('T', ' ')}:00 UTC`;

type View = { question: { id: number; subject: unknown; result: { released: boolean } }; quotes: Array<{ en: string; ja: string }>; baseline: null | { dimension: string; key: string; hour: string; weeks: number; sensors: number; minMembers: number; withheld: boolean; events: number | null; deviation: { level: string; ratio: number | null; median: number; current: number } | null; sentence: { en: string; ja: string } | null } };

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`question baseline on ${engine}`, () => {
    let h: ObservationsHub;
    const ingested = new Set<number>();
    /** Three members report CN on port 23 (sid 2000001) now (100 events each) and in the four weeks before (10 each); KR only one member. */
    const ingestFor = async (H: number): Promise<void> => {
      if (ingested.has(H)) return;
      ingested.add(H);
      const stats = h.hub.ctx.storage.stats;
      for (const member of ['Aoba CSIRT', 'Kinu SOC', 'Sora ISP']) {
        const rows = (events: number) => [row({ events, sources: sources(`${member}-`, 5), country: 'CN', port: 23, sid: 2000001 }), ...(member === 'Aoba CSIRT' ? [row({ events: 50, sources: sources('kr-', 5), country: 'KR', port: 8080, sid: 2000002 })] : [])];
        await stats.ingest(member, batch(H, `sensor-${member}`, rows(100), member), Date.now());
        for (let w = 1; w <= 4; w++) await stats.ingest(member, batch(H - w * WEEK, `sensor-${member}`, rows(10), member), Date.now());
      }
    };
    const ask = async (subject: unknown, over: Record<string, unknown> = {}) =>
      h.api('aobaAnalyst', 'POST', '/api/v1/questions', { text: 'CN からの大規模な攻撃を確認していますか？', options: ['なし', '少し', '大規模'], deadline: Date.now() + 3600_000, tlp: 'green', audience: { kind: 'community' }, subject, ...over });
    /** The view and the hour it should compare; asked again if the clock crossed an hour meanwhile. */
    const view = async (user: string, id: number): Promise<{ v: View; H: number; status: number }> => {
      for (;;) {
        const H = hourOf(Date.now());
        await ingestFor(H);
        const res = await h.api(user, 'GET', `/api/v1/questions/${id}`);
        if (hourOf(Date.now()) === H) return { v: (await res.json()) as View, H, status: res.status };
      }
    };
    beforeAll(async () => {
      h = await startObservationsHub(engine, 3);
    }, 60_000);
    afterAll(async () => h?.close());

    it('shows the baseline for the subject beside the released answers, with its quotable sentence', async () => {
      const res = await ask({ dimension: 'country', key: 'cn' });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { id: number }).id;
      for (const u of ['kinuAnalyst', 'soraAnalyst', 'umiAnalyst']) expect((await h.api(u, 'POST', `/api/v1/questions/${id}/answers`, { option: 0 })).status).toBe(200);
      const { v, H } = await view('umiAnalyst', id);
      expect(v.question.subject).toEqual({ dimension: 'country', key: 'CN' });
      expect(v.question.result.released).toBe(true);
      expect(v.quotes[0]!.en).toContain('3 of the 3 responding members answered “なし” to “CN からの大規模な攻撃を確認していますか？”');
      expect(v.baseline).toEqual({
        dimension: 'country', key: 'CN', hour: new Date(H).toISOString(), weeks: 4, sensors: 3, minMembers: 3, withheld: false, events: 300,
        deviation: { current: 100, median: 10, ratio: 10, z: 45, level: 'large', weeks: 4 },
        sentence: {
          en: `Large-scale activity from country CN observed: 10× the usual level (${utc(H)}, 3 sensors, baseline = median of the same hour over the previous 4 weeks).`,
          ja: `国 CN からの大規模な活動を観測：通常の10倍（${utc(H)}、センサー3台、基準 = 過去4週の同じ時間帯の中央値）。`,
        },
      });
      // The same figures as the statistics' own baseline view for that hour and key.
      const stats = (await (await h.api('umiAnalyst', 'GET', `/api/v1/stats/baseline?dimension=country&key=CN&hour=${H / 1000}`)).json()) as { items: Array<{ events: number; sentence: unknown }> };
      expect([stats.items[0]!.events, stats.items[0]!.sentence]).toEqual([300, v.baseline!.sentence]);
    });

    it('compares ports and signatures; withholds a key too few members reported; none without a subject', async () => {
      const idOf = async (subject: unknown) => ((await (await ask(subject)).json()) as { id: number }).id;
      const port = (await view('kinuAnalyst', await idOf({ dimension: 'port', key: '23' }))).v.baseline;
      expect([port?.key, port?.events, port?.deviation?.level, port?.sentence?.en.startsWith('Large-scale activity on port 23 observed: 10×')]).toEqual(['23', 300, 'large', true]);
      const sig = (await view('kinuAnalyst', await idOf({ dimension: 'signature', key: '2000001' }))).v.baseline;
      expect([sig?.key, sig?.events, sig?.deviation?.level]).toEqual(['2000001', 300, 'large']);
      // KR rests on one member: no figures and no sentence (withheld is not zero).
      const kr = (await view('kinuAnalyst', await idOf({ dimension: 'country', key: 'KR' }))).v.baseline;
      expect([kr?.withheld, kr?.events, kr?.deviation, kr?.sentence]).toEqual([true, null, null, null]);
      expect((await view('kinuAnalyst', await idOf(null))).v.baseline).toBeNull();
      expect((await view('kinuAnalyst', await idOf(undefined))).v.baseline).toBeNull();
    });

    it('refuses a bad subject with a clear 400; a question the reader may not read shows nothing', async () => {
      for (const subject of [{ dimension: 'country', key: 'CHN' }, { dimension: 'port', key: '70000' }, { dimension: 'signature', key: 'ET SCAN' }]) {
        const r = await ask(subject);
        expect([r.status, ((await r.json()) as { error: { code: string; field?: string } }).error.code]).toEqual([400, 'validation_failed']);
      }
      expect((await ask({ dimension: 'asn', key: '4134' })).status).toBe(400);
      const red = ((await (await ask({ dimension: 'country', key: 'CN' }, { tlp: 'red' })).json()) as { id: number }).id;
      const other = await view('kinuAnalyst', red);
      expect([other.status, JSON.stringify(other.v)]).toEqual([404, expect.not.stringContaining('baseline') as unknown as string]);
      expect((await view('aobaAdmin', red)).v.baseline?.events).toBe(300);
      // AMBER to the topic group: its member reads question and baseline, others get 404 and no baseline.
      const amber = ((await (await ask({ dimension: 'country', key: 'CN' }, { tlp: 'amber', audience: { kind: 'group', groupId: h.groupId } })).json()) as { id: number }).id;
      expect((await view('kinuAnalyst', amber)).v.baseline?.events).toBe(300);
      for (const u of ['soraAnalyst', 'umiAnalyst']) {
        const r = await view(u, amber);
        expect([r.status, 'baseline' in r.v]).toEqual([404, false]);
      }
    });
  });
}
