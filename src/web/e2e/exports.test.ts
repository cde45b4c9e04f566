/**
 * End-to-end (issue 13 §4), in Japanese: from the results, download the CSV for Excel (BOM) of the rows
 * shown after a filter, a MISP event, a STIX bundle and a blocklist, each named after the search and its
 * date. Real hub serving the built UI, real nodes, Debian's Chromium; files read from the download.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { exportMessages } from '../components/export-menu.tsx';
import { ja } from '../i18n/ja.ts';
import { axe, docShot, ensureWebBuild, launchChromium, pasteValues } from './browser.ts';

const world = generateWorld({ fillerPerMember: 50 });
const [aoba, kinu] = [world.members[0]!, world.members[1]!];
const m = exportMessages.ja;
let tn: TestNetwork;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureWebBuild();
  tn = await startNetwork({
    members: [
      { name: aoba.name, seed: aoba.events },
      { name: kinu.name, seed: kinu.events },
    ],
    hubConfig: { webDir: 'dist/web' },
    hubOverrides: { ipInfo: null },
  });
  browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

async function download(format: string, scope: string): Promise<{ name: string; bytes: Buffer }> {
  const form = page.getByRole('form', { name: m.title });
  await form.getByLabel(m.format).selectOption({ label: format });
  await form.getByLabel(m.scope).selectOption({ label: scope });
  const [d] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: m.download }).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

describe('exports from the results (Chromium, Japanese)', () => {
  it('downloads CSV with BOM of the filtered rows, a MISP event, a STIX bundle and a blocklist', async () => {
    const user = tn.users[aoba.name]!.analyst;
    await page.goto(tn.hub.url);
    await page.getByLabel(ja['signIn.login']).fill(user.login);
    await page.getByLabel(ja['signIn.password']).fill(user.password);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
    await pasteValues(page, 'textarea', world.sample.join('\n'));
    await page.getByRole('button', { name: ja['search.submit'].replace('{n}', new Intl.NumberFormat('ja-JP').format(world.sample.length)) }).click();
    await page.getByText(ja['progress.complete']).waitFor({ timeout: 60_000 });
    const searchId = decodeURIComponent(new URL(page.url()).hash.replace('#/search/', ''));
    const result = (await (await fetch(`${tn.hub.url}/api/v1/searches/${searchId}`, { headers: { authorization: `Bearer ${user.key}` } })).json()) as {
      createdAt: number;
      results: { type: string; value: string; details: unknown[] }[];
    };
    const stem = `renkei-search-${searchId.slice(0, 8)}-${new Date(result.createdAt).toISOString().slice(0, 10)}`;
    const hitRows = result.results.filter((r) => r.details.length > 0);

    // Filter: hits of type domain only; "rows shown" exports exactly those.
    await page.getByLabel(ja['filter.onlyHits']).check();
    await page.getByRole('group', { name: ja['filter.types'] }).getByLabel('domain').check();
    const domains = hitRows.filter((r) => r.type === 'domain').map((r) => r.value);
    expect(domains.length).toBeGreaterThan(0);
    const csv = await download(m.csvBom, m.shown.replace('{n}', String(domains.length)));
    expect(csv.name).toBe(`${stem}.csv`);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]!.startsWith('input,type,value,total_hits,members,match_kinds,tags,tlp,first_seen,last_seen')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[2]).sort()).toEqual([...domains].sort());
    expect(await page.getByRole('status').filter({ hasText: `${stem}.csv` }).textContent()).toBe(m.saved.replace('{name}', `${stem}.csv`));
    const violations = (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(violations).toEqual([]);
    await docShot(page.locator('.results-view .panel').nth(1), 'results-export-ja');

    const misp = await download(m.misp, m.hits);
    expect(misp.name).toBe(`${stem}-misp.json`);
    const ev = JSON.parse(misp.bytes.toString('utf8')) as { Event: { Attribute: { value: string }[] } };
    expect(ev.Event.Attribute.map((a) => a.value)).toEqual(hitRows.map((r) => r.value));

    const stix = await download(m.stix, m.all);
    expect(stix.name).toBe(`${stem}-stix.json`);
    const bundle = JSON.parse(stix.bytes.toString('utf8')) as { objects: { type: string; name?: string }[] };
    expect(bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.name)).toEqual(hitRows.map((r) => r.value));

    const block = await download(m.blocklist.replace('{type}', 'ip-dst'), m.all);
    expect(block.name).toBe(`${stem}-blocklist-ip-dst.txt`);
    expect(block.bytes.toString('utf8')).toBe(`${[...new Set(hitRows.filter((r) => r.type === 'ip-dst').map((r) => r.value))].sort().join('\n')}\n`);
  }, 180_000);
});
