/** SQLite stores value keys as hashes: a hash hit is only a hit when the attribute really has the key. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { keyHash } from '../../core/matching/key-hash.ts';
import { searchValues } from '../../services/search-values.ts';
import { attr, event } from '../contract/fixtures.ts';
import { openStore } from '../open-store.ts';
import { runMigrations } from './migrate.ts';
import { SQLITE_INTEL_STEPS } from './schema.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-value-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite hashed value index', () => {
  it('drops a hit whose hash matches but whose key does not (a collision), in lookups and attribute searches', async () => {
    const s = await openStore(path.join(dir, 'collide.sqlite'));
    if (s.kind !== 'sqlite') throw new Error('expected sqlite');
    const org = await s.store.ensureOrg({ name: 'Owner' });
    await s.store.saveEvents([event([attr('domain', 'benign.example'), attr('domain', 'evil.example')])], org.id);
    const benign = s.db.prepare("SELECT id FROM attributes WHERE value = 'benign.example'").get() as { id: number };
    // Forge a collision: the benign attribute also appears under the hash of a key it does not have.
    s.db.prepare('INSERT INTO value_keys (hash, attribute_id, via) VALUES (?, ?, 0)').run(keyHash('evil.example'), benign.id);
    const viewer = { orgId: org.id, sharingGroupIds: [] as number[] };
    const [r] = await searchValues(s.store, ['evil.example'], { viewer });
    expect(r!.hits.map((h) => h.attribute.value)).toEqual(['evil.example']);
    const page = await s.store.searchAttributes({ values: ['evil.example'] }, viewer);
    expect(page.items.map((i) => i.attribute.value)).toEqual(['evil.example']);
    await s.close();
  });

  it('migrates a text-keyed value index (schema step 1) to hashed keys without losing matches', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    runMigrations(old, 'intel', SQLITE_INTEL_STEPS.slice(0, 1));
    old.exec(`INSERT INTO orgs (id, uuid, name) VALUES (1, 'o-1', 'Owner');
      INSERT INTO events (id, uuid, info, date, threat_level, analysis, published, publish_timestamp, timestamp, distribution,
        sharing_group_id, org_id, orgc_id, tags, tlp) VALUES (1, 'e-1', 'old', '2026-01-01', 1, 0, 0, 0, 0, 0, NULL, 1, 1, '[]', 0);
      INSERT INTO attributes (id, uuid, event_id, object_id, object_relation, type, category, value, to_ids, comment, first_seen,
        last_seen, timestamp, distribution, sharing_group_id, deleted, disable_correlation, tags, tlp)
        VALUES (1, 'a-1', 1, NULL, NULL, 'ip-dst|port', 'Network activity', '203.0.113.9|443', 1, '', NULL, NULL, 0, 5, NULL, 0, 0, '[]', 0);
      INSERT INTO value_index (key, attribute_id, via) VALUES ('203.0.113.9|443', 1, 0), ('203.0.113.9', 1, 1), ('443', 1, 1);`);
    old.close();
    const s = await openStore(file);
    if (s.kind !== 'sqlite') throw new Error('expected sqlite');
    expect((s.db.prepare('SELECT count(*) AS n FROM value_keys').get() as { n: number }).n).toBe(3);
    expect(s.db.prepare("SELECT name FROM sqlite_master WHERE name = 'value_index'").get()).toBeUndefined();
    const viewer = { orgId: 1, sharingGroupIds: [] as number[] };
    const [full, half] = await searchValues(s.store, ['203.0.113.9|443', '203.0.113.9'], { viewer, kinds: ['exact', 'composite'] });
    expect(full!.hits.map((h) => h.match)).toEqual(['exact']);
    expect(half!.hits.map((h) => h.match)).toEqual(['composite']);
    await s.close();
  });
});
