/** Real-Chromium helpers for the portal's end-to-end tests and benchmark: launch, build check, axe, screenshots. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ja } from '../i18n/ja.ts';

export const CHROMIUM = process.env.RENKEI_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOT_DIR = path.resolve(process.cwd(), 'test-results');

/** Builds the UI when `dist/web/index.html` is missing (the test script normally builds it first). */
export function ensureWebBuild(): void {
  if (existsSync(path.resolve(process.cwd(), 'dist/web/index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts'], { stdio: 'inherit', cwd: process.cwd() });
  if (r.status !== 0) throw new Error('building the web UI failed');
}

/** Launches Debian's Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2 A/AA rules) in the page and returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const src = readFileSync(path.resolve(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(src);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
}

/** Saves a full-page screenshot as `test-results/<name>.png`. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Puts `text` into the search box as a paste would, through the native value setter and an input event.
 * Chromium's `insertText` (what `locator.fill` uses) grows superlinearly with line count: ~5 s for
 * 1,000 lines, ~100 s for 3,000, so large inputs go this way.
 */
export async function pasteValues(page: Page, selector: string, text: string): Promise<void> {
  // Passed as source text: tsx's name helpers (`__name`) do not exist inside the page.
  await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
    setter.call(el, ${JSON.stringify(text)});
    el.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
}

/**
 * Saves a screenshot of one part of a page for the docs as `docs/screenshots/<name>.png`, only when
 * RENKEI_DOC_SCREENSHOTS=1 (so an ordinary test run leaves the tracked files alone); always under `test-results/`.
 */
export async function docShot(target: Locator | Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // A page gives what the window shows (small files); a locator the whole element.
  const take = (file: string) => ('goto' in target ? target.screenshot({ path: file }) : target.screenshot({ path: file }));
  await take(path.join(SCREENSHOT_DIR, `${name}.png`));
  if (process.env.RENKEI_DOC_SCREENSHOTS !== '1') return;
  const dir = path.resolve(process.cwd(), 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await take(path.join(dir, `${name}.png`));
}

/**
 * Signs `user` in on the Japanese sign-in page of `hubUrl` (any earlier session dropped first) and waits
 * for the main menu.
 */
export async function signInJa(page: Page, hubUrl: string, user: { login: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  await page.goto(hubUrl);
  await page.reload();
  await page.getByLabel(ja['signIn.login']).fill(user.login);
  await page.getByLabel(ja['signIn.password']).fill(user.password);
  await page.getByRole('button', { name: ja['signIn.submit'] }).click();
  await page.getByRole('navigation', { name: ja['nav.main'] }).waitFor();
}
