/**
 * Observations and incident rooms in Chromium (Japanese) against a real hub serving the built UI: a status
 * set anonymously in one browser arrives live on the board of a second browser as 「ある会員」 with the
 * counts updated, a timeline post arrives live the other way, and the feed's text search finds a Japanese
 * observation by a substring while the other member's TLP:RED one stays out; an observation posted
 * anonymously in the form shows as 「ある会員」, and its tally stays withheld until k = 3 members answered.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { obsMessages } from '../pages/observations/messages.ts';
import { ensureWebBuild, launchChromium, shot } from './browser.ts';

const M = obsMessages.ja;
let net: TestNetwork;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(member: string): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 412, height: 915 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const u = net.users[member]!.analyst;
  await page.goto(net.hub.url);
  await page.getByLabel(ja['signIn.login']).fill(u.login);
  await page.getByLabel(ja['signIn.password']).fill(u.password);
  await page.getByRole('button', { name: ja['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
  return page;
}

const api = async (member: string, method: string, p: string, body?: unknown): Promise<{ id: number }> => {
  const res = await fetch(`${net.hub.url}${p}`, { method, headers: { authorization: `Bearer ${net.users[member]!.analyst.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number };
};

beforeAll(async () => {
  ensureWebBuild();
  net = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }, { name: 'Sakura ISAC' }, { name: 'Tsubaki Telecom' }], hubConfig: { webDir: 'dist/web', enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 }, auth: { cookieSecure: false } } });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await net?.close();
});

describe('incident room and feed in Chromium (ja)', () => {
  it('board and timeline changes arrive live in a second browser; anonymous status shows as ある会員', async () => {
    const room = await api('Aoba CSIRT', 'POST', '/api/v1/rooms', { title: '広域DDoS 2026年12月', tlp: 'green', audience: { kind: 'community' }, severity: 'high' });
    const kinu = await signedIn('Kinu SOC');
    const sakura = await signedIn('Sakura ISAC');
    for (const p of [kinu, sakura]) {
      await p.goto(`${net.hub.url}/#/rooms/${room.id}`);
      await p.getByRole('heading', { name: '広域DDoS 2026年12月' }).waitFor();
      await p.getByRole('status').filter({ hasText: M['rooms.live'] }).waitFor();
    }
    await kinu.getByLabel(M['rooms.myStatus']).selectOption('affected');
    await kinu.getByLabel(M['rooms.note']).fill('RTBH で遮断中');
    await kinu.getByLabel(M['post.anonymous']).check();
    await kinu.getByRole('button', { name: M['rooms.setStatus'] }).click();

    const board = sakura.getByRole('region', { name: M['rooms.board'] });
    const line = board.getByRole('listitem').filter({ hasText: 'RTBH で遮断中' });
    await line.waitFor({ timeout: 15_000 });
    expect((await line.innerText()).startsWith(`${M['author.anonymous']}: ${M['status.affected']} — RTBH で遮断中`)).toBe(true);
    expect(await board.innerText()).toContain(`${M['status.affected']} 1`);
    expect(await sakura.content()).not.toContain('Kinu');

    await sakura.getByLabel(M['rooms.postText']).fill('当社でも同じ送信元を確認');
    await sakura.getByRole('button', { name: M['rooms.post'], exact: true }).click();
    const timeline = kinu.getByRole('region', { name: M['rooms.timeline'] });
    await timeline.getByText('当社でも同じ送信元を確認').waitFor({ timeout: 15_000 });
    expect(await timeline.getByRole('listitem').first().innerText()).toContain('Sakura ISAC');
    await shot(sakura, 'web-room-live-ja');
  }, 120_000);

  it('the feed search finds Japanese text by substring and never shows another org’s TLP:RED post', async () => {
    const base = { category: 'scanning', favours: ['speed', 'accuracy'], audience: { kind: 'community' } };
    await api('Aoba CSIRT', 'POST', '/api/v1/observations', { ...base, title: 'Telnet への走査が急増', body: '家庭用ルータからの走査', tlp: 'green' });
    await api('Aoba CSIRT', 'POST', '/api/v1/observations', { ...base, title: '社内限りの走査メモ', body: 'RED', tlp: 'red' });
    await api('Sakura ISAC', 'POST', '/api/v1/observations', { ...base, title: 'フィッシングキット', body: '金融機関を装う', tlp: 'green' });
    const kinu = contexts[0] ? await contexts[0].newPage() : await signedIn('Kinu SOC');
    await kinu.goto(`${net.hub.url}/#/observations`);
    await kinu.getByRole('heading', { name: M['feed.title'] }).first().waitFor();
    await kinu.getByLabel(M['feed.filterText']).fill('ルータ 走査');
    await kinu.getByRole('heading', { name: 'Telnet への走査が急増' }).waitFor();
    await expect.poll(async () => kinu.locator('ul.observations > li h3').allInnerTexts(), { timeout: 10_000 }).toEqual([`${M['feed.new']} Telnet への走査が急増`]);
    await kinu.getByLabel(M['feed.filterText']).fill('走査');
    await expect.poll(async () => kinu.locator('ul.observations > li h3').allInnerTexts(), { timeout: 10_000 }).toEqual([`${M['feed.new']} Telnet への走査が急増`]);
  }, 120_000);

  it('post (anonymous) → answer → tally released only at k = 3', async () => {
    const title = 'Telnet 23/tcp 急増（匿名）';
    const aoba = await signedIn('Aoba CSIRT');
    await aoba.goto(`${net.hub.url}/#/observations`);
    await aoba.getByLabel(M['post.heading']).fill(title);
    await aoba.getByLabel(M['post.body']).fill('ポート23への接続が増えています');
    await aoba.getByLabel(M['post.anonymous']).check();
    await aoba.getByRole('button', { name: M['post.submit'] }).click();
    await aoba.getByRole('status').filter({ hasText: M['post.sent'] }).waitFor();

    const kinu = await contexts[0]!.newPage();
    await kinu.goto(`${net.hub.url}/#/observations`);
    const card = kinu.locator('ul.observations > li').filter({ has: kinu.getByRole('heading', { name: title }) });
    await card.waitFor();
    expect(await card.innerText()).toContain(M['author.anonymous']);
    // Other cards on the page are Aoba's named posts; this one must not name it anywhere in its markup.
    expect(await card.innerHTML()).not.toContain('Aoba');
    await card.getByRole('button', { name: M['answer.seen'] }).click();
    await kinu.getByRole('status').filter({ hasText: M['answer.sent'] }).waitFor();
    await card.getByRole('button', { name: M['tally.show'] }).click();
    await expect.poll(() => card.locator('.tally').innerText(), { timeout: 10_000 }).toBe('3 社が回答すると集計が表示されます。');

    const list = (await (await fetch(`${net.hub.url}/api/v1/observations?text=${encodeURIComponent('23/tcp')}`, { headers: { authorization: `Bearer ${net.users['Sakura ISAC']!.analyst.key}` } })).json()) as { observations: Array<{ id: number }> };
    const id = list.observations[0]!.id;
    for (const [member, kind] of [['Sakura ISAC', 'seen'], ['Tsubaki Telecom', 'false-positive']] as const) {
      const r = await fetch(`${net.hub.url}/api/v1/observations/${id}/responses`, { method: 'POST', headers: { authorization: `Bearer ${net.users[member]!.analyst.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind }) });
      expect(r.status).toBe(200);
    }
    await card.getByRole('button', { name: M['tally.show'] }).click();
    await expect.poll(() => card.locator('.tally').innerText(), { timeout: 10_000 }).toBe('回答した会員3社のうち2社が観測しています（誤検知 1 社）。');
    await shot(kinu, 'web-observation-tally-ja');
  }, 120_000);
});
