/**
 * TAXII tables, identical column names in both dialects. `taxii_object` holds every version; its
 * primary key (collection_id, date_added) makes date_added unique per collection, and three flags
 * (newest spec version / first / last version among it) keep the default TAXII query an index range scan.
 */
export function taxiiSchema(dialect: 'sqlite' | 'postgres', t: (name: string) => string): string {
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return `
CREATE TABLE IF NOT EXISTS ${t('taxii_api_root')} (
  name TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT,
  max_content_length ${big} NOT NULL,
  position ${big} NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t('taxii_collection')} (
  id TEXT PRIMARY KEY,
  api_root TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  alias TEXT,
  media_types TEXT NOT NULL,
  default_read INTEGER NOT NULL,
  default_write INTEGER NOT NULL,
  distribution INTEGER NOT NULL,
  sharing_group_id ${big},
  tlp INTEGER NOT NULL,
  last_date_added ${big} NOT NULL DEFAULT 0,
  source TEXT,
  synced_until ${big} NOT NULL DEFAULT 0,
  position ${big} NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t('taxii_collection_rights')} (
  collection_id TEXT NOT NULL,
  org_id ${big} NOT NULL,
  can_read INTEGER NOT NULL,
  can_write INTEGER NOT NULL,
  PRIMARY KEY (collection_id, org_id)
);
CREATE TABLE IF NOT EXISTS ${t('taxii_object')} (
  collection_id TEXT NOT NULL,
  date_added ${big} NOT NULL,
  stix_id TEXT NOT NULL,
  type TEXT NOT NULL,
  version TEXT NOT NULL,
  version_key TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  media_type TEXT NOT NULL,
  owner_org_id ${big} NOT NULL,
  distribution INTEGER NOT NULL,
  sharing_group_id ${big},
  tlp INTEGER NOT NULL,
  is_max_spec INTEGER NOT NULL,
  is_first INTEGER NOT NULL,
  is_last INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (collection_id, date_added)
);
CREATE UNIQUE INDEX IF NOT EXISTS taxii_object_version ON ${t('taxii_object')} (collection_id, stix_id, version_key);
CREATE INDEX IF NOT EXISTS taxii_object_last ON ${t('taxii_object')} (collection_id, is_last, date_added);
CREATE INDEX IF NOT EXISTS taxii_object_first ON ${t('taxii_object')} (collection_id, is_first, date_added);
CREATE INDEX IF NOT EXISTS taxii_object_spec ON ${t('taxii_object')} (collection_id, is_max_spec, date_added);
CREATE TABLE IF NOT EXISTS ${t('taxii_status')} (
  id TEXT PRIMARY KEY,
  api_root TEXT NOT NULL,
  owner_org_id ${big},
  created_at ${big} NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t('taxii_synced_event')} (
  collection_id TEXT NOT NULL,
  event_uuid TEXT NOT NULL,
  event_timestamp ${big} NOT NULL,
  PRIMARY KEY (collection_id, event_uuid)
);
CREATE INDEX IF NOT EXISTS taxii_status_created ON ${t('taxii_status')} (created_at);
`;
}
