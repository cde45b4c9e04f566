/**
 * End-to-end: the built UI served by a real hub (the demo world: five member nodes on SQLite), driven in
 * Debian's Chromium. Steps run in order and share one browser; each page is checked with axe and saved
 * as a screenshot under `test-results/`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../hub/demo/start-demo.ts';
import { parseNodeConfig } from '../../node/config.ts';
import { createNode } from '../../node/create-node.ts';
import { en } from '../i18n/en.ts';
import { ja } from '../i18n/ja.ts';
import { axe, ensureWebBuild, launchChromium, shot } from './browser.ts';

let demo: Demo;
let extraDir = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let searchId = '';
let extraNode: { url: string; key: string; close: () => Promise<void> };

async function expectAccessible(name: string): Promise<void> {
  const violations = await axe(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function signIn(login: string, lang: 'ja' | 'en' = 'en'): Promise<void> {
  const d = lang === 'ja' ? ja : en;
  const user = demo.users.find((u) => u.login === login)!;
  await page.getByLabel(d['signIn.login']).fill(user.login);
  await page.getByLabel(d['signIn.password']).fill(user.password);
  await page.getByRole('button', { name: d['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: d['nav.main'] }).waitFor();
}

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: en['nav.signOut'] }).click();
  await page.getByRole('heading', { name: en['signIn.title'] }).waitFor();
}

describe('web portal in Chromium against the demo world', () => {
  beforeAll(async () => {
    ensureWebBuild();
    demo = await startDemo({ port: 0 });
    extraDir = mkdtempSync(path.join(os.tmpdir(), 'renkei-web-e2e-'));
    const node = await createNode(parseNodeConfig({ db: path.join(extraDir, 'extra.db'), host: '127.0.0.1', port: 0, logLevel: 'silent' }));
    const url = await node.listen();
    extraNode = { url, key: (await node.keys.create({ org: 'renkei-hub', role: 'search' })).key, close: () => node.close() };
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await extraNode?.close();
    if (extraDir) rmSync(extraDir, { recursive: true, force: true });
  });

  it('signs in (Japanese first) and switches the language', async () => {
    await page.goto(demo.url);
    await page.getByRole('heading', { name: ja['signIn.title'] }).waitFor();
    await expectAccessible('sign-in');
    await shot(page, 'web-01-sign-in-ja');
    await page.getByLabel(ja['signIn.login']).fill('demo');
    await page.getByLabel(ja['signIn.password']).fill('wrong-password');
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(ja['signIn.failed']);
    // Keyboard only: type the login, Tab to the password, Enter submits.
    await page.getByLabel(ja['signIn.login']).fill('');
    await page.getByLabel(ja['signIn.login']).focus();
    await page.keyboard.type('demo');
    await page.keyboard.press('Tab');
    await page.keyboard.type(demo.users.find((u) => u.login === 'demo')!.password);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(ja['search.title']);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: en['search.title'], level: 2 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  }, 60_000);

  it('runs the 853-value cross-search with per-member counts, a hit context and a CSV export', async () => {
    const values = demo.world!.sample;
    await page.getByLabel(en['search.valuesLabel']).fill(values.join('\n'));
    await page.getByText(`${values.length} values ready to search.`).waitFor();
    await expectAccessible('search form');
    await page.getByRole('button', { name: `Search ${values.length} values` }).click();
    await page.getByText(en['progress.complete']).waitFor({ timeout: 60_000 });
    searchId = decodeURIComponent(new URL(page.url()).hash.replace('#/search/', ''));
    expect(searchId).toMatch(/[0-9a-f-]{36}/);

    const expected = demo.world!.expected('Aoba CSIRT');
    for (const [member, n] of Object.entries(expected)) {
      expect(await page.getByTestId(`member-hits-${member}`).textContent(), member).toBe(n.toLocaleString('en-GB'));
    }
    await shot(page, 'web-02-search-results');

    await page.getByLabel(en['filter.onlyHits']).check();
    await page.getByRole('button', { name: en['results.showCharts'] }).click();
    await page.getByRole('img', { name: en['chart.perMember'] }).waitFor();
    const firstValue = page.getByTestId('results-body').getByRole('button').first();
    const value = (await firstValue.textContent())!;
    await firstValue.focus();
    await page.keyboard.press('Enter');
    const ctx = page.getByRole('region', { name: /Hit context/ });
    await ctx.waitFor();
    expect(await ctx.textContent()).toContain(value);
    expect(await ctx.locator('.hit-card').count()).toBeGreaterThan(0);
    expect(await ctx.locator('.hit-card .match').first().textContent()).toBe(en['match.exact']);
    expect(await ctx.locator('dt').allTextContents()).toContain(en['context.firstSeen']);
    await expectAccessible('results');
    await shot(page, 'web-03-hit-context');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: en['results.exportCsv'] }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toContain('input,type,value,total_hits,hits:Aoba CSIRT');
    const hitValues = Number((await page.getByTestId('results-summary').textContent())!.match(/(\d[\d,]*) with hits/)![1]!.replace(/,/g, ''));
    expect(csv.length - 1).toBe(hitValues);
    expect(csv.some((l) => l.includes(value))).toBe(true);
  }, 120_000);

  it('lists the search in the history and reopens it', async () => {
    await page.getByRole('link', { name: en['nav.history'] }).click();
    await page.getByRole('link', { name: en['history.open'] }).first().waitFor();
    // The sample search the demo ran at start is in the demo user's history, below the one just run.
    expect(await page.locator(`tbody tr td[data-label="${en['history.user']}"]`).allTextContents()).toEqual(['demo', 'demo']);
    expect(await page.locator(`tbody tr td[data-label="${en['history.values']}"]`).allTextContents()).toEqual([demo.world!.sample.length, demo.sample!.values].map((n) => n.toLocaleString('en-GB')));
    await expectAccessible('history');
    await shot(page, 'web-04-history');
    await page.goto(`${demo.url}/#/search/${searchId}`);
    await page.getByRole('heading', { name: en['searchDetail.title'] }).waitFor();
    await page.getByTestId('member-hits-Sakura ISAC').waitFor();
    expect(await page.getByTestId('member-hits-Sakura ISAC').textContent()).toBe('355');
  }, 60_000);

  it('shows the hit in the owning member’s “hits on my data”, and hides the search from that organisation', async () => {
    await signOut();
    await signIn('sakura-admin');
    await page.getByRole('link', { name: en['nav.hits'] }).click();
    const table = page.getByTestId('owner-hits');
    await table.waitFor({ timeout: 30_000 });
    await page.getByLabel(en['hits.searcher']).selectOption('Aoba CSIRT');
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    expect(await table.textContent()).toContain('Aoba CSIRT');
    await expectAccessible('hits on my data');
    await shot(page, 'web-05-hits-on-my-data');

    await page.goto(`${demo.url}/#/search/${searchId}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(en['error.notFound']);
    expect(await page.getByTestId('results-summary').count()).toBe(0);
    await shot(page, 'web-06-other-org-search-denied');
  }, 60_000);

  it('adds a source and tests the connection with a readable result', async () => {
    // Source URLs are set by hub admins (a member admin's form only files a request).
    await signOut();
    await signIn('admin');
    await page.getByRole('link', { name: en['nav.members'] }).click();
    await page.getByRole('heading', { name: 'Sakura ISAC', level: 3 }).waitFor();
    const form = page.getByRole('form', { name: en['sources.add'] });
    const fillSource = async (url: string, apiKey: string) => {
      await form.getByLabel(en['members.member']).selectOption({ label: 'Sakura ISAC' });
      await form.getByLabel(en['sources.kind']).selectOption('renkei');
      await form.getByLabel(en['sources.url']).fill(url);
      await form.getByLabel(en['sources.apiKey']).fill(apiKey);
      await form.getByRole('button', { name: en['sources.addButton'] }).click();
    };
    // A live node that does not know the key: the hub checks before saving and says why it refused.
    await fillSource(demo.members[1]!.url, 'not-a-valid-key-0123456789');
    const refusal = form.getByRole('alert');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toContain(en['error.sourceBadKey']);

    // A second node of Sakura ISAC with a key made for the hub: added, then tested from its row.
    await fillSource(extraNode.url, extraNode.key);
    await form.getByRole('status').waitFor({ timeout: 30_000 });
    const row = page.locator('li.source', { hasText: extraNode.url });
    await row.waitFor();
    await row.getByRole('button', { name: en['sources.test'] }).click();
    const result = row.getByTestId('source-check');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toMatch(/Connected in \d+ ms/);
    await row.getByRole('button', { name: en['sources.health'] }).click();
    await row.getByRole('img', { name: en['chart.latency'] }).waitFor();
    await expectAccessible('members and sources');
    await shot(page, 'web-07-members-sources');
  }, 90_000);

  it('shows users and keys, statistics, and reads well in a narrow window', async () => {
    await page.getByRole('link', { name: en['nav.org'] }).click();
    await page.getByRole('heading', { name: en['org.users'], exact: true }).waitFor();
    await page.getByRole('cell', { name: 'sakura-admin' }).waitFor();
    await expectAccessible('users and keys');
    await shot(page, 'web-08-users-keys');
    await page.getByRole('link', { name: en['nav.stats'] }).click();
    await page.getByRole('heading', { name: en['stats.title'] }).waitFor();
    await page.waitForSelector('.loading', { state: 'detached' });
    await expectAccessible('statistics');
    await shot(page, 'web-09-statistics');

    await page.setViewportSize({ width: 400, height: 800 });
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('link', { name: ja['nav.search'] }).click();
    await page.getByRole('heading', { name: ja['search.title'], level: 2 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await expectAccessible('narrow search page');
    await shot(page, 'web-10-narrow-ja');
  }, 60_000);
});
