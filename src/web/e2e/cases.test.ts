/**
 * The cases page in Chromium, in Japanese, against a real hub serving the built UI: create a case, import
 * hosts (a bad row explained in Japanese), the field's worked damage estimate from the timeline and triage,
 * a re-triage in the host table that moves the estimate, a SOAP note in the journal, a state move, and a
 * safe status that refuses an internal address and carries no host or user name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../hub/create-hub.ts';
import { ja } from '../i18n/ja.ts';
import { hostMessages } from '../pages/cases/host-messages.ts';
import { casesMessages } from '../pages/cases/messages.ts';
import { axe, ensureWebBuild, launchChromium, shot } from './browser.ts';

const C = casesMessages.ja;
const H = hostMessages.ja;
const LOGIN = 'yamada.taro';
const PASSWORD = 'aoba-admin-password-1';
let dir: string;
let hub: Hub;
let url: string;
let browser: Browser;
let page: Page;
let kinuKey: string;
let roomId: number;

beforeAll(async () => {
  ensureWebBuild();
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-e2e-cases-'));
  hub = await createHub({ db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: 'dist/web', keyFile: path.join(dir, 'hub.key'), enrichment: { enabled: false, rangeDirs: [] }, auth: { cookieSecure: false } });
  url = await hub.listen();
  await hub.ctx.auth.createUser({ login: LOGIN, password: PASSWORD, orgName: 'Aoba CSIRT', role: 'member-admin', locale: 'ja' });
  // Another member opens a community incident room; Aoba shares its status into it from the case.
  const kinu = await hub.ctx.auth.createUser({ login: 'kinu-admin', password: null, orgName: 'Kinu SOC', role: 'member-admin' });
  kinuKey = (await hub.ctx.auth.createKey(kinu.id, 'e2e')).key;
  const opened = await fetch(`${url}/api/v1/rooms`, { method: 'POST', headers: { authorization: `Bearer ${kinuKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'CMS改ざんの広域発生', tlp: 'green', audience: { kind: 'community' } }) });
  roomId = ((await opened.json()) as { id: number }).id;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cases page in Chromium', () => {
  it('triages, notes, estimates and shares a safe status, in Japanese', async () => {
    const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
    await page.goto(url);
    await page.getByLabel(ja['signIn.login']).fill(LOGIN);
    await page.getByLabel(ja['signIn.password']).fill(PASSWORD);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: C.nav, exact: true }).click();
    await page.getByRole('heading', { name: C.title }).waitFor();
    await page.getByLabel(C.newTitle).fill('Web改ざん');
    await page.getByRole('button', { name: C.create }).click();
    await page.getByRole('heading', { name: 'Web改ざん' }).waitFor();

    // Ten hosts (two red), one bad row.
    const csv = ['name,address,tag', 'pc0,192.168.1.10,red', 'pc1,192.168.1.11,red', ...Array.from({ length: 8 }, (_, i) => `pc${i + 2},192.168.1.${i + 12},green`), 'bad,,purple'].join('\n');
    await page.getByLabel(H.importTitle).fill(csv);
    await page.getByRole('button', { name: H.importDo, exact: true }).click();
    const result = page.getByTestId('import-result');
    await result.getByText('10台を登録、エラー1行').waitFor();
    expect(await result.getByRole('listitem').allInnerTexts()).toEqual(['12行目: タグ「purple」は使えません（black, red, yellow, green, untriaged のいずれか）']);
    await page.getByTestId('host-range').getByText('ホスト 1〜10件目（全10件）').waitFor();

    // The worked example: ¥30 bn, 240 days, 72 h down, 2 of 10 hosts hit.
    await page.getByLabel(C.revenue).fill('30000000000');
    await page.getByLabel(C.days).fill('240');
    await page.getByRole('button', { name: C.save, exact: true }).click();
    for (const [at, outage] of [['2026-12-01T09:00:00+09:00', 'start'], ['2026-12-04T09:00:00+09:00', 'end']] as const) {
      await page.getByLabel(C.eventAt).fill(at);
      await page.getByLabel(C.eventWhat).fill(`サイト停止 ${outage}`);
      await page.getByLabel(C.eventSource, { exact: true }).fill('監視');
      await page.getByRole('combobox', { name: new RegExp(`^${C.outage}`) }).selectOption(outage);
      await page.getByRole('button', { name: C.addEvent }).click();
      await page.getByText(`${at} — サイト停止 ${outage} (監視)`).waitFor();
    }
    const damage = page.getByTestId('damage');
    await damage.getByText('2億2,500万円 (¥225,000,000)').waitFor();
    expect(await damage.locator('p').allInnerTexts()).toEqual([
      '2億2,500万円 (¥225,000,000)',
      '時間あたり売上高 = 年間売上高 300億円 ÷ (営業日 240日 × 8時間) = 1,562万5,000円（¥15,625,000）',
      '暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 2 ÷ 全 10） = 2億2,500万円（¥225,000,000）',
    ]);

    // Re-triage pc2 in the host table: the counts and the estimate follow.
    await page.getByLabel(H.reason, { exact: true }).fill('EDRでトロイの木馬を検知');
    await page.getByLabel('pc2のタグ', { exact: true }).selectOption('yellow');
    await page.getByTestId('host-notice').getByText('pc2を「黄 (II)」にしました').waitFor();
    await damage.getByText('3億3,750万円 (¥337,500,000)').waitFor();
    expect(await page.getByRole('row', { name: /yellow \(II\)/ }).locator('td').first().innerText()).toBe('1台');
    await page.locator('tr[data-host="pc2"]').getByRole('button', { name: H.history }).click();
    const history = page.getByRole('list', { name: 'pc2のタグ履歴' });
    await history.getByRole('listitem').nth(1).waitFor();
    expect(await history.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/: 新規 → 緑 \(III\) — CSV import$/),
      expect.stringMatching(/: 緑 \(III\) → 黄 \(II\) — EDRでトロイの木馬を検知$/),
    ]);

    // A SOAP note naming a user: it shows in the journal, and must not leave the org.
    await page.getByLabel(C.s).fill(`${LOGIN} が改ざんされたページを確認`);
    await page.getByLabel(C.o).fill('WAF ログに不審な POST');
    await page.getByLabel(C.a).fill('CMS の脆弱性を悪用');
    await page.getByLabel(C.p).fill('CMS を更新\nパスワード変更');
    await page.getByRole('button', { name: C.addNote }).click();
    const note = page.getByRole('article');
    await note.waitFor();
    expect(await note.locator('dd').allInnerTexts()).toEqual([`${LOGIN} が改ざんされたページを確認`, 'WAF ログに不審な POST', 'CMS の脆弱性を悪用', expect.stringMatching(/^CMS を更新\nパスワード変更\n記録 #\d+ の計画をタスクにする$/)]);

    await page.getByRole('button', { name: '「対応中」にする' }).click();
    await page.getByTestId('case-state').getByText('対応中').waitFor();

    // The safe status: an internal address is refused; the accepted status names no host, address or user.
    await page.getByLabel(C.shareIndicators).fill('198.51.100.7\n192.168.1.10');
    await page.getByRole('button', { name: C.sharePreview }).click();
    expect(await page.getByTestId('refused').innerText()).toBe('次の値は組織内部の情報のため共有できません: 192.168.1.10');
    await page.getByLabel(C.shareIndicators).fill('198.51.100.7');
    await page.getByRole('button', { name: C.sharePreview }).click();
    const safe = JSON.parse(await page.getByTestId('safe-status').innerText()) as Record<string, unknown>;
    expect(safe).toEqual({ status: 'affected', triage: { black: 0, red: 2, yellow: 1, green: 7, untriaged: 0 }, malwareFamilies: [], indicators: ['198.51.100.7'], tlp: 'amber', asOf: safe.asOf });
    for (const secret of ['pc0', '192.168.', LOGIN]) expect(JSON.stringify(safe)).not.toContain(secret);
    await page.getByRole('button', { name: C.shareToRoom }).click();
    expect(await page.getByTestId('room-shared').innerText()).toBe('「CMS改ざんの広域発生」に「影響あり」として共有しました。');
    const room = await (await fetch(`${url}/api/v1/rooms/${roomId}`, { headers: { authorization: `Bearer ${kinuKey}` } })).text();
    expect(room).toContain('triage black 0 · red 2 · yellow 1 · green 7 · untriaged 0');
    for (const secret of ['pc0', 'pc2', '192.168.', LOGIN, '改ざんされたページ']) expect(room).not.toContain(secret);

    expect(await axe(page)).toEqual([]);
    await shot(page, 'web-cases-ja');
    await ctx.close();
  }, 120_000);
});
