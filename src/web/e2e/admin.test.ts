/**
 * End-to-end (issue 13 §6 and §9), in Japanese: a hub admin changes a role, disables and re-enables a
 * user, resets a password, creates, rotates and expires an API key (last use shown), reads the audit log
 * with filters, renames a member, edits a source and removes a member; a member admin is offered no
 * hub-admin role and nothing on the hub admin; an analyst gets no admin forms; every admin table fits a
 * 390 px phone as labelled cards; axe reports no serious violation on the admin pages.
 * Real hub serving the built UI, real nodes, Debian's Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, TEST_PASSWORD, type TestNetwork } from '../../testkit/network.ts';
import { ja } from '../i18n/ja.ts';
import { adminMessages } from '../pages/admin/messages.ts';
import { axe, docShot, ensureWebBuild, launchChromium, signInJa } from './browser.ts';

const A = adminMessages.ja;
const fill = (s: string, vars: Record<string, string>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
const world = generateWorld({ fillerPerMember: 20 });
const [aoba, kinu] = [world.members[0]!, world.members[1]!];
let tn: TestNetwork;
let browser: Browser;
let page: Page;

const meWith = async (key: string): Promise<number> => (await fetch(`${tn.hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status;
const signInStatus = async (login: string, password: string): Promise<number> =>
  (await fetch(`${tn.hub.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) })).status;

/** Opens a menu page by its link and waits for it to load. */
async function open(name: string): Promise<void> {
  await page.getByRole('navigation', { name: ja['nav.main'] }).getByRole('link', { name, exact: true }).click();
  await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
}
const row = (login: string) => page.locator(`table.users tr[data-login="${login}"]`);
const seriousAxe = async (where: string): Promise<string[]> => (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.id} ${JSON.stringify(v.nodes)}`);

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

describe('administration pages (Chromium, Japanese)', () => {
  it('hub admin: changes a role, disables and re-enables a user, resets a password', async () => {
    await signInJa(page, tn.hub.url, tn.hub.admin);
    await open(ja['nav.org']);
    const analyst = tn.users[kinu.name]!.analyst;
    await row(analyst.login).waitFor();
    // Role: analyst → member admin.
    await row(analyst.login).getByLabel(fill(A['users.roleFor'], { login: analyst.login })).selectOption('member-admin');
    await row(analyst.login).getByRole('button', { name: A['users.saveRole'] }).click();
    await page.getByRole('status').filter({ hasText: fill(A['users.roleSaved'], { login: analyst.login, role: ja['role.memberAdmin'] }) }).waitFor();
    expect((await tn.hub.hub.ctx.store.getUser(analyst.login))!.role).toBe('member-admin');
    await row(analyst.login).getByLabel(fill(A['users.roleFor'], { login: analyst.login })).selectOption('analyst');
    await row(analyst.login).getByRole('button', { name: A['users.saveRole'] }).click();
    await page.getByRole('status').filter({ hasText: fill(A['users.roleSaved'], { login: analyst.login, role: ja['role.analyst'] }) }).waitFor();

    // Disable: the state says since when, the user's key stops working; enable restores it.
    await row(analyst.login).getByRole('button', { name: A['users.disable'] }).click();
    await page.getByRole('status').filter({ hasText: fill(A['users.disabledDone'], { login: analyst.login }) }).waitFor();
    await expect.poll(() => row(analyst.login).locator('td').nth(3).textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^${fill(A['users.disabled'], { at: '\\d{4}/\\d{1,2}/\\d{1,2} .+' })}$`));
    expect(await meWith(analyst.key)).toBe(401);
    await docShot(page.locator('main'), 'admin-users-ja');
    await row(analyst.login).getByRole('button', { name: A['users.enable'] }).click();
    await page.getByRole('status').filter({ hasText: fill(A['users.enabledDone'], { login: analyst.login }) }).waitFor();
    await expect.poll(() => row(analyst.login).locator('td').nth(3).textContent(), { timeout: 15_000 }).toBe(A['users.active']);
    expect(await meWith(analyst.key)).toBe(200);

    // Password reset.
    await row(analyst.login).getByText(A['users.resetPassword']).click();
    await row(analyst.login).getByLabel(fill(A['users.newPasswordFor'], { login: analyst.login })).fill('a-brand-new-pass');
    await row(analyst.login).getByRole('button', { name: A['users.setPassword'] }).click();
    await page.getByRole('status').filter({ hasText: fill(A['users.passwordSet'], { login: analyst.login }) }).waitFor();
    expect(await signInStatus(analyst.login, 'a-brand-new-pass')).toBe(200);
    expect(await signInStatus(analyst.login, TEST_PASSWORD)).toBe(401);
    // Its own row offers no role change or disabling.
    const self = row(tn.hub.admin.login);
    expect(await self.getByRole('button', { name: A['users.disable'] }).count()).toBe(0);
    expect(await self.locator('select').count()).toBe(0);
  }, 120_000);

  it('own API keys: create, last used, rotate (the old secret stops), expire now', async () => {
    const keys = page.getByRole('region', { name: A['keys.mine'] });
    const form = keys.getByRole('form', { name: ja['org.addKey'] });
    await form.getByLabel(ja['org.keyLabel']).fill('misp-sync');
    await form.getByRole('button', { name: ja['org.addKey'] }).click();
    const secret = (await keys.getByTestId('new-key').locator('code').textContent())!;
    expect(secret).toMatch(/^rk_/);
    const keyRow = keys.locator('tr', { hasText: 'misp-sync' });
    expect(await keyRow.locator('td').nth(3).textContent()).toBe(A['keys.neverUsed']);
    expect(await meWith(secret)).toBe(200);
    await page.reload();
    await keyRow.waitFor();
    expect(await keyRow.locator('td').nth(3).textContent()).toMatch(/^\d{4}\/\d{1,2}\/\d{1,2} /);
    expect(await keyRow.locator('td').nth(4).textContent()).toBe(A['keys.never']);

    await keyRow.getByRole('button', { name: A['keys.rotate'] }).click();
    // "… the old one works until <when>": grace 0 means until now.
    await keys.getByRole('status').filter({ hasText: fill(A['keys.rotated'], { label: 'misp-sync', until: '\u0000' }).split('\u0000')[0]! }).waitFor();
    const rotated = (await keys.getByTestId('new-key').locator('code').textContent())!;
    expect(rotated).not.toBe(secret);
    expect(await meWith(secret)).toBe(401);
    expect(await meWith(rotated)).toBe(200);
    await docShot(keys, 'admin-keys-ja');

    const live = keys.locator('tr', { hasText: 'misp-sync' }).filter({ has: page.getByRole('button', { name: A['keys.rotate'] }) });
    expect(await live.count()).toBe(1);
    await live.getByRole('button', { name: A['keys.expireNow'] }).click();
    await keys.getByRole('status').filter({ hasText: fill(A['keys.expiredDone'], { prefix: rotated.slice(0, 7) }) }).waitFor();
    expect(await meWith(rotated)).toBe(401);
    const expired = await keys.locator('tr', { hasText: 'misp-sync' }).locator('td:nth-child(5)').allTextContents();
    // Both the rotated-away key and the expired one say when they stopped.
    expect(expired.length).toBe(2);
    for (const t of expired) expect(t).toMatch(new RegExp(`^${fill(A['keys.expired'], { at: '\\d{4}/\\d{1,2}/\\d{1,2} .+' })}$`));
  }, 120_000);

  it('audit log: filters by action and by user', async () => {
    await open(A['nav.audit']);
    const filters = page.getByRole('form', { name: A['audit.filters'] });
    await filters.getByLabel(A['audit.action']).selectOption('user-role');
    await filters.getByRole('button', { name: A['audit.apply'] }).click();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table.audit tbody tr')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-action') === 'user-role');
    });
    const actions = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(actions)).toEqual(new Set([A['action.user-role']]));
    expect(actions.length).toBe(2);
    await filters.getByLabel(A['audit.action']).selectOption('');
    await filters.getByLabel(A['audit.actor']).fill(tn.users[kinu.name]!.analyst.login);
    await filters.getByRole('button', { name: A['audit.apply'] }).click();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table.audit tbody tr')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-action') !== 'user-role');
    });
    const whos = await page.locator('table.audit tbody tr td:nth-child(2)').allTextContents();
    expect(whos.length).toBeGreaterThan(0);
    expect(new Set(whos)).toEqual(new Set([`${tn.users[kinu.name]!.analyst.login} (${kinu.name})`]));
    await docShot(page.locator('main'), 'audit-log-ja');
  }, 60_000);

  it('members: rename a member, edit its source (checked), add and remove a member', async () => {
    await open(ja['nav.members']);
    const card = page.locator(`li[data-member="${kinu.name}"]`);
    await card.getByText(A['members.rename']).click();
    await card.getByLabel(fill(A['members.renameTo'], { name: kinu.name })).fill(`${kinu.name} 改`);
    await card.getByRole('button', { name: A['members.save'], exact: true }).click();
    const renamed = page.locator(`li[data-member="${kinu.name} 改"]`);
    await renamed.waitFor();
    expect(await renamed.locator('h3').textContent()).toBe(`${kinu.name} 改`);
    expect((await tn.hub.hub.ctx.store.getUser(tn.users[kinu.name]!.analyst.login))!.orgName).toBe(`${kinu.name} 改`);

    const source = renamed.locator('li.source').first();
    await source.getByText(A['sources.edit']).click();
    const edit = source.getByRole('form');
    await edit.getByRole('button', { name: A['sources.saveEdit'] }).click();
    await source.getByRole('status').filter({ hasText: A['sources.saved'] }).waitFor({ timeout: 30_000 });
    // A wrong key is refused, translated, and the stored key stays.
    await edit.getByLabel(A['sources.newKey']).fill('rk_not-the-right-key-000');
    await edit.getByRole('button', { name: A['sources.saveEdit'] }).click();
    await source.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await source.getByRole('alert').locator('strong').textContent()).toBe(ja['error.sourceBadKey']);
    await docShot(renamed, 'members-edit-ja');

    await renamed.getByText(A['members.rename']).click();
    await renamed.getByLabel(fill(A['members.renameTo'], { name: `${kinu.name} 改` })).fill(kinu.name);
    await renamed.getByRole('button', { name: A['members.save'], exact: true }).click();
    await page.locator(`li[data-member="${kinu.name}"]`).waitFor();

    const add = page.getByRole('form', { name: ja['members.add'] });
    await add.getByLabel(ja['members.name']).fill('紅葉 CERT');
    await add.getByRole('button', { name: ja['members.addButton'] }).click();
    const added = page.locator('li[data-member="紅葉 CERT"]');
    await added.waitFor();
    await added.getByRole('button', { name: A['members.remove'] }).click();
    await added.getByRole('status').filter({ hasText: fill(A['members.confirmRemove'], { name: '紅葉 CERT' }) }).waitFor();
    await added.getByRole('button', { name: A['members.remove'] }).click();
    await added.waitFor({ state: 'detached' });
    expect(await tn.hub.hub.ctx.store.getMember('紅葉 CERT')).toBeNull();
  }, 120_000);

  it('member admin: no hub-admin role offered, nothing on the hub admin; analyst: no admin forms at all', async () => {
    await signInJa(page, tn.hub.url, tn.users[aoba.name]!.admin);
    await open(ja['nav.org']);
    const colleague = row(tn.users[aoba.name]!.analyst.login);
    await colleague.waitFor();
    const options = await colleague.locator('select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['analyst', 'member-admin']);
    expect(await page.locator('table.users tr[data-login]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-login')))).toEqual([tn.users[aoba.name]!.admin.login, tn.users[aoba.name]!.analyst.login]);
    expect(await page.getByRole('form', { name: ja['org.addUser'] }).locator('option[value="hub-admin"]').count()).toBe(0);

    await signInJa(page, tn.hub.url, tn.users[aoba.name]!.analyst);
    const nav = page.getByRole('navigation', { name: ja['nav.main'] });
    const labels = await nav.getByRole('link').allTextContents();
    expect(labels).not.toContain(ja['nav.members']);
    expect(labels).not.toContain(A['nav.audit']);
    await open(ja['nav.org']);
    await page.getByRole('region', { name: ja['org.keys'] }).waitFor();
    expect(await page.locator('table.users').count()).toBe(0);
    expect(await page.getByRole('form', { name: ja['org.addUser'] }).count()).toBe(0);
    // The members page opened by hand: names only, no forms, no buttons that the hub would refuse.
    await page.goto(`${tn.hub.url}/#/members`);
    await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
    await page.locator(`li[data-member="${kinu.name}"]`).waitFor();
    expect(await page.locator('main form').count()).toBe(0);
    expect(await page.locator('main button').count()).toBe(0);
    expect(await page.locator(`li[data-member="${kinu.name}"] li.source`).count()).toBe(0);
  }, 120_000);

  it('390 px phone: admin tables are labelled cards inside the screen; axe finds no serious violation', async () => {
    const found: string[] = [];
    for (const [who, user] of [['hub admin', tn.hub.admin], ['member admin', tn.users[aoba.name]!.admin]] as const) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await signInJa(page, tn.hub.url, user);
      for (const width of [1366, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
        for (const href of ['#/org', '#/audit', '#/members']) {
          await page.goto(`${tn.hub.url}/${href}`);
          await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
          await page.waitForLoadState('networkidle');
          // Open every folded form so axe sees them too.
          await page.locator('main details:not([open]) > summary').evaluateAll((ss) => ss.forEach((s) => (s as HTMLElement).click()));
          await page.waitForSelector('.loading', { state: 'detached', timeout: 30_000 });
          found.push(...(await seriousAxe(`${who} ${href} @${width}`)));
          if (width === 390) {
            const fit = await page.evaluate(() => ({
              page: document.documentElement.scrollWidth,
              wide: [...document.querySelectorAll('main table')].filter((t) => t.getBoundingClientRect().width > 390).length,
              unlabelled: [...document.querySelectorAll('main table.list.cards tbody td')].filter((td) => !td.getAttribute('data-label')).length,
            }));
            expect(fit, `${who} ${href}`).toEqual({ page: 390, wide: 0, unlabelled: 0 });
          }
        }
        if (width === 390 && who === 'hub admin') {
          await page.goto(`${tn.hub.url}/#/org`);
          await page.locator('table.users').waitFor();
          await docShot(page, 'admin-users-phone-ja');
        }
      }
    }
    expect(found).toEqual([]);
  }, 240_000);
});
