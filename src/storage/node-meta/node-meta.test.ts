import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeMetaStore } from './port.ts';
import { createSqliteNodeMeta } from './sqlite.ts';
import { createPostgresNodeMeta } from './postgres.ts';

/** One contract suite, run against both adapters. */
function contract(name: string, open: () => Promise<{ meta: NodeMetaStore; close: () => Promise<void> }>) {
  describe(`node meta store (${name})`, () => {
    let meta: NodeMetaStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ meta, close } = await open());
      await meta.migrate();
      await meta.migrate(); // idempotent
    });
    afterAll(async () => close());

    it('creates, finds, lists and revokes keys by hash', async () => {
      const k = await meta.createKey({ orgId: 3, orgName: 'OrgA', role: 'reader', keyHash: 'a'.repeat(64), last4: 'wxyz' });
      expect(k).toMatchObject({ orgId: 3, orgName: 'OrgA', role: 'reader', last4: 'wxyz', revokedAt: null });
      expect((await meta.findActiveKey('a'.repeat(64)))?.id).toBe(k.id);
      expect(await meta.findActiveKey('b'.repeat(64))).toBeNull();
      expect((await meta.listKeys()).map((x) => x.id)).toContain(k.id);
      expect(await meta.revokeKey(k.id, 100)).toBe(true);
      expect(await meta.revokeKey(k.id, 101)).toBe(false);
      expect(await meta.findActiveKey('a'.repeat(64))).toBeNull();
      expect((await meta.listKeys()).find((x) => x.id === k.id)?.revokedAt).toBe(100);
    });

    it('rejects a duplicate key hash', async () => {
      await meta.createKey({ orgId: 1, orgName: 'X', role: 'admin', keyHash: 'c'.repeat(64), last4: 'cccc' });
      await expect(meta.createKey({ orgId: 1, orgName: 'X', role: 'admin', keyHash: 'c'.repeat(64), last4: 'cccc' })).rejects.toThrow();
    });

    it('appends and lists audit entries', async () => {
      await meta.appendAudit({ at: 50, keyId: 1, orgName: 'OrgA', action: 'events.add', detail: { events: 1 } });
      await meta.appendAuditBatch([{ at: 60, keyId: null, orgName: 'OrgB', action: 'attributes.restSearch', detail: { values: 3 } }]);
      await meta.appendAuditBatch([]);
      const all = await meta.listAudit();
      expect(all.map((a) => a.action)).toEqual(['events.add', 'attributes.restSearch']);
      expect(all[0]!.detail).toEqual({ events: 1 });
      expect((await meta.listAudit({ since: 55 })).map((a) => a.orgName)).toEqual(['OrgB']);
    });

    it('records hits and lists them since a time with a limit', async () => {
      const base = { searchId: 's1', searcherOrg: 'OrgB', type: 'ip-dst', attributeUuid: 'a-1', eventUuid: 'e-1', match: 'exact' };
      await meta.recordHits([]);
      await meta.recordHits(Array.from({ length: 1205 }, (_, i) => ({ ...base, value: `10.0.${i >> 8}.${i & 255}`, at: 1000 + i, ownerOrgId: 1 + (i % 2) })));
      expect((await meta.listHits({ limit: 5000 })).length).toBe(1205);
      const recent = await meta.listHits({ since: 2200, limit: 2 });
      expect(recent).toEqual([
        { ...base, value: '10.0.4.176', at: 2200 },
        { ...base, value: '10.0.4.177', at: 2201 },
      ]);
    });

    it('lists only the hits on one owner organisation’s data when asked for an owner', async () => {
      const base = { searchId: 's2', searcherOrg: 'OrgC', type: 'domain', attributeUuid: 'a-2', eventUuid: 'e-2', match: 'exact', at: 10 };
      await meta.recordHits([{ ...base, value: 'one.example', ownerOrgId: 11 }, { ...base, value: 'two.example', ownerOrgId: 12 }, { ...base, value: 'one-b.example', ownerOrgId: 11 }]);
      expect((await meta.listHits({ ownerOrgId: 11 })).map((h) => h.value)).toEqual(['one.example', 'one-b.example']);
      expect((await meta.listHits({ ownerOrgId: 12 })).map((h) => h.value)).toEqual(['two.example']);
      expect(await meta.listHits({ ownerOrgId: 13 })).toEqual([]);
      expect((await meta.listHits({ limit: 10_000 })).filter((h) => h.searchId === 's2').map((h) => h.value)).toEqual(['one.example', 'two.example', 'one-b.example']);
    });

    it('lists newest first, and leaves one searcher out before the limit', async () => {
      const base = { searchId: 's9', type: 'domain', attributeUuid: 'a-9', eventUuid: 'e-9', match: 'exact', ownerOrgId: 21 };
      await meta.recordHits([
        { ...base, searcherOrg: 'Other', value: 'old.example', at: 30 },
        { ...base, searcherOrg: 'Self', value: 'mine-1.example', at: 31 },
        { ...base, searcherOrg: 'Self', value: 'mine-2.example', at: 32 },
        { ...base, searcherOrg: 'Other', value: 'new.example', at: 33 },
      ]);
      const values = async (q: Parameters<typeof meta.listHits>[0]) => (await meta.listHits({ ownerOrgId: 21, ...q })).map((h) => h.value);
      expect(await values({ newestFirst: true, limit: 2 })).toEqual(['new.example', 'mine-2.example']);
      expect(await values({ newestFirst: true, limit: 2, excludeSearcher: 'Self' })).toEqual(['new.example', 'old.example']);
      expect(await values({ limit: 2, excludeSearcher: 'Self' })).toEqual(['old.example', 'new.example']);
      expect(await values({ excludeSearcher: 'Other' })).toEqual(['mine-1.example', 'mine-2.example']);
    });

    it('finds the hits of one search on one attribute, and nothing for another search or attribute', async () => {
      const base = { searcherOrg: 'OrgD', type: 'domain', eventUuid: 'e-3', match: 'exact', at: 20, ownerOrgId: 11 };
      await meta.recordHits([{ ...base, searchId: 's3', attributeUuid: 'a-3', value: 'three.example' }, { ...base, searchId: 's4', attributeUuid: 'a-4', value: 'four.example' }]);
      expect(await meta.hitsOf('s3', 'a-3')).toEqual([{ searchId: 's3', searcherOrg: 'OrgD', type: 'domain', attributeUuid: 'a-3', eventUuid: 'e-3', match: 'exact', at: 20, value: 'three.example' }]);
      expect(await meta.hitsOf('s3', 'a-4')).toEqual([]);
      expect(await meta.hitsOf('s4', 'a-3')).toEqual([]);
    });
  });
}

contract('sqlite', async () => {
  const db = new Database(':memory:');
  return { meta: createSqliteNodeMeta(db), close: async () => void db.close() };
});

contract('postgres', async () => {
  const url = process.env.RENKEI_TEST_PG;
  if (!url) throw new Error('RENKEI_TEST_PG is not set: PostgreSQL suites need it (npm test sets it)');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = `nodemeta_${process.pid}_${Date.now()}`;
  return {
    meta: createPostgresNodeMeta(pool, schema),
    close: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
});

// A node database from before versioned migrations kept its hit log in epoch seconds and had no owner
// column: migrate() converts it to milliseconds once, and a second migrate() leaves it alone.
const LEGACY_HITS = (t: string) => `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, search_id TEXT NOT NULL, searcher_org TEXT NOT NULL,
  value TEXT NOT NULL, type TEXT NOT NULL, attribute_uuid TEXT NOT NULL, event_uuid TEXT NOT NULL, match TEXT NOT NULL, at BIGINT NOT NULL);
  INSERT INTO ${t} VALUES (1, 's0', 'OrgZ', '192.0.2.7', 'ip-dst', 'a-0', 'e-0', 'exact', 1764547200)`;

describe('node meta store: a hit log kept in seconds', () => {
  it('is moved to milliseconds once on SQLite', async () => {
    const db = new Database(':memory:');
    db.exec(LEGACY_HITS('node_hit_log'));
    const meta = createSqliteNodeMeta(db);
    await meta.migrate();
    await meta.migrate();
    expect((await meta.listHits()).map((h) => [h.value, h.at])).toEqual([['192.0.2.7', 1764547200000]]);
    db.close();
  });

  it('is moved to milliseconds once on PostgreSQL', async () => {
    const pool = new pg.Pool({ connectionString: process.env.RENKEI_TEST_PG, max: 2 });
    const schema = `nodemeta_legacy_${process.pid}_${Date.now()}`;
    try {
      await pool.query(`CREATE SCHEMA "${schema}"; ${LEGACY_HITS(`"${schema}".node_hit_log`)}`);
      const meta = createPostgresNodeMeta(pool, schema);
      await meta.migrate();
      await meta.migrate();
      expect((await meta.listHits()).map((h) => [h.value, h.at])).toEqual([['192.0.2.7', 1764547200000]]);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});
