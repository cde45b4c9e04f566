/** The built web UI is served at `/` with an SPA fallback; API paths keep JSON 404s. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../create-hub.ts';

let dir: string;
let hub: Hub;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-webui-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Renkei</title><div id="root"></div>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  hub = await createHub({ db: path.join(dir, 'hub.db'), port: 0, webDir: dir }, { enricher: null });
});
afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web UI serving', () => {
  it('serves files, falls back to index.html for app routes, and keeps API 404s as JSON', async () => {
    expect((await hub.app.inject({ url: '/' })).body).toContain('<title>Renkei</title>');
    expect((await hub.app.inject({ url: '/app.js' })).body).toBe('console.log(1)');
    const deep = await hub.app.inject({ url: '/searches/123?x=1' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="root"');
    const api = await hub.app.inject({ url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await hub.app.inject({ method: 'POST', url: '/whatever' })).statusCode).toBe(404);
  });
});
