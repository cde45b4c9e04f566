/**
 * Full-text search and read/unread state of the observations store on SQLite (FTS5 trigram) and PostgreSQL
 * (pg_trgm): for every reader, a search returns exactly the readable observations containing every term
 * (Japanese without word breaks, short terms, mixed case, FTS syntax typed by a user), and stays in step
 * with edits and deletes; read state is per user and only for what the user may read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObservationDraft } from '../../core/observations/model.ts';
import { mayRead } from '../../core/observations/read-rule.ts';
import { textTerms } from '../../core/observations/text-query.ts';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { openHubStorage, type HubStorage } from '../open-hub-storage.ts';
import type { StoreWriter } from './port.ts';

async function openEngine(kind: 'sqlite' | 'postgres'): Promise<{ storage: HubStorage; cleanup(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-obs-fts-'));
    const storage = await openHubStorage(path.join(dir, 'hub.db'));
    return { storage, cleanup: async () => (await storage.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = testPgUrl();
  const schema = uniqueSchema('obsfts');
  const storage = await openHubStorage(url, { schema });
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

const draft = (over: Partial<ObservationDraft>): ObservationDraft => ({
  title: '', body: '', language: 'ja', category: 'scanning',
  fiveW1H: { purpose: '', observedFrom: null, observedTo: null, timeZone: 'Asia/Tokyo', ports: [], signatureIds: [], sector: '', region: '', networkScope: '', detection: '', use: 'watch' },
  indicators: [], favours: ['speed', 'accuracy'], confidence: 'medium', tlp: 'green', audience: { kind: 'community' }, anonymous: false,
  ...over,
});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`observation text search and read state on ${engine}`, () => {
    let env: Awaited<ReturnType<typeof openEngine>>;
    const w: Record<string, StoreWriter> = {};
    let groupId = 0;
    const made: Array<{ id: number; author: StoreWriter; d: ObservationDraft }> = [];
    beforeAll(async () => {
      env = await openEngine(engine);
      const mk = async (key: string, name: string, role: StoreWriter['role'], userId: number) => (w[key] = { orgId: (await env.storage.hub.ensureOrg(name)).id, role, userId });
      await mk('aoba', 'Aoba CSIRT', 'analyst', 1);
      await mk('kinu', 'Kinu SOC', 'analyst', 2);
      await mk('sora', 'Sora ISP', 'analyst', 3);
      await mk('umi', 'Umi ISAC', 'analyst', 4);
      await mk('admin', 'Hub Operator', 'hub-admin', 5);
      await mk('kinu2', 'Kinu SOC', 'analyst', 6);
      groupId = (await env.storage.observations.createGroup(w.aoba!, 'IoT WG', [w.kinu!.orgId], 1)).id;
      const post = async (author: StoreWriter, over: Partial<ObservationDraft>) => {
        const d = draft({ indicators: [], ...over });
        made.push({ id: await env.storage.observations.createObservation(author, d, 1000 + made.length), author, d });
      };
      await post(w.aoba!, { title: 'Telnet(23/tcp)への走査が急増', body: '家庭用ルータからの走査' });
      await post(w.aoba!, { title: '東京の金融機関へのDDoS', body: '社内限り', tlp: 'red' });
      await post(w.aoba!, { title: 'Mirai 亜種によるスキャン', body: 'IoT 機器を狙う', tlp: 'amber', audience: { kind: 'group', groupId } });
      await post(w.sora!, { title: 'CLDAP reflection', body: '大規模な反射攻撃の予兆 "quoted" OR NEAR(', anonymous: true });
      await post(w.kinu!, { title: 'TELNET brute force', body: 'SSH と telnet への総当たり', tlp: 'amber', audience: { kind: 'orgs', orgIds: [w.sora!.orgId] } });
      await post(w.umi!, { title: 'Phishing kit', body: '金融機関を装うフィッシング', tlp: 'amber+strict' });
    });
    afterAll(async () => env?.cleanup());
    const store = () => env.storage.observations;
    const groupsOf = (key: string): number[] => (['aoba', 'kinu', 'kinu2'].includes(key) ? [groupId] : []);
    /** The reference: readable by the rule and containing every term (substring, case-insensitive). */
    const expected = (key: string, text: string): number[] =>
      made
        .filter((m) => mayRead({ orgId: w[key]!.orgId, role: w[key]!.role, groupIds: groupsOf(key) }, { authorOrgId: m.author.orgId, tlp: m.d.tlp, audience: m.d.audience, anonymous: m.d.anonymous }))
        .filter((m) => textTerms(text).every((t) => `${m.d.title} ${m.d.body}`.normalize('NFKC').toLowerCase().includes(t)))
        .map((m) => m.id)
        .reverse();
    const search = async (key: string, text: string): Promise<number[]> => (await store().listObservations(w[key]!, { text, limit: 100 })).map((o) => o.id);

    it('returns exactly the readable observations containing every term, for every reader', async () => {
      const queries = ['走査', 'スキャン', 'telnet', 'TELNET 総当たり', '反射 cldap', '金融機関', 'DDoS', '"quoted" OR NEAR(', 'ない語句', 'ＴＥＬＮＥＴ'];
      const got: Record<string, number[]> = {};
      const want: Record<string, number[]> = {};
      for (const key of ['aoba', 'kinu', 'sora', 'umi', 'admin']) for (const q of queries) {
        got[`${key}:${q}`] = await search(key, q);
        want[`${key}:${q}`] = expected(key, q);
      }
      expect(got).toEqual(want);
      // Spot checks that the reference itself is not empty where it must not be.
      expect(got['aoba:金融機関']).toEqual([made[1]!.id]);
      expect(got['umi:金融機関']).toEqual([made[5]!.id]);
      expect(got['sora:telnet']).toEqual([made[4]!.id, made[0]!.id]);
      expect(got['kinu:スキャン']).toEqual([made[2]!.id]);
      expect(got['umi:反射 cldap']).toEqual([made[3]!.id]);
    });

    it('follows edits and deletes', async () => {
      const first = made[0]!;
      expect(await store().updateObservation(w.aoba!, first.id, { ...first.d, title: 'SMB(445/tcp)への走査', body: '' }, 2000)).toBe(true);
      expect([await search('kinu', 'telnet'), await search('kinu', '445/tcp')]).toEqual([[made[4]!.id], [first.id]]);
      expect(await store().deleteObservation(w.aoba!, first.id)).toBe(true);
      expect(await search('kinu', '445/tcp')).toEqual([]);
      expect(await search('kinu', '走査')).toEqual([]);
    });

    it('keeps read state per user, only for what the user may read', async () => {
      const mirai = made[2]!.id;
      const red = made[1]!.id;
      const unread = async (key: string) => (await store().listObservations(w[key]!, { unread: true, limit: 100 })).map((o) => o.id);
      const before = await unread('kinu');
      expect(before).toContain(mirai);
      expect(await store().markRead(w.kinu!, mirai, true, 3000)).toBe(true);
      expect(await store().markRead(w.kinu!, red, true, 3000)).toBe(false);
      expect(await unread('kinu')).toEqual(before.filter((id) => id !== mirai));
      // Another user of the same organisation keeps its own state.
      expect(await unread('kinu2')).toEqual(before);
      expect([(await store().getObservation(w.kinu!, mirai))!.read, (await store().getObservation(w.kinu2!, mirai))!.read]).toEqual([true, false]);
      expect(await store().markRead(w.kinu!, mirai, false, 3001)).toBe(true);
      expect(await unread('kinu')).toEqual(before);
    });
  });
}
