/**
 * Observations (issue 14) on SQLite and PostgreSQL (when RENKEI_BENCH_PG or RENKEI_TEST_PG names a
 * database), over real HTTP on loopback through the read rule: a feed page of 100,000 observations
 * (p50 ≤ 50 ms), full-text search over them in Japanese and English (p50 ≤ 100 ms), and one room post
 * reaching 200 connected SSE clients (p99 ≤ 200 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seededRandom } from '../src/core/random/seeded-random.ts';
import { createHub, type Hub } from '../src/hub/create-hub.ts';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../src/storage/hub/runner.ts';
import type { BenchRow } from './types.ts';

const ITEMS = Number(process.env.RENKEI_BENCH_OBSERVATIONS ?? 100_000);
const CLIENTS = 200;
const POSTS = 10;
const RUNS = 40;
const ORGS = ['Aoba CSIRT', 'Kinu SOC', 'Sakura ISAC', 'Tsubaki Telecom', 'Hinoki MSSP'];
const JA = ['走査', '急増', 'ボットネット', '家庭用ルータ', 'フィッシング', '金融機関', '反射攻撃', '脆弱性', '情報漏えい', '総当たり', 'マルウェア', '通信', '観測', '遮断'];
const EN = ['scanning', 'telnet', 'botnet', 'phishing', 'kit', 'reflection', 'exploit', 'leak', 'brute', 'force', 'loader', 'beacon', 'observed', 'blocked'];
const CATEGORIES = ['scanning', 'brute-force', 'ddos', 'phishing', 'malware', 'vulnerability-exploitation', 'data-leak', 'other'];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Writes `ITEMS` observations straight into the tables (the FTS triggers and indexes follow). */
async function load(db: SqlRunner, orgIds: number[], groupId: number): Promise<void> {
  const r = seededRandom(14);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const fiveW1H = JSON.stringify({ purpose: '', observedFrom: null, observedTo: null, timeZone: 'Asia/Tokyo', ports: [23], signatureIds: [], sector: '', region: '', networkScope: '', detection: '', use: 'watch' });
  const CHUNK = 500;
  for (let done = 0; done < ITEMS; done += CHUNK) {
    const rows: unknown[] = [];
    const n = Math.min(CHUNK, ITEMS - done);
    for (let i = 0; i < n; i++) {
      const ja = r() < 0.6;
      const words = Array.from({ length: 6 }, () => pick(ja ? JA : EN));
      const title = `${words.slice(0, 3).join(ja ? '' : ' ')} #${done + i}`;
      const body = words.join(ja ? 'と' : ' ') + (ja ? 'を確認しました。' : ' seen on our network.');
      const x = r();
      const [tlp, kind, gid] = x < 0.7 ? ['green', 'community', null] : x < 0.8 ? ['clear', 'community', null] : x < 0.9 ? ['amber', 'group', groupId] : x < 0.95 ? ['red', 'community', null] : ['amber+strict', 'community', null];
      rows.push(pick(orgIds), 1, r() < 0.2 ? 1 : 0, title, body, ja ? 'ja' : 'en', pick(CATEGORIES), fiveW1H, '["speed","accuracy"]', 'medium', tlp, kind, gid, 1_790_000_000_000 + done + i, 1_790_000_000_000 + done + i);
    }
    const values = Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    await db.run(`INSERT INTO obs_items (author_org_id, author_user_id, anonymous, title, body, language, category, five_w1h, favours, confidence, tlp, audience_kind, audience_group_id, created_at, updated_at) VALUES ${values}`, rows);
  }
  if (db.dialect === 'postgres') await db.exec('ANALYZE obs_items');
}

async function timed(n: number, fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await fn();
    out.push(performance.now() - a);
  }
  return out;
}

/** 200 SSE clients on one room; each of `POSTS` posts is timed from the POST to its arrival at every client. */
async function sse(url: string, key: string, posterKey: string, roomId: number): Promise<number[]> {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const aborts: AbortController[] = [];
  const ready: Promise<void>[] = [];
  let expected = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((res) => (resolveAll = res));
  for (let c = 0; c < CLIENTS; c++) {
    const abort = new AbortController();
    aborts.push(abort);
    ready.push((async () => {
      const res = await fetch(`${url}/api/v1/rooms/${roomId}/events`, { headers: { authorization: `Bearer ${key}` }, signal: abort.signal });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buf += dec.decode(value, { stream: true });
            let i: number;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              const block = buf.slice(0, i);
              buf = buf.slice(i + 2);
              const m = /"text":"(bench-post-\d+)"/.exec(block);
              const at = m ? sent.get(m[1]!) : undefined;
              if (at !== undefined) {
                latencies.push(performance.now() - at);
                if (latencies.length === expected) resolveAll();
              }
            }
          }
        } catch {
          // aborted at the end
        }
      })();
    })());
  }
  await Promise.all(ready);
  expected = CLIENTS * POSTS;
  for (let p = 0; p < POSTS; p++) {
    const text = `bench-post-${p}`;
    sent.set(text, performance.now());
    const res = await fetch(`${url}/api/v1/rooms/${roomId}/posts`, { method: 'POST', headers: { authorization: `Bearer ${posterKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    await res.text();
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.race([all, new Promise((r) => setTimeout(r, 30_000))]);
  for (const a of aborts) a.abort();
  return latencies;
}

async function engine(kind: 'sqlite' | 'postgres', pgUrl: string | null): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-obs-'));
  const schema = `bench_obs_${process.pid}`;
  const db = kind === 'sqlite' ? path.join(dir, 'hub.db') : pgUrl!;
  let hub: Hub | null = null;
  let seedRunner: SqlRunner | null = null;
  try {
    hub = await createHub({ db, ...(kind === 'postgres' ? { pgSchema: schema } : {}), host: '127.0.0.1', port: 0, webDir: null, keyFile: path.join(dir, 'hub.key'), enrichment: { enabled: false, rangeDirs: [] } });
    const url = await hub.listen();
    const ctx = hub.ctx;
    const users = [];
    for (const org of ORGS) {
      const u = await ctx.auth.createUser({ login: `bench-${org.split(' ')[0]!.toLowerCase()}`, password: null, orgName: org, role: 'analyst' });
      users.push({ ...u, key: (await ctx.auth.createKey(u.id, 'bench')).key });
    }
    const group = await ctx.storage.observations.createGroup({ orgId: users[0]!.orgId, role: 'analyst', userId: users[0]!.id }, 'Bench WG', [users[1]!.orgId, users[2]!.orgId], Date.now());
    seedRunner = kind === 'sqlite' ? sqliteRunner(db) : postgresRunner(db, schema);
    const l0 = performance.now();
    await load(seedRunner, users.map((u) => u.orgId), group.id);
    const loadS = (performance.now() - l0) / 1000;
    const reader = users[1]!;
    const get = (p: string) => async () => {
      const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${reader.key}` } });
      if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`);
      await res.arrayBuffer();
    };
    const feed = await timed(RUNS, get('/api/v1/observations?limit=50'));
    const feedCat = await timed(RUNS, get('/api/v1/observations?limit=50&category=phishing&tlp=amber'));
    const terms = ['フィッシング', '家庭用ルータ 急増', 'telnet botnet', '走査', 'beacon', 'ない語句です'];
    let ti = 0;
    const search = await timed(RUNS * 2, () => get(`/api/v1/observations?limit=50&text=${encodeURIComponent(terms[ti++ % terms.length]!)}`)());
    const room = await ctx.observations.openRoom({ userId: users[0]!.id, orgId: users[0]!.orgId, role: 'analyst', orgName: ORGS[0]! }, { title: 'Bench room', description: '', tlp: 'green', audience: { kind: 'community' }, severity: 'high', anonymous: false });
    const lat = await sse(url, reader.key, users[0]!.key, room.id);
    const p99 = lat.length === CLIENTS * POSTS ? pct(lat, 99) : Infinity;
    const e = kind;
    return [
      { name: `${e}: load ${ITEMS} observations`, value: loadS, unit: 's', note: 'bulk INSERT (FTS triggers / trigram index maintained)' },
      { name: `${e}: feed page (50) of ${ITEMS} p50`, value: pct(feed, 50), unit: 'ms', target: '≤ 50', ok: pct(feed, 50) <= 50, note: `p95 ${pct(feed, 95).toFixed(1)} ms, over HTTP, read rule applied` },
      { name: `${e}: filtered feed page p50`, value: pct(feedCat, 50), unit: 'ms', note: 'category + TLP filter' },
      { name: `${e}: full-text search p50`, value: pct(search, 50), unit: 'ms', target: '≤ 100', ok: pct(search, 50) <= 100, note: `p95 ${pct(search, 95).toFixed(1)} ms; ja/en, 1–2 terms, incl. a 2-char term and a miss` },
      { name: `${e}: room post to ${CLIENTS} SSE clients p99`, value: p99, unit: 'ms', target: '≤ 200', ok: p99 <= 200, note: `${lat.length}/${CLIENTS * POSTS} deliveries, p50 ${lat.length ? pct(lat, 50).toFixed(1) : '—'} ms` },
    ];
  } finally {
    await seedRunner?.close().catch(() => undefined);
    await hub?.close().catch(() => undefined);
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark. */
export async function run(): Promise<BenchRow[]> {
  const rows = await engine('sqlite', null);
  const pgUrl = process.env.RENKEI_BENCH_PG ?? process.env.RENKEI_TEST_PG ?? null;
  if (pgUrl) rows.push(...(await engine('postgres', pgUrl)));
  else rows.push({ name: 'postgres', value: 0, unit: '', note: 'skipped: set RENKEI_BENCH_PG or RENKEI_TEST_PG' });
  return rows;
}
