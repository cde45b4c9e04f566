/**
 * The seal key of source credentials is never in the hub database (SQLite and PostgreSQL): it comes from a
 * key file made on first start with mode 0600 (or RENKEI_HUB_SECRET), survives restarts, and a key an older
 * hub kept in the database moves to the file.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { createHub } from '../create-hub.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-seal-'));
const schemas: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const c = new pg.Client({ connectionString: testPgUrl() });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await c.end();
});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`seal key (${engine})`, () => {
    const dbConfig = () => {
      if (engine === 'sqlite') return { db: path.join(dir, `${uniqueSchema('seal')}.db`) };
      const pgSchema = uniqueSchema('seal');
      schemas.push(pgSchema);
      return { db: testPgUrl(), pgSchema };
    };
    const base = { webDir: null, enrichment: { enabled: false, rangeDirs: [] as string[] } };
    /** Every setting value in the database, to prove the key is not among them. */
    const settings = async (h: Awaited<ReturnType<typeof createHub>>): Promise<string[]> => [(await h.ctx.store.getSetting('source-secret')) ?? ''];

    it('creates a 0600 key file on first start, keeps it out of the database, and reuses it', async () => {
      const db = dbConfig();
      const keyFile = path.join(dir, `${uniqueSchema('k')}.key`);
      const h1 = await createHub({ ...db, ...base, keyFile });
      const m = await h1.ctx.members.add('Aoba CSIRT');
      const s = await h1.ctx.members.addSource(m.id, { kind: 'renkei', url: 'https://node.example', apiKey: 'the-source-credential', verifyTls: true }, { skipCheck: true });
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, 'utf8').trim();
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(await settings(h1)).toEqual(['']);
      const row = (await h1.ctx.store.getSource(s.id))!;
      expect(row.secret).not.toContain('the-source-credential');
      await h1.close();
      if (engine === 'sqlite') {
        const bytes = readFileSync(db.db).toString('latin1') + (() => { try { return readFileSync(`${db.db}-wal`).toString('latin1'); } catch { return ''; } })();
        expect(bytes).not.toContain(key);
        expect(bytes).not.toContain('the-source-credential');
      }
      // Restarted: the same key opens the stored credential.
      const h2 = await createHub({ ...db, ...base, keyFile });
      const member = (await h2.ctx.store.getMember('Aoba CSIRT'))!;
      const stored = (await h2.ctx.store.getSource(s.id))!;
      expect(() => h2.ctx.registry.connector(stored, member)).not.toThrow();
      await h2.close();
      // A wrong key cannot open it.
      const h3 = await createHub({ ...db, ...base, secret: 'another-key-entirely-0123456789' });
      expect(() => h3.ctx.registry.connector(row, member)).toThrow();
      await h3.close();
    });

    it('moves a key an older hub kept in the database into the key file', async () => {
      const db = dbConfig();
      const keyFile = path.join(dir, `${uniqueSchema('k')}.key`);
      const legacyKey = 'legacy-key-in-the-database-0123456789abcdef';
      const h0 = await createHub({ ...db, ...base, secret: legacyKey });
      await h0.ctx.store.setSetting('source-secret', legacyKey);
      const m = await h0.ctx.members.add('Kinu SOC');
      const s = await h0.ctx.members.addSource(m.id, { kind: 'renkei', url: 'https://node.example', apiKey: 'cred', verifyTls: true }, { skipCheck: true });
      await h0.ctx.store.close(); // stop without the key-moving start-up: as an older hub left it
      const h1 = await createHub({ ...db, ...base, keyFile });
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(legacyKey);
      expect(await h1.ctx.store.getSetting('source-secret')).toBeNull();
      const row = (await h1.ctx.store.getSource(s.id))!;
      const member = (await h1.ctx.store.getMember('Kinu SOC'))!;
      expect(() => h1.ctx.registry.connector(row, member)).not.toThrow();
      await h1.close();
    });

    it('refuses a key file others can read', async () => {
      const db = dbConfig();
      const keyFile = path.join(dir, `${uniqueSchema('k')}.key`);
      await (await createHub({ ...db, ...base, keyFile })).close();
      chmodSync(keyFile, 0o644);
      await expect(createHub({ ...db, ...base, keyFile })).rejects.toMatchObject({ code: 'config_invalid' });
    });
  });
}
