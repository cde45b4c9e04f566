/**
 * End-to-end (issue 13 §7), in Japanese: label a past search, find it by its label, run the same list
 * again (the label goes along) and read the comparison with the previous run hit by hit; pick two runs in
 * the history and compare them; watch the list, let the hub's background scheduler run it ("今すぐ実行"),
 * and read the owner's notification (unread count in the navigation, the inbox, the comparison it links to).
 * Real hub serving the built UI, a real node changed between runs, Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import type { EventInput } from '../../core/model/event.ts';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { workbenchMessages } from '../components/workbench-messages.ts';
import { ja } from '../i18n/ja.ts';
import { watchesMessages } from '../pages/watches/messages.ts';
import { docShot, ensureWebBuild, launchChromium } from './browser.ts';

const world = generateWorld({ fillerPerMember: 50 });
const home = world.members.find((m) => m.name === 'Sakura ISAC')!;
const NEW_VALUE = 'newhit-renkei.example';
const WATCHED_VALUE = 'watched-renkei.example';
const w = workbenchMessages.ja;
const wp = watchesMessages.ja;
let tn: TestNetwork;
let browser: Browser;
let page: Page;
let first: SearchResult;
let goneHits: string[] = [];

const fresh = (n: number, value: string): EventInput => {
  const ts = Math.floor(Date.now() / 1000);
  return {
    uuid: `5b0c6f1e-2a7d-4c1b-9a57-3f1f2d6c8e${n}1`, info: `Fresh phishing domain ${n}`, date: new Date().toISOString().slice(0, 10), threatLevel: 2, analysis: 0, published: true,
    publishTimestamp: ts, timestamp: ts, distribution: 3, sharingGroup: null, orgc: { name: home.name }, tags: [{ name: 'tlp:green' }], objects: [], sightings: [],
    attributes: [{ uuid: `5b0c6f1e-2a7d-4c1b-9a57-3f1f2d6c8e${n}2`, type: 'domain', category: 'Network activity', value, toIds: true, comment: '', firstSeen: null, lastSeen: null, timestamp: ts, distribution: 5, sharingGroupUuid: null, tags: [], deleted: false, disableCorrelation: false, objectRelation: null }],
  };
};

beforeAll(async () => {
  ensureWebBuild();
  tn = await startNetwork({ members: [{ name: home.name, seed: home.events }], hubConfig: { webDir: 'dist/web', watches: { tickMs: 200 } }, hubOverrides: { ipInfo: null } });
  const c = createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[home.name]!.analyst.key });
  first = await c.search({ values: [...world.sample.slice(0, 200), NEW_VALUE, WATCHED_VALUE] });
  // Between the runs the member publishes the new value and deletes one event that had hits.
  const node = tn.nodes[home.name]!;
  await node.store.saveEvents([fresh(0, NEW_VALUE)], node.ownerOrg.id);
  const deleted = first.results.find((r) => r.details.length > 0)!.details[0]!.event.uuid;
  expect(await node.store.deleteEvent(deleted)).toBe(true);
  // Hit by hit: every attribute of the deleted event that matched a value is a gone hit.
  goneHits = first.results.flatMap((r) => [...new Set(r.details.filter((d) => d.event.uuid === deleted).map((d) => d.attribute.uuid))].map(() => r.value)).sort();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
  const user = tn.users[home.name]!.analyst;
  await page.goto(tn.hub.url);
  await page.getByLabel(ja['signIn.login']).fill(user.login);
  await page.getByLabel(ja['signIn.password']).fill(user.password);
  await page.getByRole('button', { name: ja['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

const client = () => createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[home.name]!.analyst.key });

describe('history workbench (Chromium, Japanese)', () => {
  it('labels a past search and finds it in the history by its label', async () => {
    await page.goto(`${tn.hub.url}/#/search/${first.id}`);
    await page.getByText(w.noPrevious).waitFor({ timeout: 30_000 });
    const form = page.getByRole('form', { name: w.label });
    await form.getByLabel(w.ticket).fill('INC-4711');
    await form.getByLabel(w.note).fill('フィッシング第2波の調査');
    await form.getByRole('button', { name: w.saveLabel }).click();
    await form.getByRole('status').filter({ hasText: w.labelSaved }).waitFor();
    expect((await client().workbench.labels()).labels.map((l) => [l.searchId, l.ticket, l.note])).toEqual([[first.id, 'INC-4711', 'フィッシング第2波の調査']]);

    await page.goto(`${tn.hub.url}/#/history`);
    const rows = page.locator('table.list tbody tr');
    await rows.first().waitFor();
    expect(await rows.locator('.history-label').allTextContents()).toEqual(['INC-4711', 'フィッシング第2波の調査']);
    await page.getByLabel('ラベルで絞り込み').fill('第2波');
    expect(await rows.count()).toBe(1);
    await page.getByLabel('ラベルで絞り込み').fill('INC-9999');
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByLabel('ラベルで絞り込み').fill('');
  }, 120_000);

  it('re-runs a past list and shows new and gone hits, by member and attribute, against the previous run', async () => {
    expect(goneHits.length).toBeGreaterThan(0);
    await page.goto(`${tn.hub.url}/#/search/${first.id}`);
    await page.getByText(w.noPrevious).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: w.rerun }).click();
    await page.waitForFunction((id) => location.hash.startsWith('#/search/') && !location.hash.includes(id), first.id, { timeout: 60_000 });
    const compare = page.getByTestId('run-compare');
    await compare.waitFor({ timeout: 30_000 });
    const list = async (title: string) => compare.locator('.run-changes', { has: page.getByRole('heading', { name: title }) }).locator('li code').allTextContents();
    expect(await list(w.newHits.replace('{n}', '1'))).toEqual([NEW_VALUE]);
    expect((await list(w.goneHits.replace('{n}', String(goneHits.length)))).sort()).toEqual(goneHits);
    expect(await compare.locator('.run-changes li').first().textContent()).toBe(`${NEW_VALUE} (domain) ${home.name} のイベント「Fresh phishing domain 0」`);
    await docShot(page.locator('section[aria-labelledby="workbench-title"]'), 'history-compare-ja');
    // The history holds both runs of the list, and the label went with the new run.
    const searches = (await client().listSearches()).searches;
    expect(searches.map((s) => s.valueCount)).toEqual([202, 202]);
    const second = searches.find((s) => s.id !== first.id)!;
    expect((await client().workbench.labels()).labels.map((l) => [l.searchId, l.ticket]).sort()).toEqual([[first.id, 'INC-4711'], [second.id, 'INC-4711']].sort());
  }, 180_000);

  it('compares two runs picked in the history', async () => {
    await page.goto(`${tn.hub.url}/#/history`);
    const boxes = page.locator('table.list tbody input[type="checkbox"]');
    await expect.poll(() => boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: '選んだ 2 件の実行を比較' }).click();
    const compare = page.getByTestId('run-compare');
    await compare.waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: w.newHits.replace('{n}', '1') }).waitFor();
    expect(await compare.locator('.run-changes').first().locator('li code').allTextContents()).toEqual([NEW_VALUE]);
    expect(page.url()).toContain('#/compare/');
  }, 120_000);

  it('watches the list: the hub runs it in the background and tells its owner of new hits', async () => {
    const latest = (await client().listSearches()).searches.sort((a, b) => b.createdAt - a.createdAt)[0]!;
    await page.goto(`${tn.hub.url}/#/search/${latest.id}`);
    const form = page.locator('form.workbench-watch');
    await form.waitFor({ timeout: 30_000 });
    expect(await form.getByLabel(w.watchName).inputValue()).toBe('INC-4711');
    await form.getByLabel(w.interval).selectOption({ label: w['interval.24'] });
    await form.getByRole('button', { name: w.watch }).click();
    await form.getByRole('status').waitFor();
    expect(await form.getByRole('status').textContent()).toContain(w.watching.replace('{name}', 'INC-4711').split('。')[0]!);

    // The member publishes the watched value; the owner asks the hub to run the watch now.
    const node = tn.nodes[home.name]!;
    await node.store.saveEvents([fresh(1, WATCHED_VALUE)], node.ownerOrg.id);
    await page.getByRole('link', { name: wp.nav }).click();
    const table = page.getByTestId('watches');
    await table.waitFor();
    expect(await table.locator('tbody td').first().textContent()).toBe('INC-4711');
    expect(await table.locator('tbody td[data-label="間隔"] select').inputValue()).toBe('24');
    await table.getByRole('button', { name: wp.runNow }).click();
    await table.getByRole('status').filter({ hasText: wp.runQueued }).waitFor();
    // The scheduler runs it in the background: the notification arrives without another click.
    const notice = wp.notice.replace('{name}', 'INC-4711').replace('{n}', '1');
    await expect.poll(async () => {
      await page.reload();
      return page.locator('.watch-inbox li').allTextContents();
    }, { timeout: 60_000, interval: 500 }).toEqual([expect.stringContaining(notice)]);
    expect(await page.locator('.nav-count').getAttribute('aria-label')).toBe(w.unread.replace('{n}', '1'));
    expect(await table.locator('tbody td[data-label="前回の結果"]').textContent()).toBe(wp.newHits.replace('{n}', '1'));
    await docShot(page, 'watches-ja');
    await page.getByRole('link', { name: wp.openCompare }).click();
    const compare = page.getByTestId('run-compare');
    await compare.waitFor({ timeout: 30_000 });
    expect(await compare.locator('.run-changes').first().locator('li code').allTextContents()).toEqual([WATCHED_VALUE]);
    await page.goto(`${tn.hub.url}/#/watches`);
    await page.getByRole('button', { name: wp.markSeen }).click();
    await page.locator('.nav-count').waitFor({ state: 'detached' });
    expect((await client().workbench.watchNotifications()).unseen).toBe(0);
  }, 180_000);
});
