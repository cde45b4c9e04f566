/** The intel store's SQLite schema, as migration steps of module `intel` (append new steps; never edit old ones). */
export const SQLITE_INTEL_STEPS: readonly string[] = [
  `
  CREATE TABLE orgs (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE);
  CREATE TABLE sharing_groups (
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', releasability TEXT NOT NULL DEFAULT '');
  CREATE TABLE sharing_group_orgs (
    sharing_group_id INTEGER NOT NULL, org_id INTEGER NOT NULL, PRIMARY KEY (sharing_group_id, org_id)) WITHOUT ROWID;
  CREATE INDEX sharing_group_orgs_org ON sharing_group_orgs (org_id);
  CREATE TABLE events (
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, info TEXT NOT NULL, date TEXT NOT NULL,
    threat_level INTEGER NOT NULL, analysis INTEGER NOT NULL, published INTEGER NOT NULL,
    publish_timestamp INTEGER NOT NULL, timestamp INTEGER NOT NULL, distribution INTEGER NOT NULL,
    sharing_group_id INTEGER, org_id INTEGER NOT NULL, orgc_id INTEGER NOT NULL,
    tags TEXT NOT NULL, tlp INTEGER NOT NULL);
  CREATE TABLE objects (
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, event_id INTEGER NOT NULL, name TEXT NOT NULL,
    meta_category TEXT NOT NULL, description TEXT NOT NULL, template_uuid TEXT, template_version TEXT,
    comment TEXT NOT NULL, distribution INTEGER NOT NULL, sharing_group_id INTEGER, timestamp INTEGER NOT NULL,
    deleted INTEGER NOT NULL, first_seen TEXT, last_seen TEXT);
  CREATE INDEX objects_event ON objects (event_id);
  CREATE TABLE object_references (
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, object_id INTEGER NOT NULL, referenced_uuid TEXT NOT NULL,
    relationship_type TEXT NOT NULL, comment TEXT NOT NULL);
  CREATE INDEX object_references_object ON object_references (object_id);
  CREATE TABLE attributes (
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, event_id INTEGER NOT NULL, object_id INTEGER,
    object_relation TEXT, type TEXT NOT NULL, category TEXT NOT NULL, value TEXT NOT NULL, to_ids INTEGER NOT NULL,
    comment TEXT NOT NULL, first_seen TEXT, last_seen TEXT, timestamp INTEGER NOT NULL,
    distribution INTEGER NOT NULL, sharing_group_id INTEGER, deleted INTEGER NOT NULL,
    disable_correlation INTEGER NOT NULL, tags TEXT NOT NULL, tlp INTEGER NOT NULL);
  CREATE INDEX attributes_event ON attributes (event_id);
  CREATE TABLE value_index (
    key TEXT NOT NULL, attribute_id INTEGER NOT NULL, via INTEGER NOT NULL,
    PRIMARY KEY (key, attribute_id, via)) WITHOUT ROWID;
  CREATE TABLE ip_points (start TEXT NOT NULL, attribute_id INTEGER NOT NULL, PRIMARY KEY (start, attribute_id)) WITHOUT ROWID;
  CREATE TABLE ip_ranges (
    start TEXT NOT NULL, attribute_id INTEGER NOT NULL, "end" TEXT NOT NULL, bits INTEGER NOT NULL,
    PRIMARY KEY (start, attribute_id)) WITHOUT ROWID;
  CREATE TABLE sightings (
    id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, attribute_id INTEGER NOT NULL, event_id INTEGER NOT NULL,
    org_id INTEGER NOT NULL, type INTEGER NOT NULL, source TEXT NOT NULL, date_sighting INTEGER NOT NULL);
  CREATE INDEX sightings_attribute ON sightings (attribute_id);
  CREATE INDEX sightings_event ON sightings (event_id);
  `,
  // 2: the value index keyed by a 53-bit hash of the key (core/matching/key-hash.ts) instead of its text.
  `
  CREATE TABLE value_keys (
    hash INTEGER NOT NULL, attribute_id INTEGER NOT NULL, via INTEGER NOT NULL,
    PRIMARY KEY (hash, attribute_id, via)) WITHOUT ROWID;
  INSERT OR IGNORE INTO value_keys (hash, attribute_id, via) SELECT renkei_key_hash(key), attribute_id, via FROM value_index;
  DROP TABLE value_index;
  `,
  // 3: the creating organisation of a sharing group (only it, or a node admin, may change the group).
  `ALTER TABLE sharing_groups ADD COLUMN org_id INTEGER;`,
];
