/**
 * End-to-end (issue 13 §9 and §1's details panel), in Japanese: the results are navigable by keyboard
 * (arrows, Home/End across the virtualised rows, Enter opens the details, Esc closes them and focus returns
 * to the value), the details open in view (beside the table at 1366 px, a bottom sheet at 390 px), and axe
 * reports no serious or critical violation on any page of the menu for an analyst and a hub admin.
 * Real hub serving the built UI, real nodes, Debian's Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type NetworkUser, type TestNetwork } from '../../testkit/network.ts';
import { hitTagMessages } from '../components/hit-tags.tsx';
import { ja } from '../i18n/ja.ts';
import { axe, docShot, ensureWebBuild, launchChromium, pasteValues, signInJa } from './browser.ts';

const world = generateWorld({ fillerPerMember: 50 });
const [aoba, kinu] = [world.members[0]!, world.members[1]!];
let tn: TestNetwork;
let browser: Browser;
let page: Page;

const focused = (): Promise<{ tag: string; text: string; index: string | null; cls: string }> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return { tag: el.tagName, text: el.textContent ?? '', index: el.closest<HTMLElement>('[data-index]')?.dataset['index'] ?? null, cls: el.className };
  });

const signIn = (u: NetworkUser): Promise<void> => signInJa(page, tn.hub.url, u);

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
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

describe('keyboard, details placement and accessibility (Chromium, Japanese)', () => {
  it('moves through results with the keyboard, opens details beside the table, closes them with Esc', async () => {
    await signIn(tn.users[aoba.name]!.analyst);
    await pasteValues(page, 'textarea', world.sample.join('\n'));
    await page.getByRole('button', { name: ja['search.submit'].replace('{n}', new Intl.NumberFormat('ja-JP').format(world.sample.length)) }).click();
    await page.getByText(ja['progress.complete']).waitFor({ timeout: 60_000 });
    const body = page.getByTestId('results-body');
    const valueAt = async (i: number): Promise<string> => (await body.locator(`[data-index="${i}"] button.link`).textContent())!;

    await body.locator('[data-index="0"] button.link').focus();
    const third = await valueAt(3);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ tag: 'BUTTON', index: '3', text: third });
    await page.keyboard.press('ArrowUp');
    expect((await focused()).index).toBe('2');
    // End reaches the last of 853 rows, which is not rendered until scrolled in.
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index') === '852');
    expect((await focused()).text).toBe(await valueAt(852));
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index') === '0');

    // Enter opens the details of the focused value (the top row has hits: sorted by total, descending).
    await page.keyboard.press('ArrowDown');
    const opened = await valueAt(1);
    await page.keyboard.press('Enter');
    const panel = page.locator('section.hit-context');
    await panel.waitFor();
    expect(await panel.locator('h3 code').textContent()).toBe(opened);
    expect((await focused()).cls).toContain('hit-context');
    // MISP-style details: TLP as a badge, the threat level in words, the event uuid.
    const card = panel.locator('.hit-card').first();
    expect(await card.locator('.badge.tlp').textContent()).toMatch(/^TLP:(GREEN|CLEAR)$/);
    const labels = await card.locator('dt').allTextContents();
    expect(labels).toEqual(expect.arrayContaining([hitTagMessages.ja.threatLevel, hitTagMessages.ja.eventId, hitTagMessages.ja.tlp]));
    const level = await card.locator('dt', { hasText: hitTagMessages.ja.threatLevel }).locator('xpath=following-sibling::dd[1]').textContent();
    expect([hitTagMessages.ja['level.1'], hitTagMessages.ja['level.2'], hitTagMessages.ja['level.3']]).toContain(level);
    const box = (await panel.boundingBox())!;
    const table = (await page.locator('.table-wrap').boundingBox())!;
    // Beside the table, inside the window: no scrolling needed to read it.
    expect(box.x).toBeGreaterThanOrEqual(table.x + table.width);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(768);
    await docShot(page.locator('.results-view'), 'results-details-beside-ja');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await focused()).toMatchObject({ tag: 'BUTTON', index: '1', text: opened });
  }, 180_000);

  it('keeps the priority columns inside a 390 px phone and opens details as a bottom sheet', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // Priority columns: value, type and total stay; nothing is wider than the phone (no sideways scrolling).
    const fit = await page.evaluate(() => {
      const wrap = document.querySelector('.results-view .table-wrap')!;
      const shown = [...document.querySelectorAll('.results-row.head [role=columnheader]')].filter((e) => getComputedStyle(e).display !== 'none');
      return { wrap: wrap.clientWidth, scroll: wrap.scrollWidth, page: document.documentElement.scrollWidth, columns: shown.map((e) => (e.textContent ?? '').replace(/[▲▼]/g, '').trim()) };
    });
    expect(fit.columns).toEqual([ja['results.value'], ja['results.type'], ja['results.total']]);
    expect(fit.scroll).toBeLessThanOrEqual(fit.wrap);
    expect(fit.wrap).toBeLessThanOrEqual(390);
    expect(fit.page).toBeLessThanOrEqual(390);
    const body = page.getByTestId('results-body');
    await body.locator('[data-index="0"] button.link').click();
    const panel = page.locator('section.hit-context');
    await panel.waitFor();
    const box = (await panel.boundingBox())!;
    expect(box.x).toBe(0);
    expect(box.width).toBe(390);
    expect(Math.round(box.y + box.height)).toBe(844);
    expect(box.height).toBeLessThanOrEqual(844 * 0.7 + 1);
    await docShot(page.locator('body'), 'results-details-phone-ja');
    await page.getByRole('button', { name: ja['common.close'] }).click();
    await panel.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);

  it('axe: no serious or critical violation on any page of the menu (analyst, hub admin)', async () => {
    const found: string[] = [];
    for (const u of [tn.users[aoba.name]!.analyst, tn.hub.admin]) {
      await signIn(u);
      const hrefs = await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(hrefs.length).toBeGreaterThan(5);
      for (const href of hrefs) {
        await page.goto(`${tn.hub.url}/${href}`);
        await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
        await page.waitForLoadState('networkidle');
        for (const v of await axe(page)) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${u.login} ${href}: ${v.id} ${JSON.stringify(v.nodes)}`);
      }
    }
    expect(found).toEqual([]);
  }, 180_000);
});
