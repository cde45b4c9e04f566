/**
 * Topic groups and observation notifications in Chromium (Japanese) against a real hub serving the built
 * UI: a member forms a group in the form, naming two organisations that wait for approval; the hub admin
 * approves them in the browser and the group becomes active with three member organisations, and the owner
 * asks for a fourth. A member subscribes to every new observation (e-mail on) in the settings page; an
 * observation posted afterwards appears among its in-app notifications once the background fan-out ran,
 * while another organisation's TLP:RED observation never does.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkUser } from '../../testkit/network.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { groupsMessages } from '../pages/observations/groups-messages.ts';
import { ensureWebBuild, launchChromium, shot } from './browser.ts';

const G = groupsMessages.ja;
let net: TestNetwork;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(u: NetworkUser): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 412, height: 915 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(net.hub.url);
  await page.getByLabel(ja['signIn.login']).fill(u.login);
  await page.getByLabel(ja['signIn.password']).fill(u.password);
  await page.getByRole('button', { name: ja['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
  return page;
}
const api = async (u: NetworkUser, method: string, p: string, body?: unknown): Promise<Response> =>
  fetch(`${net.hub.url}/api/v1${p}`, { method, headers: { authorization: `Bearer ${u.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

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

describe('topic groups and notification settings in Chromium (ja)', () => {
  it('form a group → hub admin approves → active with 3 organisations; the owner asks for a fourth', async () => {
    const aoba = await signedIn(net.users['Aoba CSIRT']!.admin);
    await aoba.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: G.nav }).click();
    await aoba.getByRole('heading', { name: G.title, exact: true }).waitFor();
    await aoba.getByLabel(G.name).fill('IoT 脆弱性 WG');
    await aoba.getByRole('group', { name: G.invite }).getByLabel('Kinu SOC').check();
    await aoba.getByRole('group', { name: G.invite }).getByLabel('Sakura ISAC').check();
    await aoba.getByRole('button', { name: G.submit }).click();
    await aoba.getByRole('status').filter({ hasText: G.requested }).waitFor();
    const card = aoba.getByRole('region', { name: 'IoT 脆弱性 WG' });
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('会員組織 1社 · まだ有効ではありません（3社必要） · 当組織がオーナー');
    expect(await card.getByRole('listitem').allInnerTexts()).toEqual(['Kinu SOC', 'Sakura ISAC']);
    // The owner cannot approve its own requests.
    expect(await card.getByRole('button', { name: /承認/ }).count()).toBe(0);

    const admin = await signedIn(net.hub.admin);
    await admin.goto(`${net.hub.url}/#/groups`);
    const adminCard = admin.getByRole('region', { name: 'IoT 脆弱性 WG' });
    await adminCard.getByRole('button', { name: 'Kinu SOC を承認' }).click();
    await expect.poll(() => adminCard.innerText(), { timeout: 10_000 }).toContain('会員組織 2社');
    await adminCard.getByRole('button', { name: 'Sakura ISAC を承認' }).click();
    await expect.poll(() => adminCard.innerText(), { timeout: 10_000 }).toContain('会員組織 3社 · 有効');

    const kinu = await signedIn(net.users['Kinu SOC']!.analyst);
    await kinu.goto(`${net.hub.url}/#/groups`);
    await expect.poll(() => kinu.getByRole('region', { name: 'IoT 脆弱性 WG' }).innerText(), { timeout: 10_000 }).toContain('会員組織 3社 · 有効 · 参加中');
    // Not the owner: no add form.
    expect(await kinu.getByLabel(G.addOrg).count()).toBe(0);

    await aoba.reload();
    await card.getByLabel(G.addOrg).selectOption({ label: 'Tsubaki Telecom' });
    await card.getByRole('button', { name: G.add }).click();
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain(G.pending);
    expect(await card.getByRole('listitem').allInnerTexts()).toEqual(['Tsubaki Telecom']);
    await shot(aoba, 'web-topic-group-ja');
    const groups = (await (await api(net.users['Tsubaki Telecom']!.analyst, 'GET', '/topic-groups')).json()) as { groups: unknown[] };
    expect(groups.groups).toEqual([]);
  }, 120_000);

  it('subscribe to every new observation → an observation posted later arrives in-app; another org’s RED one never does', async () => {
    const sakura = await signedIn(net.users['Sakura ISAC']!.analyst);
    await sakura.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: G['notify.nav'], exact: true }).click();
    await sakura.getByRole('heading', { name: G['notify.title'] }).waitFor();
    await sakura.getByLabel(G['notify.all']).check();
    await sakura.getByLabel(G['notify.email']).check();
    await sakura.getByRole('button', { name: G['notify.save'] }).click();
    await sakura.getByRole('status').filter({ hasText: G['notify.saved'] }).waitFor();
    const subs = (await (await api(net.users['Sakura ISAC']!.analyst, 'GET', '/observation-subscriptions')).json()) as { subscriptions: unknown[] };
    expect(subs.subscriptions).toEqual([{ scope: { kind: 'observations' }, email: true, webhook: false }]);

    const base = { body: '23/tcp', category: 'scanning', favours: ['speed', 'accuracy'], audience: { kind: 'community' } };
    expect((await api(net.users['Aoba CSIRT']!.analyst, 'POST', '/observations', { ...base, title: 'Mirai 亜種の走査', tlp: 'green' })).status).toBe(201);
    expect((await api(net.users['Aoba CSIRT']!.analyst, 'POST', '/observations', { ...base, title: '社内限り RED メモ', tlp: 'red' })).status).toBe(201);
    // The background fan-out (its timer is off in this test) runs once.
    expect(await net.hub.hub.ctx.observations.processNotifications()).toEqual({ entries: 2, told: 1, failed: 0, more: false });
    await sakura.reload();
    const recent = sakura.getByRole('region', { name: G['notify.recent'] });
    await expect.poll(() => recent.getByRole('listitem').allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^気付き: Mirai 亜種の走査 /) as unknown as string]);
    expect(await sakura.content()).not.toContain('RED メモ');
    // The saved settings show again on reload.
    expect(await sakura.getByLabel(G['notify.all']).isChecked()).toBe(true);
    expect(await sakura.getByLabel(G['notify.email']).isChecked()).toBe(true);
    expect(await sakura.getByLabel(G['notify.webhook']).isChecked()).toBe(false);
    await shot(sakura, 'web-observation-notifications-ja');
  }, 120_000);
});
