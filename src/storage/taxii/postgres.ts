import type { Pool, PoolClient } from 'pg';
import { checkDeletable, checkVersionOwners } from './ownership.ts';
import { tlpRank } from '../common/visibility.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { StoredStatus, TaxiiStore, VersionMatch } from './port.ts';
import { taxiiSchema } from './schema.ts';
import { runMigrations } from '../postgres/migrate.ts';
import {
  buildVersionQuery, collectionParams, computeFlags, nowMicros, OBJECT_COLS, toApiRoot, toCollection, toVersion, versionParams,
  versionVisible, type Row,
} from './queries.ts';
import { freshVersions, versionRowKey } from './fresh-versions.ts';

const ALL_VERSIONS: VersionMatch = { all: true, first: false, last: false, exact: [] };
const INSERT_CHUNK = 1000;
const COL_TYPES = ['text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'int', 'bigint', 'int', 'int', 'int', 'int', 'text'];

/** The TAXII store on the intel store's PostgreSQL pool, in the store's schema. */
export function createPostgresTaxiiStore(pool: Pool, schema = 'public'): TaxiiStore {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const t = (name: string) => `"${schema}".${name}`;
  const OBJ = t('taxii_object');
  const COLL = t('taxii_collection');
  const all = async (c: Pool | PoolClient, text: string, params: unknown[] = []) => (await c.query(text, params)).rows as Row[];

  const tx = async <T>(fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };

  const refreshFlags = async (c: PoolClient, collectionId: string, ids: string[]) => {
    if (ids.length === 0) return;
    const rows = await all(c, `SELECT stix_id, date_added, spec_version, version_key, is_max_spec, is_first, is_last FROM ${OBJ} WHERE collection_id = $1 AND stix_id = ANY($2::text[])`, [collectionId, ids]);
    const byId = new Map<string, Row[]>();
    for (const r of rows) byId.set(String(r.stix_id), [...(byId.get(String(r.stix_id)) ?? []), r]);
    for (const group of byId.values()) {
      const flags = computeFlags(group);
      for (const r of group) {
        const f = flags.get(Number(r.date_added))!;
        if (f[0] !== Number(r.is_max_spec) || f[1] !== Number(r.is_first) || f[2] !== Number(r.is_last)) {
          await c.query(`UPDATE ${OBJ} SET is_max_spec = $1, is_first = $2, is_last = $3 WHERE collection_id = $4 AND date_added = $5`, [...f, collectionId, r.date_added]);
        }
      }
    }
  };

  const allSpecs = async (c: Pool | PoolClient, collectionId: string, stixId: string) =>
    (await all(c, `SELECT DISTINCT spec_version FROM ${OBJ} WHERE collection_id = $1 AND stix_id = $2`, [collectionId, stixId])).map((r) => String(r.spec_version));

  const selectMatching = async (c: Pool | PoolClient, q: { collectionId: string; stixId: string; viewer: Viewer; version: VersionMatch; specVersions?: string[] }) => {
    const { text, params } = buildVersionQuery('postgres', OBJ, {
      collectionId: q.collectionId, viewer: q.viewer, ids: [q.stixId], version: q.version, specVersions: q.specVersions, limit: null, withBody: false,
    });
    return (await all(c, text, params)).map(toVersion).filter((v) => versionVisible(q.viewer, v));
  };

  return {
    async migrate() {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await runMigrations(pool, 'taxii', [taxiiSchema('postgres', t)], schema);
    },
    async upsertApiRoot(r) {
      await pool.query(
        `INSERT INTO ${t('taxii_api_root')} (name, title, description, max_content_length, position)
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM ${t('taxii_api_root')}))
         ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description, max_content_length = excluded.max_content_length`,
        [r.name, r.title, r.description, r.maxContentLength],
      );
    },
    async listApiRoots() {
      return (await all(pool, `SELECT * FROM ${t('taxii_api_root')} ORDER BY position`)).map(toApiRoot);
    },
    async getApiRoot(name) {
      const r = (await all(pool, `SELECT * FROM ${t('taxii_api_root')} WHERE name = $1`, [name]))[0];
      return r ? toApiRoot(r) : null;
    },
    async upsertCollection(c) {
      const pos = Number((await all(pool, `SELECT COALESCE(MAX(position), 0) + 1 AS p FROM ${COLL}`))[0]!.p);
      await pool.query(
        `INSERT INTO ${COLL} (id, api_root, title, description, alias, media_types, default_read, default_write, distribution, sharing_group_id, tlp, source, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET api_root = excluded.api_root, title = excluded.title, description = excluded.description,
           alias = excluded.alias, media_types = excluded.media_types, default_read = excluded.default_read, default_write = excluded.default_write,
           distribution = excluded.distribution, sharing_group_id = excluded.sharing_group_id, tlp = excluded.tlp, source = excluded.source`,
        collectionParams(c, pos),
      );
    },
    async listCollections(apiRoot) {
      return (await all(pool, `SELECT * FROM ${COLL} WHERE api_root = $1 ORDER BY position`, [apiRoot])).map(toCollection);
    },
    async getCollection(apiRoot, id) {
      const r = (await all(pool, `SELECT * FROM ${COLL} WHERE api_root = $1 AND id = $2`, [apiRoot, id]))[0];
      return r ? toCollection(r) : null;
    },
    async setRights(collectionId, orgId, rights) {
      const tbl = t('taxii_collection_rights');
      if (rights === null) await pool.query(`DELETE FROM ${tbl} WHERE collection_id = $1 AND org_id = $2`, [collectionId, orgId]);
      else
        await pool.query(
          `INSERT INTO ${tbl} (collection_id, org_id, can_read, can_write) VALUES ($1, $2, $3, $4)
           ON CONFLICT (collection_id, org_id) DO UPDATE SET can_read = excluded.can_read, can_write = excluded.can_write`,
          [collectionId, orgId, rights.canRead ? 1 : 0, rights.canWrite ? 1 : 0],
        );
    },
    async getSyncMark(collectionId) {
      return Number((await all(pool, `SELECT synced_until FROM ${COLL} WHERE id = $1`, [collectionId]))[0]?.synced_until ?? 0);
    },
    async setSyncMark(collectionId, epochSeconds) {
      await pool.query(`UPDATE ${COLL} SET synced_until = $1 WHERE id = $2`, [epochSeconds, collectionId]);
    },
    async syncedEvents(collectionId, uuids) {
      const rows = await all(pool, `SELECT event_uuid, event_timestamp FROM ${t('taxii_synced_event')} WHERE collection_id = $1 AND event_uuid = ANY($2::text[])`, [collectionId, uuids]);
      return new Map(rows.map((r) => [String(r.event_uuid), Number(r.event_timestamp)]));
    },
    async recordSyncedEvents(collectionId, events) {
      if (events.length === 0) return;
      await pool.query(
        `INSERT INTO ${t('taxii_synced_event')} (collection_id, event_uuid, event_timestamp)
         SELECT $1, u, ts FROM unnest($2::text[], $3::bigint[]) AS x(u, ts)
         ON CONFLICT (collection_id, event_uuid) DO UPDATE SET event_timestamp = excluded.event_timestamp`,
        [collectionId, events.map((e) => e.uuid), events.map((e) => e.timestamp)],
      );
    },
    async listSyncedEvents(collectionId) {
      return (await all(pool, `SELECT event_uuid FROM ${t('taxii_synced_event')} WHERE collection_id = $1`, [collectionId])).map((r) => String(r.event_uuid));
    },
    async forgetSyncedEvents(collectionId, uuids) {
      if (uuids.length === 0) return;
      await pool.query(`DELETE FROM ${t('taxii_synced_event')} WHERE collection_id = $1 AND event_uuid = ANY($2::text[])`, [collectionId, uuids]);
    },
    async rightsFor(c, orgId) {
      const r = (await all(pool, `SELECT can_read, can_write FROM ${t('taxii_collection_rights')} WHERE collection_id = $1 AND org_id = $2`, [c.id, orgId]))[0];
      if (!r) return { canRead: c.defaultRead, canWrite: c.defaultWrite };
      return { canRead: Number(r.can_read) === 1, canWrite: Number(r.can_write) === 1 };
    },

    async addVersions(collectionId, versions, opts) {
      return tx(async (c) => {
        // The row lock serialises writers per collection, so commit order equals date_added order.
        const head = (await all(c, `SELECT last_date_added FROM ${COLL} WHERE id = $1 FOR UPDATE`, [collectionId]))[0];
        if (!head) throw new Error(`unknown TAXII collection ${collectionId}`);
        let hwm = Number(head.last_date_added);
        const ids = [...new Set(versions.map((v) => v.stixId))];
        const existing = new Set<string>();
        const hadRows = new Set<string>();
        const stored = await all(c, `SELECT stix_id, version_key, owner_org_id FROM ${OBJ} WHERE collection_id = $1 AND stix_id = ANY($2::text[])`, [collectionId, ids]);
        if (opts?.writer) checkVersionOwners(stored, opts.writer);
        for (const r of stored) {
          existing.add(versionRowKey(String(r.stix_id), String(r.version_key)));
          hadRows.add(String(r.stix_id));
        }
        const { fresh, perId } = freshVersions(versions, existing);
        const now = nowMicros();
        const refresh = new Set<string>();
        for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
          const cols: unknown[][] = COL_TYPES.map(() => []);
          for (const v of fresh.slice(i, i + INSERT_CHUNK)) {
            hwm = Math.max(v.dateAdded ?? now, hwm + 1);
            const simple = !hadRows.has(v.stixId) && perId.get(v.stixId) === 1;
            if (!simple) refresh.add(v.stixId);
            versionParams(collectionId, v, hwm, simple ? [1, 1, 1] : [0, 0, 0]).forEach((val, j) => cols[j]!.push(val));
          }
          const args = COL_TYPES.map((ty, j) => `$${j + 1}::${ty}[]`).join(', ');
          await c.query(`INSERT INTO ${OBJ} (${OBJECT_COLS}) SELECT * FROM unnest(${args})`, cols);
        }
        await refreshFlags(c, collectionId, [...refresh]);
        await c.query(`UPDATE ${COLL} SET last_date_added = $1 WHERE id = $2`, [hwm, collectionId]);
        return { added: fresh.length, duplicates: versions.length - fresh.length };
      });
    },
    async queryVersions(q) {
      const { text, params } = buildVersionQuery('postgres', OBJ, { ...q, limit: q.limit + 1 });
      const rows = (await all(pool, text, params)).map(toVersion);
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      return { rows: page.filter((v) => versionVisible(q.viewer, v)), more, position: page.at(-1)?.dateAdded ?? null };
    },
    async objectVisible(collectionId, stixId, viewer) {
      const specVersions = await allSpecs(pool, collectionId, stixId);
      return (await selectMatching(pool, { collectionId, stixId, viewer, version: ALL_VERSIONS, specVersions })).length > 0;
    },
    async deleteVersions(q) {
      return tx(async (c) => {
        await c.query(`SELECT 1 FROM ${COLL} WHERE id = $1 FOR UPDATE`, [q.collectionId]);
        const specVersions = q.specVersions ?? (await allSpecs(c, q.collectionId, q.stixId));
        const doomed = await selectMatching(c, { ...q, specVersions });
        if (q.writer) checkDeletable(doomed, q.writer, q.stixId);
        if (doomed.length) await c.query(`DELETE FROM ${OBJ} WHERE collection_id = $1 AND date_added = ANY($2::bigint[])`, [q.collectionId, doomed.map((v) => v.dateAdded)]);
        await refreshFlags(c, q.collectionId, [q.stixId]);
        return doomed.length;
      });
    },

    async reshareVersions(collectionId, items) {
      if (items.length === 0) return 0;
      const r = await pool.query(
        `UPDATE ${OBJ} o SET distribution = u.d, sharing_group_id = u.sg, tlp = u.t
         FROM unnest($2::text[], $3::integer[], $4::integer[], $5::integer[], $6::integer[]) AS u(id, owner, d, sg, t)
         WHERE o.collection_id = $1 AND o.stix_id = u.id AND o.owner_org_id = u.owner`,
        [collectionId, items.map((i) => i.stixId), items.map((i) => i.ownerOrgId), items.map((i) => i.sharing.distribution), items.map((i) => i.sharing.sharingGroupId), items.map((i) => tlpRank(i.sharing.tlp))],
      );
      return r.rowCount ?? 0;
    },

    async saveStatus(s: StoredStatus) {
      await pool.query(`INSERT INTO ${t('taxii_status')} (id, api_root, owner_org_id, created_at, body) VALUES ($1, $2, $3, $4, $5)`, [
        s.id, s.apiRoot, s.ownerOrgId, Date.now(), JSON.stringify(s.body),
      ]);
    },
    async getStatus(apiRoot, id) {
      const r = (await all(pool, `SELECT * FROM ${t('taxii_status')} WHERE api_root = $1 AND id = $2`, [apiRoot, id]))[0];
      if (!r) return null;
      return { id: String(r.id), apiRoot: String(r.api_root), ownerOrgId: r.owner_org_id === null ? null : Number(r.owner_org_id), body: JSON.parse(String(r.body)) as Record<string, unknown> };
    },
    async purgeStatuses(beforeMs) {
      return (await pool.query(`DELETE FROM ${t('taxii_status')} WHERE created_at < $1`, [beforeMs])).rowCount ?? 0;
    },
  };
}
