import http from 'node:http';
import { createHub } from './src/hub/create-hub.ts';
import { createHubClient } from './src/client/hub-client.ts';
import { generateWorld } from './src/hub/demo/world.ts';
import os from 'node:os'; import path from 'node:path'; import { mkdtempSync, rmSync } from 'node:fs';
const w = generateWorld({ fillerPerMember: 10 });
const hit = (i: number) => ({ match: 'exact', attribute: { uuid: 'u'+i, type: 'ip-dst', category: 'Network activity', value: '45.1.2.'+(i%250), toIds: true, comment: '', firstSeen: null, lastSeen: null, timestamp: 1, tags: ['tlp:green'] }, event: { uuid: 'e', info: 'Some event info text here', date: '2026-01-01', orgc: 'X', tags: ['tlp:green'], threatLevel: 2 }, warninglists: [] });
const body = JSON.stringify({ results: Array.from({ length: 320 }, (_, i) => ({ index: i * 2, hits: [hit(i)] })), tookMs: 1 });
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body)); });
await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(s.address() as any).port}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ovh-'));
const hub = await createHub({ db: path.join(dir, 'hub.db'), port: 0, webDir: null });
await hub.listen();
for (let i = 0; i < 5; i++) { const m = await hub.ctx.members.add('M' + i); await hub.ctx.members.addSource(m.id, { kind: 'renkei', url, apiKey: 'k', verifyTls: true }, { skipCheck: true }); }
const u = await hub.ctx.auth.createUser({ login: 'b', password: null, orgName: 'B', role: 'analyst' });
const c = createHubClient({ baseUrl: hub.url, apiKey: (await hub.ctx.auth.createKey(u.id, 'b')).key });
const t: number[] = []; const ml: number[] = [];
for (let i = 0; i < 15; i++) { const t0 = performance.now(); const r = await c.search({ values: w.sample }); t.push(performance.now() - t0); ml.push(Math.max(...r.members.map(m => m.latencyMs ?? 0))); }
t.sort((a,b)=>a-b); ml.sort((a,b)=>a-b);
console.log('e2e p50', t[7]!.toFixed(1), 'member p50', ml[7]);
await hub.close(); s.close(); rmSync(dir, { recursive: true, force: true });
process.exit(0);
