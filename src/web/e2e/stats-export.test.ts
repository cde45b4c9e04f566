/**
 * End-to-end: quotable statistics exports in Chromium. A real hub (SQLite, built UI) receives aggregate
 * batches from three sensors over HTTP; the statistics page then exports the top chart and a trend as
 * captioned PNGs (and CSV), and the downloaded files are decoded and checked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../hub/create-hub.ts';
import { batch, row, sources } from '../../hub/stats/test-batches.ts';
import { en } from '../i18n/en.ts';
import { ja } from '../i18n/ja.ts';
import { axe, ensureWebBuild, launchChromium, SCREENSHOT_DIR, shot } from './browser.ts';
import { decodePng, PNG_SIGNATURE, pngSize, type DecodedPng } from './png.ts';

const HOUR = 3_600_000;
const LOGIN = 'stats-analyst';
const PASSWORD = 'stats-analyst-password-1';
const BAR = [0x1d, 0x5f, 0xa8];

let dir = '';
let hub: Hub;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let topAnswer: { from: string; to: string; sensors: number };

/** `2026-11-20T13:00:00.000Z` → `20261120T1300Z`, as in the export's file name. */
const compact = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';

/** The downloaded file's bytes; a copy is kept under `test-results/` for a look by eye. */
async function downloadedBytes(d: Download, keepAs?: string): Promise<Buffer> {
  if (keepAs) await d.saveAs(path.join(SCREENSHOT_DIR, keepAs));
  return readFileSync((await d.path())!);
}

/** Pixels in rows [y0, y1) for which `test` holds (every second column: the bitmap is at 2×). */
function countPixels(png: DecodedPng, y0: number, y1: number, test: (rgba: [number, number, number, number]) => boolean): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(png.height, y1); y++) for (let x = 0; x < png.width; x += 2) if (test(png.pixel(x, y))) n++;
  return n;
}
const isText = ([r, g, b]: number[]) => r! + g! + b! < 450;
const isBar = ([r, g, b]: number[]) => Math.abs(r! - BAR[0]!) < 12 && Math.abs(g! - BAR[1]!) < 12 && Math.abs(b! - BAR[2]!) < 12;

/** The checks every exported PNG must pass: a real 2× image on white with caption, chart and attribution. */
function expectQuotablePng(bytes: Buffer): DecodedPng {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const { width, height } = pngSize(bytes);
  expect(width).toBe(1800); // 900 CSS px at pixel ratio 2
  expect(height).toBeGreaterThan(2 * 500);
  expect(height).toBeLessThan(2 * 700);
  expect(bytes.length).toBeGreaterThan(10_000);
  const png = decodePng(bytes);
  expect(png.pixel(0, 0)).toEqual([255, 255, 255, 255]);
  expect(png.pixel(width - 1, height - 1)).toEqual([255, 255, 255, 255]);
  // Caption (title, time range, sensors) above the chart, which starts ≥ 104 CSS px down.
  expect(countPixels(png, 0, 200, isText)).toBeGreaterThan(500);
  // Attribution in the footer band.
  expect(countPixels(png, height - 90, height, isText)).toBeGreaterThan(100);
  return png;
}

describe('statistics exports in Chromium', () => {
  beforeAll(async () => {
    ensureWebBuild();
    dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-stats-e2e-'));
    hub = await createHub({ db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, enrichment: { enabled: false } });
    const url = await hub.listen();
    await hub.ctx.auth.createUser({ login: LOGIN, password: PASSWORD, orgName: 'Aoba CSIRT', role: 'analyst', locale: 'en' });
    // Three members (community figures need several), one sensor each; the last complete hour and a day before.
    const agents: { sensor: string; key: string }[] = [];
    for (const [i, org] of ['Aoba CSIRT', 'Sakura ISAC', 'Kaede SOC'].entries()) {
      const agent = await hub.ctx.auth.createUser({ login: `agent-${i + 1}`, password: null, orgName: org, role: 'analyst' });
      agents.push({ sensor: `fw-${i + 1}`, key: (await hub.ctx.auth.createKey(agent.id, 'agent')).key });
    }
    const last = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    for (const hour of [last, last - 24 * HOUR])
      for (const { sensor, key } of agents) {
        const rows = [
          row({ port: 23, proto: 'TCP', events: 40, sources: sources(`${sensor}-a`, 6) }),
          row({ port: 445, proto: 'TCP', events: 25, sources: sources(`${sensor}-b`, 5) }),
          row({ port: 22, proto: 'TCP', events: 12, sources: sources(`${sensor}-c`, 4) }),
        ];
        const res = await fetch(`${url}/api/v1/stats/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(batch(hour, sensor, rows)),
        });
        expect(res.status, await res.text()).toBe(200);
      }
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Asia/Tokyo' });
    await context.addInitScript(() => localStorage.setItem('renkei.lang', 'en'));
    page = await context.newPage();
    await page.goto(url);
    await page.getByLabel(en['signIn.login']).fill(LOGIN);
    await page.getByLabel(en['signIn.password']).fill(PASSWORD);
    await page.getByRole('button', { name: en['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: en['nav.main'] }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exports the top chart as a captioned 2× PNG named after the dimension and time range', async () => {
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/stats/top?')),
      page.getByRole('link', { name: en['nav.stats'] }).click(),
    ]);
    topAnswer = (await answer.json()) as typeof topAnswer;
    expect(topAnswer.sensors).toBe(3);
    await page.getByRole('img', { name: en['stats.top'] }).waitFor();
    await page.waitForSelector('.loading', { state: 'detached' });
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await shot(page, 'web-stats-export');

    const filters = page.getByRole('group', { name: en['filter.title'] });
    const [download] = await Promise.all([page.waitForEvent('download'), filters.getByRole('button', { name: en['stats.exportPng'] }).click()]);
    expect(download.suggestedFilename()).toBe(`renkei-stats-port-${compact(topAnswer.from)}-${compact(topAnswer.to)}.png`);
    const png = expectQuotablePng(await downloadedBytes(download, 'web-stats-export-top.png'));
    // The bars themselves (three ports), below the caption.
    expect(countPixels(png, 200, png.height, isBar)).toBeGreaterThan(2000);
    expect(countPixels(png, 0, 200, isBar)).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('exports a key’s trend as PNG and CSV with the same range and sensor count', async () => {
    const top = page.getByRole('table', { name: en['stats.top'] });
    await top.getByRole('row', { name: /^23 TCP/ }).getByRole('button', { name: en['stats.trend'] }).click();
    const trend = page.getByRole('region', { name: en['stats.trendOf'].replace('{key}', '23') });
    await trend.getByRole('img', { name: en['stats.trendOf'].replace('{key}', '23') }).waitFor();

    const [png] = await Promise.all([page.waitForEvent('download'), trend.getByRole('button', { name: en['stats.exportPng'] }).click()]);
    expect(png.suggestedFilename()).toMatch(/^renkei-stats-port-23-trend-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.png$/);
    expectQuotablePng(await downloadedBytes(png, 'web-stats-export-trend.png'));

    const [csv] = await Promise.all([page.waitForEvent('download'), trend.getByRole('link', { name: en['stats.export'] }).click()]);
    const text = (await downloadedBytes(csv)).toString('utf8');
    expect(text).toContain('# Renkei community statistics: daily trend of port 23');
    expect(text).toMatch(/# time range: \S+ to \S+ \(UTC\); contributing sensors: 3;/);
    // The PNG's file name carries the same range as the CSV header.
    const [, from, to] = /# time range: (\S+) to (\S+) /.exec(text)!;
    expect(png.suggestedFilename()).toBe(`renkei-stats-port-23-trend-${compact(from!)}-${compact(to!)}.png`);
  }, 60_000);

  it('exports with a Japanese caption too', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    const filters = page.getByRole('group', { name: ja['filter.title'] });
    const [download] = await Promise.all([page.waitForEvent('download'), filters.getByRole('button', { name: ja['stats.exportPng'] }).click()]);
    expect(download.suggestedFilename()).toBe(`renkei-stats-port-${compact(topAnswer.from)}-${compact(topAnswer.to)}.png`);
    expectQuotablePng(await downloadedBytes(download, 'web-stats-export-top-ja.png'));
  }, 60_000);
});
