/**
 * End-to-end (issue 13 §7, part), in Japanese: open a past search, run the same list again, and read the
 * comparison with the previous run: a value the member published since is a new hit, the values of an event
 * it deleted since no longer hit. Real hub serving the built UI, a real node changed between runs, Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { workbenchMessages } from '../components/run-workbench.tsx';
import { ja } from '../i18n/ja.ts';
import { docShot, ensureWebBuild, launchChromium } from './browser.ts';

const world = generateWorld({ fillerPerMember: 50 });
const home = world.members.find((m) => m.name === 'Sakura ISAC')!;
const NEW_VALUE = 'newhit-renkei.example';
const w = workbenchMessages.ja;
let tn: TestNetwork;
let browser: Browser;
let page: Page;
let first: SearchResult;
let gone: string[] = [];

beforeAll(async () => {
  ensureWebBuild();
  tn = await startNetwork({ members: [{ name: home.name, seed: home.events }], hubConfig: { webDir: 'dist/web' }, hubOverrides: { ipInfo: null } });
  const c = createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users[home.name]!.analyst.key });
  first = await c.search({ values: [...world.sample.slice(0, 200), NEW_VALUE] });
  // Between the runs the member publishes the new value and deletes one event that had hits.
  const node = tn.nodes[home.name]!;
  const ts = Math.floor(Date.now() / 1000);
  await node.store.saveEvents(
    [
      {
        uuid: '5b0c6f1e-2a7d-4c1b-9a57-3f1f2d6c8e01', info: 'Fresh phishing domain', date: new Date().toISOString().slice(0, 10), threatLevel: 2, analysis: 0, published: true,
        publishTimestamp: ts, timestamp: ts, distribution: 3, sharingGroup: null, orgc: { name: home.name }, tags: [{ name: 'tlp:green' }], objects: [], sightings: [],
        attributes: [{ uuid: '5b0c6f1e-2a7d-4c1b-9a57-3f1f2d6c8e02', type: 'domain', category: 'Network activity', value: NEW_VALUE, toIds: true, comment: '', firstSeen: null, lastSeen: null, timestamp: ts, distribution: 5, sharingGroupUuid: null, tags: [], deleted: false, disableCorrelation: false, objectRelation: null }],
      },
    ],
    node.ownerOrg.id,
  );
  const deleted = first.results.find((r) => r.details.length > 0)!.details[0]!.event.uuid;
  expect(await node.store.deleteEvent(deleted)).toBe(true);
  gone = first.results.filter((r) => r.details.length > 0 && r.details.every((d) => d.event.uuid === deleted)).map((r) => r.value).sort();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

describe('history workbench (Chromium, Japanese)', () => {
  it('re-runs a past list and shows new and gone hits against the previous run', async () => {
    expect(gone.length).toBeGreaterThan(0);
    const user = tn.users[home.name]!.analyst;
    await page.goto(tn.hub.url);
    await page.getByLabel(ja['signIn.login']).fill(user.login);
    await page.getByLabel(ja['signIn.password']).fill(user.password);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
    await page.goto(`${tn.hub.url}/#/search/${first.id}`);
    await page.getByText(w.noPrevious).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: w.rerun }).click();
    await page.waitForFunction((id) => location.hash.startsWith('#/search/') && !location.hash.includes(id), first.id, { timeout: 60_000 });
    const compare = page.getByTestId('run-compare');
    await compare.waitFor({ timeout: 30_000 });
    const list = async (title: string) => compare.locator('.run-changes', { has: page.getByRole('heading', { name: title }) }).locator('li code').allTextContents();
    expect(await list(w.newHits.replace('{n}', '1'))).toEqual([NEW_VALUE]);
    expect((await list(w.goneHits.replace('{n}', String(gone.length)))).sort()).toEqual(gone);
    await docShot(page.locator('section[aria-labelledby="workbench-title"]'), 'history-compare-ja');
    // The history now holds both runs of the list.
    const searches = (await createHubClient({ baseUrl: tn.hub.url, apiKey: user.key }).listSearches()).searches;
    expect(searches.map((s) => s.valueCount)).toEqual([201, 201]);
  }, 180_000);
});
