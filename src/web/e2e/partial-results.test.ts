/**
 * End-to-end (issue 13 §1), in Japanese: a member that times out is not "answered". The summary names it
 * with its reason, its columns read "—" with the reason on hover (never 0), the history marks the search
 * partial, and asking that member again fills its column in place. Real hub serving the built UI, real
 * nodes, a real proxy that hangs in front of one of them, Debian's Chromium.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolNode } from '../../hub/demo/enrol-node.ts';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';
import { ja } from '../i18n/ja.ts';
import { axe, docShot, ensureWebBuild, launchChromium, pasteValues } from './browser.ts';

const world = generateWorld({ fillerPerMember: 100 });
const [home, flaky] = [world.members[0]!, world.members[2]!];
const fill = (s: string, vars: Record<string, string | number>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
const jaNumber = (n: number): string => new Intl.NumberFormat('ja-JP').format(n);

let net: TestNetwork;
let node: TestNode;
let proxy: http.Server;
let mode: 'hang' | 'pass' = 'pass';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureWebBuild();
  net = await startNetwork({
    members: [{ name: home.name, seed: home.events }],
    // A deadline the answering member meets even when CI runs every test file at once on two cores.
    hubConfig: { webDir: 'dist/web', search: { deadlineMs: 8000, retries: 0, backoffMs: 10, perSourceConcurrency: 4, renkeiBatchSize: 2000, checkTimeoutMs: 5000 } },
    hubOverrides: { ipInfo: null },
  });
  node = await startTestNode({ orgName: flaky.name });
  for (let i = 0; i < flaky.events.length; i += 500) await node.store.saveEvents(flaky.events.slice(i, i + 500), node.ownerOrg.id);
  const target = new URL(node.url);
  // Hangs while `mode` is 'hang'; otherwise forwards the request unchanged to the member's real node.
  proxy = http.createServer((req, res) => {
    if (mode === 'hang') return void req.resume();
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  await enrolNode(net.hub.hub.ctx, net.hub.hub.ctx.signer.publicKeyText, node.node, { name: flaky.name, url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
  mode = 'hang';
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await node?.close();
  await net?.close();
});

describe('partial results in Chromium (Japanese)', () => {
  it('names the timed-out member, shows "—" with the reason, marks history partial, and retries that member in place', async () => {
    const user = net.users[home.name]!.analyst;
    const expected = world.expected(home.name);
    await page.goto(net.hub.url);
    await page.getByLabel(ja['signIn.login']).fill(user.login);
    await page.getByLabel(ja['signIn.password']).fill(user.password);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();

    await pasteValues(page, 'textarea', world.sample.join('\n'));
    await page.getByRole('button', { name: fill(ja['search.submit'], { n: jaNumber(world.sample.length) }) }).click();
    const summary = page.getByTestId('progress-summary');
    const reason = ja['reason.timeout'];
    const partial = fill(ja['progress.partial'], { ok: 1, total: 2, failed: fill(ja['progress.failedMember'], { member: flaky.name, reason }) });
    await page.getByText(partial).waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe(partial);
    expect(await page.getByTestId(`member-hits-${home.name}`).textContent()).toBe(jaNumber(expected[home.name]!));
    expect(await page.getByTestId(`member-hits-${flaky.name}`).textContent()).toBe('—');

    // Every cell of the silent member reads "—" with the reason as its title and accessible name; none says 0.
    const notAnswered = fill(ja['results.notAnswered'], { member: flaky.name, reason });
    const cells = page.getByTestId('results-body').locator(`[role="cell"][title="${notAnswered}"]`);
    const rendered = await page.getByTestId('results-body').getByRole('row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(await cells.count()).toBe(rendered);
    expect(new Set(await cells.allTextContents())).toEqual(new Set(['—']));
    expect(await page.getByRole('cell', { name: notAnswered }).count()).toBe(rendered);
    const violations = (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(violations).toEqual([]);
    await docShot(page.locator('.results-view'), 'results-partial-ja');

    // History: the search is marked partial.
    await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: ja['nav.history'] }).click();
    const status = page.locator('td.search-status').first();
    await status.waitFor();
    expect(await status.textContent()).toBe(ja['history.status.partial']);
    await docShot(page.locator('main'), 'history-partial-ja');
    await page.getByRole('link', { name: ja['history.open'] }).first().click();
    await page.getByTestId(`retry-${flaky.name}`).waitFor();

    // The member comes back; asking it again fills its column without re-running the search.
    mode = 'pass';
    await page.getByTestId(`retry-${flaky.name}`).click();
    await page.getByText(ja['progress.complete']).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId(`member-hits-${flaky.name}`).textContent()).toBe(jaNumber(expected[flaky.name]!));
    expect(await page.getByTestId(`member-hits-${home.name}`).textContent()).toBe(jaNumber(expected[home.name]!));
    expect(await cells.count()).toBe(0);
    expect(await page.getByTestId(`retry-${flaky.name}`).count()).toBe(0);
    await docShot(page.locator('.results-view'), 'results-retried-ja');
    // The history holds one search (the retry is not a new one), now complete.
    await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: ja['nav.history'] }).click();
    await page.locator('td.search-status').first().waitFor();
    expect(await page.locator('td.search-status').allTextContents()).toEqual([ja['history.status.done']]);
  }, 180_000);
});
