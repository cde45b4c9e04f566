/**
 * DDoS rooms in Chromium (Japanese) against a real hub serving the built UI: a member opens a DDoS room in
 * the form with a hidden target; the ISPs' pages never show it; an ISP shares sources and reflectors
 * (unnamed) and each ISP's page receives live only the addresses in its own approved space, the poster as
 * 「ある会員」; an ISP's mitigation line arrives live on the opener's board; a bad address is explained per entry.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { ddosMessages } from '../pages/observations/ddos-messages.ts';
import { obsMessages } from '../pages/observations/messages.ts';
import { ensureWebBuild, launchChromium, shot } from './browser.ts';

const D = ddosMessages.ja;
const M = obsMessages.ja;
const TARGET = '203.0.113.80';
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

const call = async (key: string, p: string, body: unknown): Promise<{ id: number }> => {
  const res = await fetch(`${net.hub.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number };
};

beforeAll(async () => {
  ensureWebBuild();
  net = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Tsubaki Telecom' }, { name: 'Kinu ISP' }], hubConfig: { webDir: 'dist/web', enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 }, auth: { cookieSecure: false } } });
  for (const [member, prefix] of [['Tsubaki Telecom', '198.51.100.0/24'], ['Kinu ISP', '2001:db8::/32']] as const) {
    const c = await call(net.users[member]!.admin.key, '/api/v1/address-space/claims', { kind: 'prefix', value: prefix });
    await call(net.hub.admin.key, `/api/v1/address-space/claims/${c.id}/approve`, {});
  }
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await net?.close();
});

describe('DDoS room in Chromium (ja)', () => {
  it('hidden target, own-space addresses per ISP live, mitigation live, per-entry errors', async () => {
    const aoba = await signedIn('Aoba CSIRT');
    await aoba.goto(`${net.hub.url}/#/rooms`);
    await aoba.getByLabel(M['rooms.roomTitle']).fill('DNS 反射攻撃 2026年12月');
    await aoba.getByLabel(D['kind.label']).selectOption('ddos');
    await aoba.getByLabel(D['vector.dns']).check();
    await aoba.getByLabel(D['vector.ntp']).check();
    await aoba.getByLabel(D['target'], { exact: true }).fill(TARGET);
    expect(await aoba.getByLabel(D['target.hide']).isChecked()).toBe(true);
    await aoba.getByRole('button', { name: M['rooms.create'] }).click();
    await aoba.getByRole('heading', { name: 'DNS 反射攻撃 2026年12月' }).waitFor();
    const roomUrl = aoba.url();
    expect(await aoba.locator('dl').innerText()).toBe(`${D['target']}\n${TARGET} ${D['target.hiddenMine']}\n${D['vectors']}\n${D['vector.dns']}、${D['vector.ntp']}`);

    const tsubaki = await signedIn('Tsubaki Telecom');
    const kinu = await signedIn('Kinu ISP');
    for (const p of [tsubaki, kinu, aoba]) {
      if (p !== aoba) await p.goto(roomUrl);
      await p.getByRole('status').filter({ hasText: M['rooms.live'] }).waitFor();
    }
    for (const p of [tsubaki, kinu]) {
      expect(await p.locator('dl').innerText()).toBe(`${D['target']}\n${D['target.hidden']}\n${D['vectors']}\n${D['vector.dns']}、${D['vector.ntp']}`);
      expect(await p.content()).not.toContain(TARGET);
      await p.getByRole('region', { name: D['own.title'] }).getByText(D['own.empty']).waitFor();
    }

    // Kinu shares the lists unnamed. A bad entry is explained per list and position; nothing is shared.
    await kinu.getByLabel(D['post.sources']).fill('198.51.100.7\nnot-an-ip');
    await kinu.getByRole('button', { name: D['post.submit'] }).click();
    await expect.poll(() => kinu.getByRole('alert').first().innerText(), { timeout: 10_000 }).toBe(`${D['post.sources']}の 2 件目: 「not-an-ip」は IP アドレスではありません`);

    await kinu.getByLabel(D['post.sources']).fill('198.51.100.7\n2001:db8::7\n192.0.2.99');
    await kinu.getByLabel(D['post.reflectors']).fill('198.51.100.53');
    await kinu.getByLabel(D['post.note']).fill('観測した攻撃元');
    await kinu.getByRole('button', { name: D['post.submit'] }).click();
    await kinu.getByRole('status').filter({ hasText: '共有しました: 送信元 3 件、リフレクタ 1 件。' }).waitFor();

    const rows = (p: Page) => p.getByRole('region', { name: D['own.title'] }).locator('tbody tr').allInnerTexts();
    await expect.poll(() => rows(tsubaki), { timeout: 15_000 }).toEqual([`${D['role.source']}\t198.51.100.7\t198.51.100.0/24\t会員 1 社`, `${D['role.reflector']}\t198.51.100.53\t198.51.100.0/24\t会員 1 社`]);
    await expect.poll(() => rows(kinu), { timeout: 15_000 }).toEqual([`${D['role.source']}\t2001:db8::7\t2001:db8::/32\t会員 1 社`]);
    expect(await rows(aoba)).toEqual([]);
    const post = tsubaki.getByRole('region', { name: M['rooms.timeline'] }).getByRole('listitem').filter({ hasText: '観測した攻撃元' });
    await post.waitFor({ timeout: 15_000 });
    expect(await post.innerText()).toMatch(new RegExp(`^${M['author.anonymous']} .+: 観測した攻撃元 \\[送信元 3 件・リフレクタ 1 件を共有\\]$`));
    for (const [p, absent] of [[tsubaki, ['2001:db8::7', '192.0.2.99', 'Kinu']], [aoba, ['198.51.100.7', '198.51.100.53', '2001:db8::7', '192.0.2.99', 'Kinu']]] as const) {
      const html = await p.content();
      for (const a of absent) expect(html, a).not.toContain(a);
    }

    await tsubaki.getByLabel(D['mitigation.mine']).selectOption('flowspec');
    await tsubaki.getByLabel(D['mitigation.note'], { exact: true }).fill('UDP/53 を FlowSpec で破棄');
    await tsubaki.getByRole('button', { name: D['mitigation.set'] }).click();
    const board = aoba.getByRole('region', { name: D['mitigation.board'] });
    const line = board.getByRole('listitem').filter({ hasText: 'UDP/53 を FlowSpec で破棄' });
    await line.waitFor({ timeout: 15_000 });
    expect((await line.innerText()).startsWith(`Tsubaki Telecom: ${D['mitigation.flowspec']} — UDP/53 を FlowSpec で破棄`)).toBe(true);
    expect(await board.locator('p').first().innerText()).toBe(`${D['mitigation.edge-filtering']} 0 · ${D['mitigation.rtbh']} 0 · ${D['mitigation.rate-limit']} 0 · ${D['mitigation.flowspec']} 1 · ${D['mitigation.none']} 0`);
    await shot(tsubaki, 'web-ddos-room-ja');
  }, 180_000);
});
