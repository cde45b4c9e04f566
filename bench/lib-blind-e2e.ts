/**
 * End-to-end blind search on a real network in this process: member nodes on SQLite files, a hub, HTTP on
 * loopback; 853 values searched blind through the hub (token sets cached by version after the first run)
 * beside the plain search of the same values on the same world. Also the persistent token-set build.
 * Size: RENKEI_BENCH_BLIND_E2E_MEMBERS (default 3) × RENKEI_BENCH_BLIND_E2E_ATTRIBUTES (default 5,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBlindHubSearch } from '../src/client/blind/hub-blind-search.ts';
import { TokenSetCache } from '../src/client/blind/blind-searcher.ts';
import { createFinalizePool, type FinalizePool } from '../src/client/blind/finalize-pool.ts';
import { MATCH_KINDS } from '../src/contracts/match-kinds.ts';
import { loadSodiumGroup } from '../src/core/blind/group-sodium.ts';
import { createVoprf } from '../src/core/blind/voprf.ts';
import { createHub } from '../src/hub/create-hub.ts';
import { parseNodeConfig } from '../src/node/config.ts';
import { createNode, type RenkeiNode } from '../src/node/create-node.ts';
import { openStore, type OpenedStore } from '../src/storage/open-store.ts';
import { generateEvents, sampleSearchValues } from '../src/testkit/generate-attributes.ts';
import type { BenchRow } from './types.ts';

const MEMBERS = Number(process.env.RENKEI_BENCH_BLIND_E2E_MEMBERS ?? 3);
const ATTRS = Number(process.env.RENKEI_BENCH_BLIND_E2E_ATTRIBUTES ?? 5_000);
const log = (s: string) => process.stderr.write(`blind e2e: ${s}\n`);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runEndToEnd(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-blind-'));
  const nodes: { node: RenkeiNode; opened: OpenedStore }[] = [];
  let pool: FinalizePool | null = null;
  const hub = await createHub({ db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
  try {
    const url = await hub.listen();
    const hubKey = ((await (await fetch(`${url}/api/v1/federation/hub-key`)).json()) as { publicKey: string }).publicKey;
    const builds: number[] = [];
    for (let m = 0; m < MEMBERS; m++) {
      const file = path.join(dir, `node-${m}.db`);
      const opened = await openStore(file);
      const node = await createNode(parseNodeConfig({ db: file, host: '127.0.0.1', port: 0, logLevel: 'silent', blindRefreshSeconds: 3600 }), { opened });
      nodes.push({ node, opened });
      const nodeUrl = await node.listen();
      const owner = await opened.store.ensureOrg({ name: `Member ${m + 1}` });
      log(`member ${m + 1}: loading ${ATTRS} indicators…`);
      for (const batch of generateEvents({ attributes: ATTRS, seed: 11 + m })) await opened.store.saveEvents(batch, owner.id);
      const t = performance.now();
      await node.blind.refresh();
      builds.push(performance.now() - t);
      const k = await node.keys.create({ org: 'renkei-hub', role: 'search' });
      await node.blind.pinHub(k.info.id, hubKey);
      const mem = await hub.ctx.members.add(`Member ${m + 1}`);
      await hub.ctx.members.addSource(mem.id, { kind: 'renkei', url: nodeUrl, apiKey: k.key, verifyTls: true });
    }
    const user = await hub.ctx.auth.createUser({ login: 'bench', password: 'correct-horse-battery', orgName: 'Member 1', role: 'analyst' });
    const apiKey = (await hub.ctx.auth.createKey(user.id, 'bench')).key;
    const values = sampleSearchValues({ attributes: ATTRS, seed: 11, count: 853, sampleSeed: 301 }).map((v) => v.value);
    const voprf = createVoprf(await loadSodiumGroup());
    const cache = new TokenSetCache();
    // As the CLI does: node answers verified on worker threads. Inline (the browser today) for comparison.
    pool = createFinalizePool();
    const runs = async (finalize: FinalizePool['finalize'] | undefined): Promise<{ times: number[]; hitValues: number; results: string }> => {
      const times: number[] = [];
      let hitValues = 0;
      let results = '';
      for (let r = 0; r < 4; r++) {
        const t = performance.now();
        const res = await runBlindHubSearch(voprf, values, { baseUrl: url, apiKey, kinds: MATCH_KINDS, cache, ...(finalize ? { finalize } : {}) });
        if (r > 0) times.push(performance.now() - t); // the first run also fetches every token set (and starts the workers)
        hitValues = res.results.filter((v) => Object.keys(v.hits).length > 0).length;
        results = JSON.stringify(res.results);
        if (res.members.some((x) => x.status !== 'ok')) throw new Error(`blind bench: ${JSON.stringify(res.members)}`);
      }
      return { times, hitValues, results };
    };
    const pooled = await runs(pool.finalize);
    const inline = await runs(undefined);
    if (pooled.results !== inline.results) throw new Error('blind bench: worker-verified results differ from inline ones');
    const blindTimes = pooled.times;
    const hitValues = pooled.hitValues;
    const plainTimes: number[] = [];
    let plainHits = 0;
    for (let r = 0; r < 4; r++) {
      const t = performance.now();
      const resp = await fetch(`${url}/api/v1/searches`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ values }) });
      const body = (await resp.json()) as { results: { hits: Record<string, number> }[] };
      if (r > 0) plainTimes.push(performance.now() - t);
      plainHits = body.results.filter((v) => Object.keys(v.hits).length > 0).length;
    }
    const b = p50(blindTimes);
    const bi = p50(inline.times);
    const p = p50(plainTimes);
    return [
      { name: `blind token-set build, ${ATTRS.toLocaleString('en')} indicators on SQLite (per node)`, value: Math.round(p50(builds)), unit: 'ms', note: 'persistent: OPRF per input, rows and padded set in the node store' },
      { name: `blind search end to end, 853 values × ${MEMBERS} nodes × ${ATTRS.toLocaleString('en')} (p50)`, value: Math.round(b), unit: 'ms', note: `via the hub on loopback, sets cached, answers verified on worker threads; ${hitValues} values hit (plain: ${plainHits}); issue target 853×5×1M ≤ 2000 ms` },
      { name: `blind search end to end, verified inline on the event loop (p50)`, value: Math.round(bi), unit: 'ms', note: `same search, same results; workers ${(bi / b).toFixed(2)}× faster` },
      { name: `plain search, same world and values (p50)`, value: Math.round(p), unit: 'ms', note: `blind/plain ${(b / p).toFixed(1)}×` },
    ];
  } finally {
    await pool?.close();
    await hub.close().catch(() => undefined);
    for (const n of nodes) {
      await n.node.close().catch(() => undefined);
      await n.opened.close().catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
