/**
 * The address-space page in Chromium against a real hub serving the built UI: a member admin registers a
 * prefix (Japanese by default) and sees the IP-to-ASN check; the hub admin (English) approves it and sees
 * the conflict with another member's claim; the member's inbox then lists the report routed to it, and
 * the other member's inbox stays empty.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { en } from '../i18n/en.ts';
import { ja } from '../i18n/ja.ts';
import { addressSpaceMessages } from '../pages/address-space/messages.ts';
import { axe, ensureWebBuild, launchChromium, shot } from './browser.ts';

let net: TestNetwork;
let browser: Browser;
let page: Page;
const M = addressSpaceMessages;

async function signIn(login: string, password: string, lang: 'ja' | 'en'): Promise<void> {
  const d = lang === 'ja' ? ja : en;
  await page.goto(net.hub.url);
  await page.getByLabel(d['signIn.login']).fill(login);
  await page.getByLabel(d['signIn.password']).fill(password);
  await page.getByRole('button', { name: d['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: d['nav.main'] }).waitFor();
}

beforeAll(async () => {
  ensureWebBuild();
  net = await startNetwork({ members: [{ name: 'Tsubaki Telecom' }, { name: 'Kinu Telecom' }], hubConfig: { webDir: 'dist/web', enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 }, auth: { cookieSecure: false } } });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await net?.close();
});

describe('address-space page', () => {
  it('registers, checks, approves and shows the owner’s inbox in ja and en', async () => {
    const kinu = net.users['Kinu Telecom']!.admin;
    await fetch(`${net.hub.url}/api/v1/address-space/claims`, { method: 'POST', headers: { authorization: `Bearer ${kinu.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'prefix', value: '8.8.8.128/25' }) });

    let ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
    const tsubaki = net.users['Tsubaki Telecom']!.admin;
    await signIn(tsubaki.login, tsubaki.password, 'ja');
    await page.getByRole('link', { name: M.ja.nav }).click();
    await page.getByRole('heading', { name: M.ja.title }).waitFor();
    const form = page.getByRole('form', { name: M.ja.add });
    await form.getByLabel(M.ja.value).fill('8.8.8.0/24');
    await form.getByRole('button', { name: M.ja.add }).click();
    const row = page.locator('tr[data-claim="8.8.8.0/24"]');
    await row.waitFor();
    expect(await row.locator('td').allInnerTexts()).toEqual([M.ja['kind.prefix'], '8.8.8.0/24', M.ja['state.pending'], '別の AS が広報 (AS15169)', `${M.ja.remove}`]);
    // Another member's claim is not on this page.
    expect(await page.locator('tr[data-claim="8.8.8.128/25"]').count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'web-address-space-ja');
    await ctx.close();

    ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
    await signIn(net.hub.admin.login, net.hub.admin.password, 'ja');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: M.en.nav }).click();
    await page.getByRole('heading', { name: M.en.title }).waitFor();
    const lang = 'en';
    const m = M.en;
    await page.locator('tr[data-claim="8.8.8.0/24"]').getByRole('button', { name: m.approve }).click();
    await page.locator('tr[data-claim="8.8.8.0/24"]').getByText(m['state.approved']).waitFor();
    await page.getByRole('heading', { name: m.conflicts }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: '8.8.8.128/25' }).count()).toBe(1);
    await shot(page, `web-address-space-admin-${lang}`);
    await ctx.close();

    await fetch(`${net.hub.url}/api/v1/notifications/reports`, { method: 'POST', headers: { authorization: `Bearer ${net.hub.admin.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ source: 'honeypot', records: [{ address: '8.8.8.9', category: 'scanner', time: Date.parse('2026-12-01T10:00:00Z') }] }) });
    ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
    await signIn(tsubaki.login, tsubaki.password, 'ja');
    await page.goto(`${net.hub.url}/#/address-space`);
    await page.getByRole('heading', { name: M.ja.inbox }).waitFor();
    await page.getByRole('cell', { name: '8.8.8.9' }).waitFor();
    expect(await page.getByRole('cell', { name: 'feed:honeypot' }).count()).toBe(1);
    await ctx.close();
  }, 120_000);
});
