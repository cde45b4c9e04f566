/**
 * The ISP host view in Chromium against a real hub serving the built UI: Tsubaki's analyst (Japanese by
 * default) sees only its own hosts, by prefix and category with per-day bars and trend, filters by prefix,
 * acknowledges one host with a note and a whole notification by ticket; the reporting member (English)
 * sees only the counts by state; another ISP's hosts never appear.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { en } from '../i18n/en.ts';
import { ja } from '../i18n/ja.ts';
import { ispDeskMessages } from '../pages/isp-desk/messages.ts';
import { axe, ensureWebBuild, launchChromium, shot } from './browser.ts';

let net: TestNetwork;
let browser: Browser;
let page: Page;
const M = ispDeskMessages;
const DAY = 86_400_000;

async function signIn(login: string, password: string): Promise<void> {
  await page.goto(net.hub.url);
  await page.getByLabel(ja['signIn.login']).fill(login);
  await page.getByLabel(ja['signIn.password']).fill(password);
  await page.getByRole('button', { name: ja['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
}

const api = (key: string, method: string, path: string, body?: unknown) =>
  fetch(`${net.hub.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json() as Promise<Record<string, unknown>>);

beforeAll(async () => {
  ensureWebBuild();
  net = await startNetwork({ members: [{ name: 'Tsubaki Telecom' }, { name: 'Kinu Telecom' }, { name: 'Aoba CSIRT' }], hubConfig: { webDir: 'dist/web', enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 }, auth: { cookieSecure: false } } });
  browser = await launchChromium();
  const hubKey = net.hub.admin.key;
  for (const [member, prefix] of [['Tsubaki Telecom', '8.8.8.0/24'], ['Tsubaki Telecom', '8.8.4.0/24'], ['Kinu Telecom', '9.9.9.0/24']] as const) {
    const c = (await api(net.users[member]!.admin.key, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value: prefix })) as { id: number };
    await api(hubKey, 'POST', `/api/v1/address-space/claims/${c.id}/approve`);
  }
  await api(net.users['Tsubaki Telecom']!.admin.key, 'PUT', '/api/v1/notifications/contact', { format: 'in-app', interval: 'immediate' });
  const today = Math.floor(Date.now() / DAY) * DAY;
  await api(net.users['Aoba CSIRT']!.analyst.key, 'POST', '/api/v1/notifications/reports', { source: 'agent', records: [
    { address: '8.8.8.5', category: 'scanner', time: today - 5 * DAY + 1000 },
    { address: '8.8.8.5', category: 'scanner', time: today + 1000 },
    { address: '8.8.8.6', category: 'scanner', time: today + 2000 },
    { address: '8.8.4.4', category: 'bruteforce', time: today - DAY + 3000 },
    { address: '9.9.9.9', category: 'scanner', time: today + 1000 },
  ] });
  // The in-app directive opens Tsubaki's ticket.
  await api(hubKey, 'POST', '/api/v1/notifications/run');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await net?.close();
});

describe('ISP host view page', () => {
  it('shows own hosts with trends, filters, acknowledges by host and ticket; the reporter sees counts only', async () => {
    let ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 1000 } });
    page = await ctx.newPage();
    const tsubaki = net.users['Tsubaki Telecom']!.analyst;
    await signIn(tsubaki.login, tsubaki.password);
    await page.getByRole('link', { name: M.ja.nav }).click();
    await page.getByRole('heading', { name: M.ja.title }).waitFor();
    const trends = page.getByRole('table', { name: M.ja.trends, exact: true });
    await trends.waitFor();
    const rows = async () => trends.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td, i) => (i === 2 ? (td.querySelector('[role=img]')?.getAttribute('aria-label') ?? '').split(', ').slice(-2).join(' | ') : (td as HTMLElement).innerText))));
    const d = (offset: number) => new Date(Math.floor(Date.now() / DAY) * DAY - offset * DAY).toISOString().slice(0, 10);
    expect(await rows()).toEqual([
      ['8.8.8.0/24', 'scanner', `${d(1)}: 0 ホスト | ${d(0)}: 2 ホスト`, '増加 (+3)'],
      ['8.8.4.0/24', 'bruteforce', `${d(1)}: 1 ホスト | ${d(0)}: 0 ホスト`, '増加 (+1)'],
    ]);
    const hostTable = page.getByRole('table', { name: M.ja.hosts, exact: true });
    expect(await hostTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-host')))).toEqual(['8.8.8.6 scanner', '8.8.8.5 scanner', '8.8.4.4 bruteforce', '8.8.8.5 scanner']);
    // Kinu's host is never on Tsubaki's page.
    expect(await page.getByText('9.9.9.9').count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'web-isp-hosts-ja');

    // Filter by prefix.
    await page.getByRole('form', { name: M.ja.filters }).getByLabel(M.ja.prefix).selectOption('8.8.4.0/24');
    await trends.locator('tbody tr[data-series="8.8.8.0/24 scanner"]').waitFor({ state: 'detached' });
    expect(await hostTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-host')))).toEqual(['8.8.4.4 bruteforce']);
    await page.getByRole('form', { name: M.ja.filters }).getByLabel(M.ja.prefix).selectOption('');
    await trends.locator('tbody tr[data-series="8.8.8.0/24 scanner"]').waitFor();

    // Acknowledge one host with a note.
    const row = hostTable.locator('tr[data-host="8.8.8.6 scanner"]');
    const form = row.getByRole('form');
    await form.getByLabel(M.ja.status).selectOption('handling');
    await form.getByLabel(M.ja.note).fill('契約者 0042 に連絡済み');
    await form.getByRole('button', { name: M.ja.save }).click();
    await page.getByRole('status').filter({ hasText: M.ja.saved.replace('{n}', '1') }).waitFor();
    await row.locator('[data-state="handling"]').waitFor();
    expect(await row.locator('[data-state]').innerText()).toBe(M.ja['state.handling']);
    expect(await row.getByLabel(M.ja.note).inputValue()).toBe('契約者 0042 に連絡済み');

    // A whole notification by its ticket: every host of it is resolved except none left open.
    const ticket = await row.locator('td').nth(5).innerText();
    expect(ticket).toMatch(/^RK-\d{6}$/);
    const byTicket = page.getByRole('form', { name: M.ja.byTicket });
    await byTicket.getByLabel(M.ja.ticketInput).fill(ticket);
    await byTicket.getByLabel(M.ja.status).selectOption('resolved');
    await byTicket.getByRole('button', { name: M.ja.apply }).click();
    await page.getByRole('status').filter({ hasText: M.ja.saved.replace('{n}', '4') }).waitFor();
    await hostTable.locator('tr[data-host="8.8.4.4 bruteforce"] [data-state="resolved"]').waitFor();
    expect(await hostTable.locator('[data-state]').allInnerTexts()).toEqual(Array(4).fill(M.ja['state.resolved']));
    await ctx.close();

    // The reporter (English): counts by state only; no address, note or owner.
    ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    page = await ctx.newPage();
    const aoba = net.users['Aoba CSIRT']!.admin;
    await signIn(aoba.login, aoba.password);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: en['nav.main'] }).waitFor();
    await page.getByRole('link', { name: M.en.nav }).click();
    const outcomes = page.getByRole('table', { name: M.en.outcomes });
    await outcomes.waitFor();
    expect(await outcomes.locator('thead th').allInnerTexts()).toEqual([M.en.reports, M.en['state.open'], M.en['state.received'], M.en['state.handling'], M.en['state.resolved'], M.en['state.false-positive']]);
    expect(await outcomes.locator('tbody td').allInnerTexts()).toEqual(['5', '1', '0', '0', '4', '0']);
    expect(await page.getByText(M.en.noHosts).count()).toBe(1);
    const text = await page.locator('main, body').first().innerText();
    for (const never of ['8.8.8', '9.9.9.9', '契約者', 'Tsubaki', 'Kinu']) expect(text).not.toContain(never);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'web-isp-outcomes-en');
    await ctx.close();
  }, 120_000);
});
