/**
 * End-to-end (issue 13 §2), in Japanese: from a hit of its own search an analyst marks a false positive
 * without naming its organisation, sees the aggregate on the hit, and marks every hit as seen in one
 * action; the owner's node holds both as MISP sightings by "a member". Real hub serving the built UI, real
 * nodes, Debian's Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_MEMBER } from '../../core/feedback/feedback-author.ts';
import { attr, call, event } from '../../node/test-support.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { feedbackMessages } from '../components/feedback-messages.ts';
import { feedbackPageMessages } from '../pages/feedback/messages.ts';
import { ja } from '../i18n/ja.ts';
import { axe, docShot, ensureWebBuild, launchChromium, pasteValues } from './browser.ts';

const fb = feedbackMessages.ja;
const fp = feedbackPageMessages.ja;
const OWNER = 'Owner CERT';
const SEARCHER = 'Searcher SOC';
let tn: TestNetwork;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureWebBuild();
  tn = await startNetwork({
    members: [
      { name: OWNER, seed: [event('c2 servers', [attr('ip-dst', '45.2.0.1'), attr('domain', 'c2.example.com')], { tlp: 'green' })] },
      { name: SEARCHER, seed: [] },
    ],
    hubConfig: { webDir: 'dist/web' },
    hubOverrides: { ipInfo: null },
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })).newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await tn?.close();
});

describe('hit feedback (Chromium, Japanese)', () => {
  it('sends a false positive from a hit, shows the aggregate, and marks all hits as seen', async () => {
    const user = tn.users[SEARCHER]!.analyst;
    await page.goto(tn.hub.url);
    await page.getByLabel(ja['signIn.login']).fill(user.login);
    await page.getByLabel(ja['signIn.password']).fill(user.password);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
    await pasteValues(page, 'textarea', '45.2.0.1\nc2.example.com\n8.8.4.4');
    await page.getByRole('button', { name: ja['search.submit'].replace('{n}', '3') }).click();
    const bulk = page.getByRole('button', { name: fb.bulk });
    await bulk.waitFor({ timeout: 60_000 });

    await page.getByTestId('results-body').getByRole('button', { name: '45.2.0.1', exact: true }).click();
    const panel = page.locator('.feedback-panel');
    await panel.getByRole('heading', { name: fb.title }).waitFor();
    const hit = panel.getByTestId('feedback-hit');
    expect(await hit.getByText(fb.none).count()).toBe(1);
    await panel.getByLabel(fb.comment).fill('シンクホール');
    await hit.getByRole('button', { name: fb.false_positive, exact: true }).click();
    await hit.getByText('0 組織が観測 · 誤検知 1 · 期限切れ 0').waitFor({ timeout: 30_000 });
    expect(await hit.getByRole('button', { name: `${fb.false_positive} · ${fb['relay.relayed']}` }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('body').innerText()).not.toMatch(/False positive|Seen in our|delivered to/);
    expect((await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await docShot(panel, 'hit-feedback-ja');

    await bulk.click();
    const status = page.locator('.feedback-bulk [role="status"]');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toBe('2 件を観測済みにしました（送信済み 0 件）: 提供者に届けた 2 件・ハブで保管 0 件・未送達 0 件');

    const owner = tn.nodes[OWNER]!;
    const s = await call(`${owner.url}/sightings/restSearch`, await owner.createKey(OWNER, 'reader'), 'POST', {});
    const got = (s.json.response as { Sighting: { value: string; type: string; source: string; Organisation: { name: string } } }[]).map((x) => [x.Sighting.value, x.Sighting.type, x.Sighting.Organisation.name, x.Sighting.source]).sort();
    expect(got).toEqual([
      ['45.2.0.1', '0', ANONYMOUS_MEMBER, 'renkei'],
      ['45.2.0.1', '1', ANONYMOUS_MEMBER, 'renkei: シンクホール'],
      ['c2.example.com', '0', ANONYMOUS_MEMBER, 'renkei'],
    ]);
  }, 180_000);

  it('shows the owner the feedback on its data per value, per event and one by one, anonymous as ある会員', async () => {
    await page.getByRole('button', { name: ja['nav.signOut'] }).click();
    const owner = tn.users[OWNER]!.admin;
    await page.getByLabel(ja['signIn.login']).fill(owner.login);
    await page.getByLabel(ja['signIn.password']).fill(owner.password);
    await page.getByRole('button', { name: ja['signIn.submit'] }).click();
    await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name: fp.nav }).click();
    const byValue = page.getByTestId('feedback-by-value');
    await byValue.waitFor({ timeout: 30_000 });
    const rows = async (id: string) => page.getByTestId(id).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect((await rows('feedback-by-value')).sort()).toEqual([
      ['45.2.0.1', 'ip-dst', '1', '1', '0'],
      ['c2.example.com', 'domain', '1', '0', '0'],
    ]);
    expect(await rows('feedback-by-event')).toEqual([['c2 servers', '1', '1', '0']]);
    const items = (await rows('feedback-items')).map((r) => r.slice(1)).sort();
    expect(items).toEqual([
      ['45.2.0.1', 'c2 servers', fp['kind.seen'], fp.anonymous, ''],
      ['45.2.0.1', 'c2 servers', fp['kind.false_positive'], fp.anonymous, 'シンクホール'],
      ['c2.example.com', 'c2 servers', fp['kind.seen'], fp.anonymous, ''],
    ]);
    expect(await page.locator('main').innerText()).not.toContain(SEARCHER);
    expect((await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await docShot(page.locator('main'), 'feedback-on-my-data-ja');
  }, 120_000);
});
