/**
 * Community questions in Chromium (Japanese) against a real hub serving the built UI: a member asks
 * anonymously about country CN in the form, the answers stay withheld until k = 3 members answered, then
 * the counts and the quotable sentence appear, and the community statistics baseline for CN is shown
 * beside the answers; the asking organisation is never named on another member's page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, row, sources } from '../../hub/stats/test-batches.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { questionMessages } from '../pages/observations/question-messages.ts';
import { ensureWebBuild, launchChromium, shot } from './browser.ts';

const Q = questionMessages.ja;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
let net: TestNetwork;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(member: string): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'ja-JP', viewport: { width: 412, height: 915 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const u = net.users[member]!.analyst;
  await page.goto(net.hub.url);
  await page.getByLabel(ja['signIn.login']).fill(u.login);
  await page.getByLabel(ja['signIn.password']).fill(u.password);
  await page.getByRole('button', { name: ja['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
  return page;
}

beforeAll(async () => {
  ensureWebBuild();
  net = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }, { name: 'Sakura ISAC' }, { name: 'Tsubaki Telecom' }], hubConfig: { webDir: 'dist/web', enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 }, auth: { cookieSecure: false } } });
  // Three members' sensors saw CN at ten times the usual level: in the last complete hour and, in case the
  // clock passes the hour during the test, the one after (each with the four weeks before at the usual level).
  const last = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  for (const H of [last, last + HOUR]) {
    for (const member of ['Aoba CSIRT', 'Kinu SOC', 'Sakura ISAC']) {
      const rows = (events: number) => [row({ events, sources: sources(`${member}-`, 5), country: 'CN' })];
      await net.hub.hub.ctx.storage.stats.ingest(member, batch(H, `sensor-${member}`, rows(100), member), Date.now());
      for (let w = 1; w <= 4; w++) await net.hub.hub.ctx.storage.stats.ingest(member, batch(H - w * WEEK, `sensor-${member}`, rows(10), member), Date.now());
    }
  }
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await net?.close();
});

describe('community questions in Chromium (ja)', () => {
  it('ask (anonymous, about CN) → answers withheld until k = 3 → result, quotable sentence and the CN baseline beside it', async () => {
    const text = 'CN からの大規模な攻撃を確認していますか？';
    const aoba = await signedIn('Aoba CSIRT');
    await aoba.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: Q.nav }).click();
    await aoba.getByRole('heading', { name: Q.title }).waitFor();
    await aoba.getByLabel(Q.text, { exact: true }).fill(text);
    expect(await aoba.getByLabel(Q.options).inputValue()).toBe('なし, 少し, 大規模');
    await aoba.getByLabel(Q.subject).selectOption('country');
    await aoba.getByLabel(Q.subjectKey).fill('cn');
    await aoba.getByLabel(Q.anonymous).check();
    await aoba.getByRole('button', { name: Q.submit }).click();
    await aoba.getByRole('heading', { name: text }).waitFor();
    const id = /#\/questions\/(\d+)/.exec(aoba.url())![1]!;

    const kinu = await signedIn('Kinu SOC');
    await kinu.goto(`${net.hub.url}/#/questions/${id}`);
    await kinu.getByRole('heading', { name: text }).waitFor();
    const baseline = kinu.getByRole('region', { name: Q.baseline });
    await expect.poll(() => baseline.innerText(), { timeout: 10_000 }).toContain('国 CN からの大規模な活動を観測：通常の10倍');
    expect(await baseline.innerText()).toContain('国 CN · ');
    expect(await baseline.innerText()).toContain('センサー3台');
    const answers = kinu.getByRole('region', { name: Q.answer });
    expect(await answers.innerText()).toContain('3社が回答すると結果が公開されます。');
    await kinu.getByLabel('なし').check();
    await kinu.getByRole('button', { name: Q.sendAnswer }).click();
    await kinu.getByRole('status').filter({ hasText: Q.answered }).waitFor();
    await expect.poll(() => kinu.getByText('当組織の回答：なし').count(), { timeout: 10_000 }).toBe(1);
    expect(await answers.innerText()).toContain('3社が回答すると結果が公開されます。');

    for (const [member, option] of [['Sakura ISAC', 0], ['Tsubaki Telecom', 2]] as const) {
      const r = await fetch(`${net.hub.url}/api/v1/questions/${id}/answers`, { method: 'POST', headers: { authorization: `Bearer ${net.users[member]!.analyst.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ option }) });
      expect(r.status).toBe(200);
    }
    await kinu.reload();
    await kinu.getByRole('heading', { name: text }).waitFor();
    await expect.poll(() => kinu.getByRole('region', { name: Q.answer }).innerText(), { timeout: 10_000 }).toContain('3社が回答しました。');
    const shown = await kinu.getByRole('region', { name: Q.answer }).innerText();
    expect(shown).toContain('なし：2社');
    expect(shown).toContain('少し：0社');
    expect(shown).toContain('大規模：1社');
    expect(shown).toMatch(/時点で、回答した会員3社のうち2社が「CN からの大規模な攻撃を確認していますか？」に「なし」と回答しました。/);
    expect(shown).toMatch(/時点で、回答した会員3社のいずれも「CN からの大規模な攻撃を確認していますか？」に「少し」と回答していません。/);
    expect(await kinu.getByRole('region', { name: Q.baseline }).innerText()).toContain('通常の10倍');
    // Asked as "a member": the asking organisation is nowhere in the other member's page.
    expect(await kinu.content()).not.toContain('Aoba');
    expect(await kinu.getByText('ある会員').count()).toBeGreaterThan(0);
    await shot(kinu, 'web-question-baseline-ja');
  }, 120_000);
});
