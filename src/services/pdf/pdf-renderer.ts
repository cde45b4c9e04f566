/**
 * HTML → PDF through the project's Chromium (playwright-core, print to PDF, A4, backgrounds on). One
 * browser is launched on the first PDF and kept for the next ones; `close()` ends it. Chromium embeds the
 * fonts it used (Noto CJK from fonts-noto-cjk), so Japanese text survives in the file. The hub builds one
 * (in the reports slice's context entry) and every PDF route shares it: one browser per hub.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { RenkeiError } from '../../core/errors.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface PdfRenderer {
  /** A4 PDF of a self-contained HTML page; `renderer_unavailable` when Chromium is missing or fails to start. */
  pdf(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** A renderer using the Chromium at `executablePath` (config `reports.chromium`, `RENKEI_CHROMIUM`). */
export function createPdfRenderer(executablePath: string): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  const open = (): Promise<Browser> => {
    if (!existsSync(executablePath)) {
      throw new RenkeiError('renderer_unavailable', `Chromium not found at ${executablePath}; install it or set RENKEI_CHROMIUM`, { chromium: executablePath });
    }
    browser ??= chromium.launch({ executablePath, args: ARGS }).catch((e: unknown) => {
      browser = null;
      throw new RenkeiError('renderer_unavailable', `Chromium at ${executablePath} did not start: ${(e as Error).message.split('\n')[0]}`, { chromium: executablePath }, { cause: e });
    });
    return browser;
  };
  return {
    async pdf(html) {
      const b = await open();
      const page = await b.newPage();
      try {
        // The page is self-contained: nothing may be fetched while printing.
        await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await page.close();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}
