/**
 * SQL text and row mapping shared by the SQLite and PostgreSQL TAXII adapters.
 */
import { canView, type Viewer } from '../../core/sharing/access.ts';
import type { Distribution } from '../../core/model/event.ts';
import { Sql, type Dialect } from '../common/sql.ts';
import { tlpFromRank, tlpRank, visibleSql } from '../common/visibility.ts';
import type { StoreSource, NewObjectVersion, StoredVersion, TaxiiApiRoot, TaxiiCollection, VersionMatch, VersionQuery } from './port.ts';

export type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const OBJECT_COLS =
  'collection_id, date_added, stix_id, type, version, version_key, spec_version, media_type, owner_org_id, distribution, sharing_group_id, tlp, is_max_spec, is_first, is_last, body';

export function toApiRoot(r: Row): TaxiiApiRoot {
  return { name: String(r.name), title: String(r.title), description: strOrNull(r.description), maxContentLength: num(r.max_content_length) };
}

export function toCollection(r: Row): TaxiiCollection {
  return {
    id: String(r.id),
    apiRoot: String(r.api_root),
    title: String(r.title),
    description: strOrNull(r.description),
    alias: strOrNull(r.alias),
    mediaTypes: JSON.parse(String(r.media_types)) as string[],
    defaultRead: num(r.default_read) === 1,
    defaultWrite: num(r.default_write) === 1,
    sharing: {
      distribution: num(r.distribution) as Distribution,
      sharingGroupId: r.sharing_group_id === null ? null : num(r.sharing_group_id),
      tlp: tlpFromRank(num(r.tlp)),
    },
    source: r.source === null || r.source === undefined ? null : (JSON.parse(String(r.source)) as StoreSource),
  };
}

export function collectionParams(c: TaxiiCollection, position: number): unknown[] {
  return [
    c.id, c.apiRoot, c.title, c.description, c.alias, JSON.stringify(c.mediaTypes), c.defaultRead ? 1 : 0, c.defaultWrite ? 1 : 0,
    c.sharing.distribution, c.sharing.sharingGroupId, tlpRank(c.sharing.tlp), c.source ? JSON.stringify(c.source) : null, position,
  ];
}

/** Columns a version query selects (plus `body` when asked). */
const READ_COLS = ['date_added', 'stix_id', 'version', 'spec_version', 'media_type', 'owner_org_id', 'distribution', 'sharing_group_id', 'tlp'];

/** Maps a raw (array) row in READ_COLS order, as SQLite's raw mode returns it (no per-row object of columns). */
export function toVersionFromArray(a: unknown[]): StoredVersion {
  const v: StoredVersion = {
    stixId: String(a[1]),
    version: String(a[2]),
    specVersion: String(a[3]),
    mediaType: String(a[4]),
    dateAdded: num(a[0]),
    ownerOrgId: num(a[5]),
    distribution: num(a[6]) as Distribution,
    sharingGroupId: a[7] === null ? null : num(a[7]),
    tlp: tlpFromRank(num(a[8])),
  };
  if (typeof a[9] === 'string') v.body = a[9];
  return v;
}

export function toVersion(r: Row): StoredVersion {
  const v: StoredVersion = {
    stixId: String(r.stix_id),
    version: String(r.version),
    specVersion: String(r.spec_version),
    mediaType: String(r.media_type),
    dateAdded: num(r.date_added),
    ownerOrgId: num(r.owner_org_id),
    distribution: num(r.distribution) as Distribution,
    sharingGroupId: r.sharing_group_id === null ? null : num(r.sharing_group_id),
    tlp: tlpFromRank(num(r.tlp)),
  };
  if (typeof r.body === 'string') v.body = r.body;
  return v;
}

/** Row values for an insert, in OBJECT_COLS order. */
export function versionParams(collectionId: string, v: NewObjectVersion, dateAdded: number, flags: [number, number, number]): unknown[] {
  return [
    collectionId, dateAdded, v.stixId, v.type, v.version, v.versionKey, v.specVersion, v.mediaType, v.ownerOrgId, v.distribution,
    v.sharingGroupId, tlpRank(v.tlp), flags[0], flags[1], flags[2], v.body,
  ];
}

/** JS re-check of the sharing rule on a fetched row (the SQL predicate must already agree). */
export function versionVisible(viewer: Viewer, v: StoredVersion): boolean {
  return canView(viewer, { ownerOrgId: v.ownerOrgId, distribution: v.distribution, sharingGroupId: v.sharingGroupId, tlp: v.tlp });
}

function visible(viewer: Viewer): string {
  return visibleSql(viewer, { owner: 'o.owner_org_id', dist: 'o.distribution', sg: 'o.sharing_group_id', tlp: 'o.tlp' });
}

function versionCond(sql: Sql, m: VersionMatch, first: string, last: string): string | null {
  if (m.all) return null;
  const parts: string[] = [];
  if (m.first) parts.push(first);
  if (m.last) parts.push(last);
  if (m.exact.length) parts.push(sql.inList('o.version_key', m.exact));
  return parts.length ? `(${parts.join(' OR ')})` : '1=0';
}

/**
 * The TAXII filter query. Version selection (first/last, newest spec version) is made over every
 * version of an object; `after`, visibility and the limit apply to the selected rows. Without an explicit
 * spec_version list the precomputed flags answer it; with one, window functions do.
 */
export function buildVersionQuery(
  dialect: Dialect,
  table: string,
  q: Omit<VersionQuery, 'limit' | 'withBody'> & { limit: number | null; withBody: boolean },
): { text: string; params: unknown[] } {
  const sql = new Sql(dialect);
  const cols = [...READ_COLS, ...(q.withBody ? ['body'] : [])].map((c) => `o.${c}`).join(', ');
  const inner: string[] = [`o.collection_id = ${sql.p(q.collectionId)}`];
  if (q.ids?.length) inner.push(sql.inList('o.stix_id', q.ids));
  if (q.types?.length) inner.push(sql.inList('o.type', q.types));
  let from: string;
  const outer: string[] = [];
  if (q.specVersions === undefined) {
    from = `${table} o`;
    const m = q.version;
    if (!m.all && m.last && !m.first && m.exact.length === 0) inner.push('o.is_last = 1');
    else if (!m.all && m.first && !m.last && m.exact.length === 0) inner.push('o.is_first = 1');
    else {
      inner.push('o.is_max_spec = 1');
      const c = versionCond(sql, m, 'o.is_first = 1', 'o.is_last = 1');
      if (c) inner.push(c);
    }
    outer.push(...inner);
  } else {
    inner.push(sql.inList('o.spec_version', q.specVersions));
    const win = 'OVER (PARTITION BY o.stix_id)';
    from = `(SELECT o.*, MIN(o.version_key) ${win} AS vmin, MAX(o.version_key) ${win} AS vmax FROM ${table} o WHERE ${inner.join(' AND ')}) o`;
    const c = versionCond(sql, q.version, 'o.version_key = o.vmin', 'o.version_key = o.vmax');
    if (c) outer.push(c);
  }
  if (q.after !== undefined) outer.push(`o.date_added > ${sql.p(q.after)}`);
  outer.push(visible(q.viewer));
  const limit = q.limit === null ? '' : ` LIMIT ${sql.p(q.limit)}`;
  const text = `SELECT ${cols} FROM ${from} WHERE ${outer.join(' AND ')} ORDER BY o.date_added${limit}`;
  return { text, params: sql.params };
}

/** The flags of every version of one object: newest spec version, and first/last version within it. */
export function computeFlags(rows: readonly Row[]): Map<number, [number, number, number]> {
  let maxSpec = '';
  for (const r of rows) if (String(r.spec_version) > maxSpec) maxSpec = String(r.spec_version);
  let min: string | null = null;
  let max: string | null = null;
  for (const r of rows) {
    if (String(r.spec_version) !== maxSpec) continue;
    const k = String(r.version_key);
    if (min === null || k < min) min = k;
    if (max === null || k > max) max = k;
  }
  const out = new Map<number, [number, number, number]>();
  for (const r of rows) {
    const top = String(r.spec_version) === maxSpec;
    const k = String(r.version_key);
    out.set(num(r.date_added), [top ? 1 : 0, top && k === min ? 1 : 0, top && k === max ? 1 : 0]);
  }
  return out;
}

/** Microseconds now (date_added is later raised above the collection's high-water mark). */
export function nowMicros(): number {
  return Date.now() * 1000;
}
