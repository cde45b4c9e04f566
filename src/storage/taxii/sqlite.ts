import type { Database, Statement } from 'better-sqlite3';
import { checkDeletable, checkVersionOwners } from './ownership.ts';
import { tlpRank } from '../common/visibility.ts';
import { runMigrations } from '../sqlite/migrate.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { StoredStatus, TaxiiStore, VersionMatch } from './port.ts';
import { taxiiSchema } from './schema.ts';
import {
  buildVersionQuery, collectionParams, toVersionFromArray, computeFlags, nowMicros, OBJECT_COLS, toApiRoot, toCollection, toVersion, versionParams,
  versionVisible, type Row,
} from './queries.ts';
import { freshVersions, versionRowKey } from './fresh-versions.ts';

const ID_CHUNK = 500;
const ALL_VERSIONS: VersionMatch = { all: true, first: false, last: false, exact: [] };

/** The TAXII store on the intel store's better-sqlite3 connection. */
export function createSqliteTaxiiStore(db: Database): TaxiiStore {
  const cache = new Map<string, Statement>();
  const prep = (text: string): Statement => {
    let s = cache.get(text);
    if (!s) cache.set(text, (s = db.prepare(text)));
    return s;
  };
  const all = (text: string, params: unknown[] = []) => prep(text).all(...params) as Row[];
  const rawCache = new Map<string, Statement>();
  const allRaw = (text: string, params: unknown[]) => {
    let s = rawCache.get(text);
    if (!s) rawCache.set(text, (s = db.prepare(text).raw(true)));
    return s.all(...params) as unknown[][];
  };
  const run = (text: string, params: unknown[] = []) => prep(text).run(...params).changes;

  /** Recomputes first/last/newest-spec flags of the given objects from all their versions. */
  const refreshFlags = (collectionId: string, ids: string[]) => {
    for (const id of ids) {
      const rows = all('SELECT date_added, spec_version, version_key, is_max_spec, is_first, is_last FROM taxii_object WHERE collection_id = ? AND stix_id = ?', [collectionId, id]);
      const flags = computeFlags(rows);
      for (const r of rows) {
        const f = flags.get(Number(r.date_added))!;
        if (f[0] !== Number(r.is_max_spec) || f[1] !== Number(r.is_first) || f[2] !== Number(r.is_last)) {
          run('UPDATE taxii_object SET is_max_spec = ?, is_first = ?, is_last = ? WHERE collection_id = ? AND date_added = ?', [...f, collectionId, r.date_added]);
        }
      }
    }
  };

  const selectMatching = (q: { collectionId: string; stixId: string; viewer: Viewer; version: VersionMatch; specVersions?: string[] }) => {
    const { text, params } = buildVersionQuery('sqlite', 'taxii_object', {
      collectionId: q.collectionId, viewer: q.viewer, ids: [q.stixId], version: q.version, specVersions: q.specVersions, limit: null, withBody: false,
    });
    return all(text, params).map(toVersion).filter((v) => versionVisible(q.viewer, v));
  };

  return {
    async migrate() {
      runMigrations(db, 'taxii', [taxiiSchema('sqlite', (n) => n)]);
    },
    async upsertApiRoot(r) {
      run(
        `INSERT INTO taxii_api_root (name, title, description, max_content_length, position)
         VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM taxii_api_root))
         ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description, max_content_length = excluded.max_content_length`,
        [r.name, r.title, r.description, r.maxContentLength],
      );
    },
    async listApiRoots() {
      return all('SELECT * FROM taxii_api_root ORDER BY position').map(toApiRoot);
    },
    async getApiRoot(name) {
      const r = all('SELECT * FROM taxii_api_root WHERE name = ?', [name])[0];
      return r ? toApiRoot(r) : null;
    },
    async upsertCollection(c) {
      const pos = Number(all('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM taxii_collection')[0]!.p);
      run(
        `INSERT INTO taxii_collection (id, api_root, title, description, alias, media_types, default_read, default_write, distribution, sharing_group_id, tlp, source, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET api_root = excluded.api_root, title = excluded.title, description = excluded.description,
           alias = excluded.alias, media_types = excluded.media_types, default_read = excluded.default_read, default_write = excluded.default_write,
           distribution = excluded.distribution, sharing_group_id = excluded.sharing_group_id, tlp = excluded.tlp, source = excluded.source`,
        collectionParams(c, pos),
      );
    },
    async listCollections(apiRoot) {
      return all('SELECT * FROM taxii_collection WHERE api_root = ? ORDER BY position', [apiRoot]).map(toCollection);
    },
    async getCollection(apiRoot, id) {
      const r = all('SELECT * FROM taxii_collection WHERE api_root = ? AND id = ?', [apiRoot, id])[0];
      return r ? toCollection(r) : null;
    },
    async setRights(collectionId, orgId, rights) {
      if (rights === null) run('DELETE FROM taxii_collection_rights WHERE collection_id = ? AND org_id = ?', [collectionId, orgId]);
      else
        run(
          `INSERT INTO taxii_collection_rights (collection_id, org_id, can_read, can_write) VALUES (?, ?, ?, ?)
           ON CONFLICT (collection_id, org_id) DO UPDATE SET can_read = excluded.can_read, can_write = excluded.can_write`,
          [collectionId, orgId, rights.canRead ? 1 : 0, rights.canWrite ? 1 : 0],
        );
    },
    async getSyncMark(collectionId) {
      return Number(all('SELECT synced_until FROM taxii_collection WHERE id = ?', [collectionId])[0]?.synced_until ?? 0);
    },
    async setSyncMark(collectionId, epochSeconds) {
      run('UPDATE taxii_collection SET synced_until = ? WHERE id = ?', [epochSeconds, collectionId]);
    },
    async syncedEvents(collectionId, uuids) {
      const out = new Map<string, number>();
      for (let i = 0; i < uuids.length; i += ID_CHUNK) {
        const chunk = uuids.slice(i, i + ID_CHUNK);
        const rows = all(`SELECT event_uuid, event_timestamp FROM taxii_synced_event WHERE collection_id = ? AND event_uuid IN (${chunk.map(() => '?').join(',')})`, [collectionId, ...chunk]);
        for (const r of rows) out.set(String(r.event_uuid), Number(r.event_timestamp));
      }
      return out;
    },
    async recordSyncedEvents(collectionId, events) {
      const st = prep(`INSERT INTO taxii_synced_event (collection_id, event_uuid, event_timestamp) VALUES (?, ?, ?)
        ON CONFLICT (collection_id, event_uuid) DO UPDATE SET event_timestamp = excluded.event_timestamp`);
      db.transaction(() => {
        for (const e of events) st.run(collectionId, e.uuid, e.timestamp);
      })();
    },
    async listSyncedEvents(collectionId) {
      return all('SELECT event_uuid FROM taxii_synced_event WHERE collection_id = ?', [collectionId]).map((r) => String(r.event_uuid));
    },
    async forgetSyncedEvents(collectionId, uuids) {
      const st = prep('DELETE FROM taxii_synced_event WHERE collection_id = ? AND event_uuid = ?');
      db.transaction(() => {
        for (const u of uuids) st.run(collectionId, u);
      })();
    },
    async rightsFor(c, orgId) {
      const r = all('SELECT can_read, can_write FROM taxii_collection_rights WHERE collection_id = ? AND org_id = ?', [c.id, orgId])[0];
      if (!r) return { canRead: c.defaultRead, canWrite: c.defaultWrite };
      return { canRead: Number(r.can_read) === 1, canWrite: Number(r.can_write) === 1 };
    },

    async addVersions(collectionId, versions, opts) {
      return db.transaction(() => {
        const head = all('SELECT last_date_added FROM taxii_collection WHERE id = ?', [collectionId])[0];
        if (!head) throw new Error(`unknown TAXII collection ${collectionId}`);
        let hwm = Number(head.last_date_added);
        const existing = new Set<string>();
        const hadRows = new Set<string>();
        const ids = [...new Set(versions.map((v) => v.stixId))];
        for (let i = 0; i < ids.length; i += ID_CHUNK) {
          const chunk = ids.slice(i, i + ID_CHUNK);
          const rows = all(`SELECT stix_id, version_key, owner_org_id FROM taxii_object WHERE collection_id = ? AND stix_id IN (${chunk.map(() => '?').join(',')})`, [collectionId, ...chunk]);
          if (opts?.writer) checkVersionOwners(rows, opts.writer);
          for (const r of rows) {
            existing.add(versionRowKey(String(r.stix_id), String(r.version_key)));
            hadRows.add(String(r.stix_id));
          }
        }
        const { fresh, perId } = freshVersions(versions, existing);
        const insert = prep(`INSERT INTO taxii_object (${OBJECT_COLS}) VALUES (${OBJECT_COLS.split(',').map(() => '?').join(',')})`);
        const now = nowMicros();
        const refresh: string[] = [];
        for (const v of fresh) {
          hwm = Math.max(v.dateAdded ?? now, hwm + 1);
          const simple = !hadRows.has(v.stixId) && perId.get(v.stixId) === 1;
          insert.run(...versionParams(collectionId, v, hwm, simple ? [1, 1, 1] : [0, 0, 0]));
          if (!simple) refresh.push(v.stixId);
        }
        refreshFlags(collectionId, [...new Set(refresh)]);
        run('UPDATE taxii_collection SET last_date_added = ? WHERE id = ?', [hwm, collectionId]);
        return { added: fresh.length, duplicates: versions.length - fresh.length };
      }).immediate();
    },
    async queryVersions(q) {
      const { text, params } = buildVersionQuery('sqlite', 'taxii_object', { ...q, limit: q.limit + 1 });
      const rows = allRaw(text, params).map(toVersionFromArray);
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      return { rows: page.filter((v) => versionVisible(q.viewer, v)), more, position: page.at(-1)?.dateAdded ?? null };
    },
    async objectVisible(collectionId, stixId, viewer) {
      const specVersions = allSpecs(all, collectionId, stixId);
      return selectMatching({ collectionId, stixId, viewer, version: ALL_VERSIONS, specVersions }).length > 0;
    },
    async deleteVersions(q) {
      return db.transaction(() => {
        const specVersions = q.specVersions ?? allSpecs(all, q.collectionId, q.stixId);
        const doomed = selectMatching({ ...q, specVersions });
        if (q.writer) checkDeletable(doomed, q.writer, q.stixId);
        for (const v of doomed) run('DELETE FROM taxii_object WHERE collection_id = ? AND date_added = ?', [q.collectionId, v.dateAdded]);
        refreshFlags(q.collectionId, [q.stixId]);
        return doomed.length;
      }).immediate();
    },

    async reshareVersions(collectionId, items) {
      const st = prep('UPDATE taxii_object SET distribution = ?, sharing_group_id = ?, tlp = ? WHERE collection_id = ? AND stix_id = ? AND owner_org_id = ?');
      return db.transaction(() => {
        let n = 0;
        for (const i of items) n += st.run(i.sharing.distribution, i.sharing.sharingGroupId, tlpRank(i.sharing.tlp), collectionId, i.stixId, i.ownerOrgId).changes;
        return n;
      }).immediate();
    },

    async saveStatus(s: StoredStatus) {
      run('INSERT INTO taxii_status (id, api_root, owner_org_id, created_at, body) VALUES (?, ?, ?, ?, ?)', [
        s.id, s.apiRoot, s.ownerOrgId, Date.now(), JSON.stringify(s.body),
      ]);
    },
    async getStatus(apiRoot, id) {
      const r = all('SELECT * FROM taxii_status WHERE api_root = ? AND id = ?', [apiRoot, id])[0];
      if (!r) return null;
      return { id: String(r.id), apiRoot: String(r.api_root), ownerOrgId: r.owner_org_id === null ? null : Number(r.owner_org_id), body: JSON.parse(String(r.body)) as Record<string, unknown> };
    },
    async purgeStatuses(beforeMs) {
      return run('DELETE FROM taxii_status WHERE created_at < ?', [beforeMs]);
    },
  };
}

/** Every spec version an object has (DELETE and existence checks span all of them). */
function allSpecs(all: (t: string, p?: unknown[]) => Row[], collectionId: string, stixId: string): string[] {
  return all('SELECT DISTINCT spec_version FROM taxii_object WHERE collection_id = ? AND stix_id = ?', [collectionId, stixId]).map((r) => String(r.spec_version));
}
