/**
 * End-to-end (issue 13 §3), in Japanese: "hits on my data" lists only other organisations' searches by
 * default (the hub filters; own searches behind a checkbox), shows match kinds with their Japanese labels,
 * and exports the listed hits as CSV (with a BOM for Excel). Real hub serving the built UI, real nodes
 * keeping their hit logs, Debian's Chromium.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { axe, docShot, ensureWebBuild, launchChromium } from './browser.ts';

const world = generateWorld({ fillerPerMember: 50 });
const aoba = world.members[0]!;
const sakura = world.members.find((m) => m.name === 'Sakura ISAC')!;
let tn: TestNetwork;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureWebBuild();
  tn = await startNetwork({
    members: [
      { name: aoba.name, seed: aoba.events },
      { name: sakura.name, seed: sakura.events },
    ],
    hubConfig: { webDir: 'dist/web' },
    hubOverrides: { ipInfo: null },
  });
  // Another member and the owner itself search the same sample.
  await createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[aoba.name]!.analyst.key }).search({ values: world.sample });
  await createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[sakura.name]!.analyst.key }).search({ values: world.sample.slice(0, 300) });
  browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

describe('hits on my data (Chromium, Japanese)', () => {
  it('lists other organisations’ searches by default, own ones on request, with Japanese match labels and a CSV export', async () => {
    const admin = tn.users[sakura.name]!.admin;
    await page.goto(tn.hub.url);
    await page.getByLabel(ja['signIn.login']).fill(admin.login);
    await page.getByLabel(ja['signIn.password']).fill(admin.password);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: ja['nav.hits'] }).click();
    const table = page.getByTestId('owner-hits');
    await table.waitFor({ timeout: 30_000 });
    const searcherOptions = async () => (await page.locator('fieldset.filters').getByLabel(ja['hits.searcher']).locator('option').allTextContents()).slice(1);
    expect(await searcherOptions()).toEqual([aoba.name]);
    const col = async (n: number) => new Set(await table.locator(`tbody tr td:nth-child(${n})`).allTextContents());
    expect(await col(2)).toEqual(new Set([aoba.name]));
    const labels = new Set([ja['match.exact'], ja['match.composite'], ja['match.cidr'], ja['match.subdomain'], ja['match.urlHost']]);
    for (const l of await col(5)) expect(labels.has(l), l).toBe(true);
    expect(await axe(page).then((v) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical'))).toEqual([]);
    await docShot(page, 'hits-on-my-data-ja');

    // The CSV holds every listed hit (not only the rendered page), with a BOM.
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV で出力' }).click()]);
    const bytes = readFileSync((await d.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('at,searcher_org,value,type,match,event_uuid,event_info,member');
    const viaApi = (await createHubClient({ baseUrl: tn.hub.url, apiKey: admin.key }).hits({ limit: 5000 })).hits;
    expect(viaApi.length).toBe(lines.length - 1);
    expect(new Set(viaApi.map((h) => h.searcherOrg))).toEqual(new Set([aoba.name]));
    expect(lines.slice(1).map((l) => l.split(',')[2]).sort()).toEqual(viaApi.map((h) => h.value).sort());

    // Own searches only behind the checkbox.
    await page.getByLabel('自組織による検索も含める').check();
    await page.waitForFunction((name) => [...document.querySelectorAll('option')].some((o) => o.textContent === name), sakura.name);
    expect(await searcherOptions()).toEqual([aoba.name, sakura.name].sort());
    await page.locator('fieldset.filters').getByLabel(ja['hits.searcher']).selectOption(sakura.name);
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-testid="owner-hits"] tbody tr td:nth-child(2)')].every((td) => td.textContent === name), sakura.name);
    expect(await col(2)).toEqual(new Set([sakura.name]));
    const withOwn = (await createHubClient({ baseUrl: tn.hub.url, apiKey: admin.key }).hits({ limit: 5000, own: 1 })).hits;
    expect(withOwn.filter((h) => h.searcherOrg === sakura.name).length).toBeGreaterThan(0);
    expect(withOwn.filter((h) => h.searcherOrg === aoba.name).length).toBe(viaApi.length);

    // On a 390 px phone every hit is a card with labelled cells: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.evaluate(() => {
      const wrap = document.querySelector('[data-testid="owner-hits"]')!.parentElement!;
      return { page: document.documentElement.scrollWidth, wrap: wrap.scrollWidth - wrap.clientWidth };
    });
    expect(widths).toEqual({ page: 390, wrap: 0 });
    const firstCell = table.locator('tbody tr').first().locator('td').first();
    expect(await firstCell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe(`"${ja['hits.when']}"`);
    expect(await axe(page).then((v) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical'))).toEqual([]);
    await table.locator('tbody tr').first().scrollIntoViewIfNeeded();
    await docShot(page, 'hits-on-my-data-phone-ja');
  }, 180_000);
});
