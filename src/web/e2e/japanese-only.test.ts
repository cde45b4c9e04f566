/**
 * End-to-end (issue 13 §5): every page an analyst, a member admin and a hub admin reach, in Japanese, with
 * the failures they meet (a bad sign-in, unreadable values, a member that cannot be reached, a refused
 * source key, a duplicate user, another organisation's search, an admin page opened by an analyst). Every
 * English text the hub sent (`message`, `error`, `lastError` anywhere in its JSON and NDJSON answers) and
 * every normaliser reason for the typed values is collected; the test fails if any of them is visible.
 * Real hub serving the built UI, real nodes, Debian's Chromium.
 */
import net from 'node:net';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../core/indicators/normalize.ts';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type NetworkUser, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { rejectionMessages } from '../components/rejection-reason.tsx';
import { lockMessages } from '../pages/sign-in-page.tsx';
import { docShot, ensureWebBuild, launchChromium, pasteValues, signInJa } from './browser.ts';

const world = generateWorld({ fillerPerMember: 50 });
const [aoba, sakura] = [world.members[0]!, world.members[1]!];
const BAD_VALUES = ['hello world', '1.2.3.999', 'user@com', '10.0.0.0/40', 'abcdef'];

let tn: TestNetwork;
let browser: Browser;
let page: Page;
let deadUrl = '';
/** English sentences the hub sent during the walk; none may be visible on a Japanese page. */
const serverTexts = new Set<string>();
const pending: Promise<void>[] = [];

function collect(v: unknown, key = ''): void {
  if (typeof v === 'string') {
    if ((key === 'message' || key === 'error' || key === 'lastError') && v.includes(' ')) serverTexts.add(v);
  } else if (Array.isArray(v)) for (const x of v) collect(x, key);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k);
}

async function onResponse(r: Response): Promise<void> {
  if (!new URL(r.url()).pathname.startsWith('/api/')) return;
  const text = await r.text().catch(() => '');
  for (const line of text.split('\n')) {
    try {
      collect(JSON.parse(line));
    } catch {
      // Not JSON (a CSV export, an empty body).
    }
  }
}

/** Fails when a collected server sentence shows anywhere on the page as the user sees it. */
async function expectJapaneseOnly(where: string): Promise<void> {
  await Promise.all(pending.splice(0));
  expect(await page.evaluate(() => document.documentElement.lang), where).toBe('ja');
  const visible = await page.evaluate(() => document.body.innerText);
  const leaked = [...serverTexts].filter((s) => visible.includes(s));
  expect(leaked, `${where}: English server text visible`).toEqual([]);
}

const signIn = (u: NetworkUser): Promise<void> => signInJa(page, tn.hub.url, u);

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: ja['nav.signOut'] }).click();
  await page.getByRole('heading', { name: ja['signIn.title'] }).waitFor();
}

/** Opens every page of the main menu and checks it once it has loaded. */
async function walkMenu(who: string): Promise<void> {
  const links = page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link');
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBeGreaterThan(5);
  for (const href of hrefs) {
    await page.goto(`${tn.hub.url}/${href}`);
    await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await expectJapaneseOnly(`${who} ${href}`);
  }
}

beforeAll(async () => {
  ensureWebBuild();
  tn = await startNetwork({
    members: [
      { name: aoba.name, seed: aoba.events },
      { name: sakura.name, seed: sakura.events },
    ],
    hubConfig: { webDir: 'dist/web', search: { deadlineMs: 5000, retries: 0, backoffMs: 10, perSourceConcurrency: 4, renkeiBatchSize: 2000, checkTimeoutMs: 3000 } },
    hubOverrides: { ipInfo: null },
  });
  // A third member whose node is gone: a port that was free a moment ago.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
  const ctx = tn.hub.hub.ctx;
  const kaede = await ctx.members.add('Kaede CERT');
  await ctx.members.addSource(kaede.id, { kind: 'renkei', url: deadUrl, apiKey: 'a-key-for-a-node-that-is-gone-0123', verifyTls: true }, { skipCheck: true });
  for (const v of BAD_VALUES) {
    const n = normalize(v);
    if (!n.ok) serverTexts.add(n.error);
  }
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
  page.on('response', (r) => void pending.push(onResponse(r)));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

describe('Japanese pages show no English server text (Chromium)', () => {
  it('analyst: bad sign-in, unreadable values, an unreachable member, another organisation’s search, an admin page', async () => {
    await page.goto(tn.hub.url);
    await page.getByLabel(ja['signIn.login']).fill('nobody-here');
    await page.getByLabel(ja['signIn.password']).fill('wrong-password-123');
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('alert').waitFor();
    await expectJapaneseOnly('failed sign-in');

    const analyst = tn.users[aoba.name]!.analyst;
    await signIn(analyst);
    // The search box's own reading of the values: translated reasons, line by line.
    await pasteValues(page, 'textarea', [...world.sample.slice(0, 40), ...BAD_VALUES].join('\n'));
    const problems = page.locator('details.problems');
    await problems.waitFor();
    expect(await problems.locator('li').count()).toBe(BAD_VALUES.length);
    const m = rejectionMessages.ja;
    expect(await problems.locator('li').first().textContent()).toBe(`41 行目: hello world — ${m.whitespace}`);
    expect(await problems.locator('li').nth(2).textContent()).toBe(`43 行目: user@com — ${m['part.email_domain'].replace('{reason}', m.single_label)}`);
    await expectJapaneseOnly('search box problems');

    // The box sends only what it could read; an unreachable member is named with a Japanese reason.
    await page.getByRole('button', { name: ja['search.submit'].replace('{n}', '40') }).click();
    await page.getByTestId('progress-summary').getByText(ja['reason.unreachable']).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('progress-summary').textContent()).toBe(
      ja['progress.partial'].replace('{ok}', '2').replace('{total}', '3').replace('{failed}', `Kaede CERT: ${ja['reason.unreachable']}`),
    );
    await expectJapaneseOnly('results with an unreachable member');
    const searchId = decodeURIComponent(new URL(page.url()).hash.replace('#/search/', ''));

    // Rejections as the hub reports them (a search over the API with the bad values), read on the results page.
    const res = await page.evaluate(async (values) => {
      const me = (await (await fetch('/api/v1/me', { headers: { accept: 'application/json' } })).json()) as { csrfToken: string };
      const r = await fetch('/api/v1/searches', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ values }) });
      return { status: r.status, body: await r.text() };
    }, [world.sample[0]!, ...BAD_VALUES]);
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    const result = JSON.parse(res.body) as { id: string; rejected: { input: string; code?: string }[] };
    collect(result);
    expect(result.rejected.map((r) => [r.input, r.code])).toEqual([
      ['hello world', 'whitespace'],
      ['1.2.3.999', 'ipv4_invalid'],
      ['user@com', 'single_label'],
      ['10.0.0.0/40', 'cidr_prefix_range'],
      ['abcdef', 'hash_length'],
    ]);
    await page.goto(`${tn.hub.url}/#/search/${encodeURIComponent(result.id)}`);
    const rejected = page.locator('details.rejected');
    await rejected.waitFor();
    await rejected.locator('summary').click();
    expect(await rejected.locator('li').allTextContents()).toEqual([
      `hello world — ${m.whitespace}`,
      `1.2.3.999 — ${m.ipv4_invalid}`,
      `user@com — ${m['part.email_domain'].replace('{reason}', m.single_label)}`,
      `10.0.0.0/40 — ${m.cidr_prefix_range.replace('{version}', '4').replace('{prefix}', '40').replace('{max}', '32')}`,
      `abcdef — ${m.hash_length.replace('{digits}', '6')}`,
    ]);
    await expectJapaneseOnly('rejected values');
    await docShot(page.locator('details.rejected'), 'rejected-values-ja');

    // Another organisation's search, and a page for admins opened by hand.
    await signOut();
    await signIn(tn.users[sakura.name]!.analyst);
    await page.goto(`${tn.hub.url}/#/search/${encodeURIComponent(searchId)}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').locator('strong').textContent()).toBe(ja['error.notFound']);
    await expectJapaneseOnly('another organisation’s search');
    for (const admin of ['#/org', '#/members']) {
      await page.goto(`${tn.hub.url}/${admin}`);
      await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      await expectJapaneseOnly(`admin page ${admin} opened by an analyst`);
    }
    await walkMenu('analyst');
    await signOut();
  }, 240_000);

  it('member admin and hub admin: a refused source key, a duplicate user, a failed connection test', async () => {
    await signIn(tn.users[aoba.name]!.admin);
    await page.goto(`${tn.hub.url}/#/org`);
    const form = page.getByRole('form', { name: ja['org.addUser'] });
    await form.getByLabel(ja['signIn.login']).fill(tn.users[aoba.name]!.analyst.login);
    await form.getByLabel(ja['signIn.password']).fill('another-long-password');
    await form.getByRole('button', { name: ja['org.addUser'] }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').locator('strong').textContent()).toBe(ja['error.conflict']);
    await expectJapaneseOnly('duplicate user');
    await walkMenu('member admin');
    // A member admin sees its own member's node URL, never another member's (issue 13 §6).
    await page.goto(`${tn.hub.url}/#/members`);
    await page.getByRole('heading', { name: sakura.name, level: 3 }).waitFor();
    const members = await page.locator('main').innerText();
    expect(members).toContain(tn.nodes[aoba.name]!.url);
    expect(members).not.toContain(tn.nodes[sakura.name]!.url);
    await signOut();

    await signIn(tn.hub.admin);
    await page.goto(`${tn.hub.url}/#/members`);
    const row = page.locator('li.source', { hasText: deadUrl });
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: ja['sources.test'] }).click();
    const check = row.getByTestId('source-check');
    await check.waitFor({ timeout: 30_000 });
    expect(await check.innerText()).toContain(`${ja['sources.checkFailed']} ${ja['error.sourceUnreachable']}`);
    await expectJapaneseOnly('failed connection test');

    const add = page.getByRole('form', { name: ja['sources.add'] });
    await add.getByLabel(ja['members.member']).selectOption({ label: sakura.name });
    await add.getByLabel(ja['sources.kind']).selectOption('renkei');
    await add.getByLabel(ja['sources.url']).fill(tn.nodes[sakura.name]!.url);
    await add.getByLabel(ja['sources.apiKey']).fill('not-a-valid-key-0123456789');
    await add.getByRole('button', { name: ja['sources.addButton'] }).click();
    await add.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await add.getByRole('alert').locator('strong').textContent()).toBe(ja['error.sourceBadKey']);
    await expectJapaneseOnly('refused source key');
    await docShot(page.locator('main'), 'members-errors-ja');
    // The reload shows the dead source's last error, translated.
    await page.reload();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('.error-text').first().innerText()).toContain(ja['error.sourceUnreachable']);
    await expectJapaneseOnly('source with a last error');
    await walkMenu('hub admin');
    // Guard: the walk did meet English server sentences, so the checks above were not vacuous.
    expect(serverTexts.size).toBeGreaterThan(10);
  }, 240_000);

  it('sign-in lockout says until when, and an unknown login locks and answers alike', async () => {
    await page.context().clearCookies();
    await page.goto(tn.hub.url);
    await page.reload();
    const attempt = async (login: string): Promise<string> => {
      await page.getByLabel(ja['signIn.login']).fill(login);
      await page.getByLabel(ja['signIn.password']).fill('wrong-password-123');
      await page.getByRole('button', { name: ja['signIn.submit'] }).click();
      await page.getByRole('alert').waitFor();
      const text = (await page.getByRole('alert').textContent())!;
      await page.getByRole('button', { name: ja['signIn.submit'] }).waitFor();
      return text;
    };
    const until = new RegExp(`^${lockMessages.ja.until.replace(/[.()]/g, '\\$&').replace('{at}', '(\\d{4}/\\d{1,2}/\\d{1,2} \\d{1,2}:\\d{2})')}$`);
    const answers: Record<string, string[]> = {};
    for (const login of [tn.users[sakura.name]!.analyst.login, 'no-such-login-here']) {
      answers[login] = [];
      for (let i = 0; i < 6; i++) answers[login]!.push(await attempt(login));
    }
    for (const [login, texts] of Object.entries(answers)) {
      expect(texts.slice(0, 5), login).toEqual(Array(5).fill(ja['signIn.failed']));
      expect(texts[5], login).toMatch(until);
    }
    await expectJapaneseOnly('locked sign-in');
  }, 120_000);
});
