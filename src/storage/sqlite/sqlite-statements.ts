/** Prepared statements of the SQLite intel store, built once per connection. */
import type { Database, Statement } from 'better-sqlite3';
import { ATTR_COLS, EVENT_COLS, OBJECT_COLS } from '../common/columns.ts';

const insertSql = (table: string, cols: readonly string[], verb = 'INSERT') =>
  `${verb} INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
const updateSql = (table: string, cols: readonly string[]) => `UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;

export interface SqliteStatements {
  orgByUuid: Statement;
  orgByName: Statement;
  orgById: Statement;
  insertOrg: Statement;
  sgByUuid: Statement;
  insertSg: Statement;
  updateSg: Statement;
  insertSgOrg: Statement;
  eventByUuid: Statement;
  eventById: Statement;
  insertEvent: Statement;
  updateEvent: Statement;
  attrsOfEvent: Statement;
  attrByUuid: Statement;
  insertAttr: Statement;
  updateAttr: Statement;
  objectsOfEvent: Statement;
  objectByUuid: Statement;
  insertObject: Statement;
  updateObject: Statement;
  refsOfObject: Statement;
  deleteRefsOfObject: Statement;
  insertRef: Statement;
  refEvent: Statement;
  deleteKey: Statement;
  deletePoint: Statement;
  deleteRange: Statement;
  insertSighting: Statement;
  deleteExpirations: Statement;
}

export function prepareStatements(db: Database): SqliteStatements {
  return {
    orgByUuid: db.prepare('SELECT * FROM orgs WHERE uuid = ?'),
    orgByName: db.prepare('SELECT * FROM orgs WHERE name = ?'),
    orgById: db.prepare('SELECT * FROM orgs WHERE id = ?'),
    insertOrg: db.prepare('INSERT INTO orgs (uuid, name) VALUES (?, ?)'),
    sgByUuid: db.prepare('SELECT * FROM sharing_groups WHERE uuid = ?'),
    insertSg: db.prepare('INSERT INTO sharing_groups (uuid, name, description, releasability, org_id) VALUES (?, ?, ?, ?, ?)'),
    updateSg: db.prepare('UPDATE sharing_groups SET name = ?, description = ?, releasability = ? WHERE id = ?'),
    insertSgOrg: db.prepare('INSERT OR IGNORE INTO sharing_group_orgs (sharing_group_id, org_id) VALUES (?, ?)'),
    eventByUuid: db.prepare('SELECT * FROM events WHERE uuid = ?'),
    eventById: db.prepare('SELECT * FROM events WHERE id = ?'),
    insertEvent: db.prepare(insertSql('events', EVENT_COLS)),
    updateEvent: db.prepare(updateSql('events', EVENT_COLS)),
    attrsOfEvent: db.prepare('SELECT * FROM attributes WHERE event_id = ?'),
    attrByUuid: db.prepare('SELECT * FROM attributes WHERE uuid = ?'),
    insertAttr: db.prepare(insertSql('attributes', ATTR_COLS, 'INSERT OR IGNORE')),
    updateAttr: db.prepare(updateSql('attributes', ATTR_COLS)),
    objectsOfEvent: db.prepare('SELECT * FROM objects WHERE event_id = ?'),
    objectByUuid: db.prepare('SELECT * FROM objects WHERE uuid = ?'),
    insertObject: db.prepare(insertSql('objects', OBJECT_COLS)),
    updateObject: db.prepare(updateSql('objects', OBJECT_COLS)),
    refsOfObject: db.prepare('SELECT * FROM object_references WHERE object_id = ? ORDER BY id'),
    deleteRefsOfObject: db.prepare('DELETE FROM object_references WHERE object_id = ?'),
    insertRef: db.prepare(
      'INSERT OR REPLACE INTO object_references (uuid, object_id, referenced_uuid, relationship_type, comment) VALUES (?, ?, ?, ?, ?)',
    ),
    refEvent: db.prepare('SELECT o.event_id FROM object_references r JOIN objects o ON o.id = r.object_id WHERE r.uuid = ?'),
    deleteKey: db.prepare('DELETE FROM value_keys WHERE hash = ? AND attribute_id = ?'),
    deletePoint: db.prepare('DELETE FROM ip_points WHERE start = ? AND attribute_id = ?'),
    deleteRange: db.prepare('DELETE FROM ip_ranges WHERE start = ? AND attribute_id = ?'),
    insertSighting: db.prepare(
      'INSERT OR IGNORE INTO sightings (uuid, attribute_id, event_id, org_id, type, source, date_sighting) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteExpirations: db.prepare('DELETE FROM sightings WHERE attribute_id = ? AND org_id = ? AND type = 2'),
  };
}

const multiCache = new WeakMap<Database, Map<string, Statement>>();

/** A cached `INSERT … VALUES (…), (…)` statement for `rows` rows (fewer JS↔native crossings in bulk loads). */
export function multiInsert(db: Database, head: string, cols: number, rows: number, tail = ''): Statement {
  let m = multiCache.get(db);
  if (!m) multiCache.set(db, (m = new Map()));
  const key = `${head}|${rows}|${tail}`;
  let st = m.get(key);
  if (!st) {
    const tuple = `(${Array.from({ length: cols }, () => '?').join(',')})`;
    st = db.prepare(`${head} VALUES ${Array.from({ length: rows }, () => tuple).join(',')} ${tail}`);
    m.set(key, st);
  }
  return st;
}

/** Inserts rows in multi-row statements of up to `chunk` rows. */
export function insertMany(db: Database, head: string, rows: readonly unknown[][], chunk = 100): void {
  const cols = rows[0]?.length ?? 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    multiInsert(db, head, cols, part.length).run(part.flat());
  }
}
