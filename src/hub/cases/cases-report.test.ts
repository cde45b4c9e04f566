/**
 * The management report over HTTP: Markdown and a Chromium-printed PDF (read back with pdftotext) whose
 * damage figure and triage counts equal the API's case view; who may read it (the case's org only: other
 * orgs and the hub operator get 404, anonymous 401); private, uncached, audited; and nothing from another
 * org's case in it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub } from '../create-hub.ts';
import { startCaseTestHub, type CaseTestHub, type CaseTestUser } from './test-harness.ts';

let t: CaseTestHub;
let dir: string;
beforeAll(async () => {
  t = await startCaseTestHub();
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-case-report-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

// The org's own internal details (they belong in its own report) and another org's (they never do).
const OWN = ['srv-kaikei-01.corp.example', 'Tanaka Hanako', 'yamada.taro'];
const OTHER = ['kinu-db-07.internal', '192.168.77.7', 'Kinu Jiro', 'kinu-analyst', 'kinu planted note', 'Kinu secret case'];

type View = { case: { id: number; createdAt: number }; counts: Record<'black' | 'red' | 'yellow' | 'green' | 'untriaged', number>; damage: { status: string; damage: { ja: string; en: string; plain: string } } };

async function aobaCase(): Promise<number> {
  const a = t.users.aOwner;
  const id = ((await t.api(a, 'POST', '/api/v1/cases', { title: 'Web改ざんとEmotet', tlp: 'amber', lang: 'ja', damage: { annualRevenueYen: '30000000000', businessDays: 240 } })).json as View).case.id;
  const rows = ['name,address,os,owner,tag', `${OWN[0]},10.1.2.3,Windows Server,${OWN[1]},red`];
  for (let i = 1; i < 10; i++) rows.push(`pc${i},,Windows,,${i === 1 ? 'black' : i < 5 ? 'green' : 'untriaged'}`);
  expect((await t.api(a, 'POST', `/api/v1/cases/${id}/hosts/import`, { csv: rows.join('\n') })).json).toEqual({ imported: 10, errors: [] });
  for (const [at, outage] of [['2026-12-01T09:00:00+09:00', 'start'], ['2026-12-04T09:00:00+09:00', 'end']] as const) {
    expect((await t.api(a, 'POST', `/api/v1/cases/${id}/timeline`, { occurredAt: at, what: `Web ${outage}`, source: 'monitoring', outage })).status).toBe(201);
  }
  expect((await t.api(a, 'POST', `/api/v1/cases/${id}/notes`, { subjective: 'ransom page seen', assessment: 'CMS plugin exploited', plan: ['Patch the CMS'] })).status).toBe(201);
  return id;
}

async function kinuCase(): Promise<void> {
  const b = t.users.bAdmin;
  const id = ((await t.api(b, 'POST', '/api/v1/cases', { title: OTHER[5] })).json as View).case.id;
  await t.api(b, 'POST', `/api/v1/cases/${id}/hosts`, { name: OTHER[0], address: OTHER[1], owner: OTHER[2], tag: 'black' });
  await t.api(b, 'POST', `/api/v1/cases/${id}/tasks`, { title: 'kinu task', ownerUserId: t.users.bAnalyst.id });
  await t.api(b, 'POST', `/api/v1/cases/${id}/notes`, { subjective: OTHER[4], assessment: OTHER[4] });
}

const get = async (who: CaseTestUser | null, p: string) => {
  const res = await fetch(`${t.url}${p}`, who ? { headers: { authorization: `Bearer ${who.key}` } } : {});
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
};
const squash = (s: string) => s.replace(/\s+/g, '');

describe('case report', () => {
  it('answers the case org with Markdown and a PDF equal to the case view, and nobody else', async () => {
    const id = await aobaCase();
    await kinuCase();
    const view = (await t.api(t.users.aAnalyst, 'GET', `/api/v1/cases/${id}`)).json as View;
    expect([view.counts, view.damage.status, view.damage.damage.plain]).toEqual([{ black: 1, red: 1, yellow: 0, green: 3, untriaged: 5 }, 'complete', '¥225,000,000']);

    const paths = [`/api/v1/cases/${id}/report.md`, `/api/v1/cases/${id}/report.md?lang=en`, `/api/v1/cases/${id}/report.pdf?lang=ja`, `/api/v1/cases/${id}/report.pdf?lang=en`];
    const u = t.users;
    const matrix: Record<string, number[]> = {};
    const own: Record<string, Array<Awaited<ReturnType<typeof get>>>> = {};
    for (const [name, who] of Object.entries({ aAnalyst: u.aAnalyst, aAdmin: u.aAdmin, bAnalyst: u.bAnalyst, bAdmin: u.bAdmin, hubAdmin: u.hubAdmin, anonymous: null })) {
      const res: Array<Awaited<ReturnType<typeof get>>> = [];
      for (const p of paths) res.push(await get(who, p));
      matrix[name] = res.map((r) => r.status);
      if (name.startsWith('a')) own[name] = res;
      else for (const r of res) for (const s of [...OWN, 'Web改ざん', '225,000,000']) expect(r.body.toString('utf8')).not.toContain(s);
    }
    expect(matrix).toEqual({ aAnalyst: [200, 200, 200, 200], aAdmin: [200, 200, 200, 200], bAnalyst: [404, 404, 404, 404], bAdmin: [404, 404, 404, 404], hubAdmin: [404, 404, 404, 404], anonymous: [401, 401, 401, 401] });
    expect([(await get(u.aAnalyst, `/api/v1/cases/${id}/report.pdf?lang=fr`)).status, (await get(u.aAnalyst, `/api/v1/cases/${id}/report.md?tz=JST`)).status]).toEqual([400, 400]);
    // The case's own times in the asked zone; timeline times keep the zone they were given in.
    const utc = (await get(u.aAnalyst, `/api/v1/cases/${id}/report.md?lang=en&tz=-05:30`)).body.toString('utf8');
    const opened = new Date(view.case.createdAt - 330 * 60_000).toISOString();
    expect(utc).toContain(`- **Opened**: ${opened.slice(0, 10)} ${opened.slice(11, 16)} (UTC-05:30)\n`);
    expect(utc).toContain('| 2026-12-01 09:00 (UTC+09:00) | [outage starts] Web start | monitoring |');

    const [mdJa, mdEn, pdfJa, pdfEn] = own.aAnalyst!;
    expect([mdJa, mdEn, pdfJa, pdfEn].map((r) => [r!.headers.get('cache-control'), r!.headers.get('content-type'), r!.headers.get('content-disposition')])).toEqual([
      ['private, no-store', 'text/markdown; charset=utf-8', `attachment; filename="case-${id}-report-ja.md"`],
      ['private, no-store', 'text/markdown; charset=utf-8', `attachment; filename="case-${id}-report-en.md"`],
      ['private, no-store', 'application/pdf', `attachment; filename="case-${id}-report-ja.pdf"`],
      ['private, no-store', 'application/pdf', `attachment; filename="case-${id}-report-en.pdf"`],
    ]);
    const c = view.counts;
    const total = c.black + c.red + c.yellow + c.green + c.untriaged;
    const md = mdJa!.body.toString('utf8');
    expect(md).toContain(`- **暫定被害額**: ${view.damage.damage.ja}（${view.damage.damage.plain}）\n- **被害ホスト**: ${c.black + c.red + c.yellow}台 / 全${total}台（20%）\n- **停止時間**: 72時間\n`);
    expect(md).toContain(`| 黒 (0) | 上書き型ファイル感染型ウイルスに感染。ファイルは駆除できない — 再構築する。 | ${c.black} | 10% |`);
    expect(md).toContain(`| 未トリアージ | — | ${c.untriaged} | 50% |`);
    // The org's own report names its hosts and people; nothing of the other org is in it.
    expect(md).toContain(`| 1 | ${OWN[0]} | 赤 | Windows Server | ${OWN[1]} |`);
    expect(md).toContain(`- **担当者**: ${OWN[2]}`);
    expect(mdEn!.body.toString('utf8')).toContain(`- **Provisional damage**: ${view.damage.damage.en} (${view.damage.damage.plain})\n- **Affected hosts**: 2 of 10 (20%)\n`);

    for (const [lang, r] of [['ja', pdfJa!], ['en', pdfEn!]] as const) {
      const file = path.join(dir, `report-${lang}.pdf`);
      writeFileSync(file, r.body);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+\d+(\.\d+)? x \d+(\.\d+)? pts \(A4\)/);
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const flat = squash(text);
      const damage = lang === 'ja' ? `${view.damage.damage.ja}（${view.damage.damage.plain}）` : `${view.damage.damage.en}(${view.damage.damage.plain})`;
      expect(flat).toContain(squash(damage));
      // The triage table, one line per tag with the layout kept: its counts are the view's.
      const labels = lang === 'ja' ? ['黒 (0)', '赤 (I)', '黄 (II)', '緑 (III)', '未トリアージ'] : ['black (0)', 'red (I)', 'yellow (II)', 'green (III)', 'not yet triaged'];
      const lines = text.split('\n').map((l) => l.trim());
      const counted = labels.map((label) => /\s(\d+) \d+%$/.exec(lines.find((l) => l.startsWith(`${label} `)) ?? '')?.[1]);
      expect(counted).toEqual((['black', 'red', 'yellow', 'green', 'untriaged'] as const).map((k) => String(c[k])));
      for (const s of [...OWN.slice(0, 2)]) expect(flat).toContain(squash(s));
      for (const s of OTHER) expect(flat).not.toContain(squash(s));
    }
    for (const r of [...own.aAnalyst!, ...own.aAdmin!]) for (const s of OTHER) expect(r.body.toString('utf8')).not.toContain(s);

    // Each answer is audited with the format and language, never the title.
    const audit = (await t.hub.ctx.store.listAudit(1000)).filter((e) => e.action === 'case-report');
    const each = [`case ${id} md ja`, `case ${id} md en`, `case ${id} pdf ja`, `case ${id} pdf en`];
    expect(audit.map((e) => [e.actorUserId, e.actorOrg, e.detail]).reverse()).toEqual([
      ...[u.aAnalyst.id, u.aAdmin.id].flatMap((uid) => each.map((d) => [uid, 'Aoba CSIRT', d])),
      [u.aAnalyst.id, 'Aoba CSIRT', `case ${id} md en`],
    ]);
  }, 180_000);

  it('answers renderer_unavailable (503) when Chromium is missing', async () => {
    const h = await createHub({ db: ':memory:', host: '127.0.0.1', port: 0, webDir: null, secret: 'x'.repeat(32), enrichment: { enabled: false, rangeDirs: [] }, reports: { chromium: '/nonexistent/chromium' } });
    try {
      const url = await h.listen();
      const user = await h.ctx.auth.createUser({ login: 'an', password: null, orgName: 'Aoba', role: 'analyst' });
      const headers = { authorization: `Bearer ${(await h.ctx.auth.createKey(user.id, 't')).key}` };
      const created = (await (await fetch(`${url}/api/v1/cases`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x' }) })).json()) as View;
      const res = await fetch(`${url}/api/v1/cases/${created.case.id}/report.pdf`, { headers });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('renderer_unavailable');
      expect((await fetch(`${url}/api/v1/cases/${created.case.id}/report.md`, { headers })).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
