/**
 * WHERE clauses for attribute and event searches, shared by both adapters. Visibility is always part
 * of the clause so that pagination and totals only ever count what the viewer may see.
 */
import { RenkeiError } from '../../core/errors.ts';
import { keyHash } from '../../core/matching/key-hash.ts';
import { isLikePattern, isTagPattern } from '../../core/matching/like-pattern.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { AttributeQuery, EventQuery, EventSort } from '../port.ts';
import { safeInts, type Sql } from './sql.ts';
import { attributeVisibleSql, eventVisibleSql, tlpRank } from './visibility.ts';

/** Attributes with one of `keys` among their index keys (SQLite indexes key hashes and re-checks the hit). */
function indexedKeyCond(sql: Sql, keys: readonly string[]): string {
  if (sql.dialect === 'postgres') return `a.id IN (SELECT vi.attribute_id FROM value_index vi WHERE ${sql.inList('vi.key', keys)})`;
  const hashes = [...new Set(keys.map(keyHash))];
  return (
    `(a.id IN (SELECT vi.attribute_id FROM value_keys vi WHERE ${sql.inList('vi.hash', hashes)})` +
    ` AND renkei_has_key(a.type, a.value, ${sql.p(JSON.stringify(keys))}) = 1)`
  );
}

/** The two halves of a MISP composite value (value1, value2), as SQL over `a` (see `splitComposite`). */
function halvesSql(sql: Sql): { composite: string; first: string; second: string } {
  const composite = `((a.type LIKE '%|%' OR a.type = 'malware-sample') AND ${sql.dialect === 'sqlite' ? "instr(a.value, '|')" : "strpos(a.value, '|')"} > 0)`;
  return sql.dialect === 'sqlite'
    ? { composite, first: "substr(a.value, 1, instr(a.value, '|') - 1)", second: "substr(a.value, instr(a.value, '|') + 1)" }
    : { composite, first: "split_part(a.value, '|', 1)", second: "substr(a.value, strpos(a.value, '|') + 1)" };
}

/**
 * Exact values go through the index; MISP patterns (leading or trailing `%`, see `isLikePattern`) are
 * LIKE over the value or either composite half, as MISP matches value1 and value2.
 */
function valueConds(sql: Sql, values: readonly string[]): string {
  const exact = values.filter((v) => !isLikePattern(v));
  const like = values.filter(isLikePattern);
  const parts: string[] = [];
  if (exact.length) parts.push(indexedKeyCond(sql, exact));
  if (like.length) {
    const h = halvesSql(sql);
    for (const l of like) parts.push(`(${sql.like('a.value', l)} OR (${h.composite} AND (${sql.like(h.first, l)} OR ${sql.like(h.second, l)})))`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : '1=0';
}

/** `col` equal to one of the exact values or LIKE one of the MISP patterns (`isLikePattern`) of a type/category filter. */
function columnIn(sql: Sql, col: string, values: readonly string[]): string {
  const exact = values.filter((v) => !isLikePattern(v));
  const parts = exact.length ? [sql.inList(col, exact)] : [];
  for (const l of values.filter(isLikePattern)) parts.push(sql.like(col, l));
  return parts.length ? `(${parts.join(' OR ')})` : '1=0';
}

/** Conditions over `attributes a JOIN events e`. */
export function attributeWhere(sql: Sql, q: AttributeQuery, viewer: Viewer): string {
  const w: string[] = [attributeVisibleSql(sql, viewer)];
  // Deleted data is for its owning organisation only.
  const own = viewer.orgId !== null && Number.isSafeInteger(viewer.orgId) ? `e.org_id = ${viewer.orgId}` : '1=0';
  w.push(q.includeDeleted ? `(a.deleted = 0 OR ${own})` : 'a.deleted = 0');
  if (q.values?.length) w.push(valueConds(sql, q.values));
  if (q.notValues?.length) w.push(`NOT ${valueConds(sql, q.notValues)}`);
  if (q.types?.length) w.push(columnIn(sql, 'a.type', q.types));
  if (q.notTypes?.length) w.push(`NOT ${columnIn(sql, 'a.type', q.notTypes)}`);
  if (q.categories?.length) w.push(columnIn(sql, 'a.category', q.categories));
  if (q.notCategories?.length) w.push(`NOT ${columnIn(sql, 'a.category', q.notCategories)}`);
  if (q.orgcIds) w.push(sql.inList('e.orgc_id', safeInts(q.orgcIds)));
  if (q.notOrgcIds?.length) w.push(`NOT ${sql.inList('e.orgc_id', safeInts(q.notOrgcIds))}`);
  if (q.tags?.length) w.push(`(${sql.hasTag('e.tags', q.tags, isTagPattern)} OR ${sql.hasTag('a.tags', q.tags, isTagPattern)})`);
  if (q.notTags?.length) w.push(`NOT (${sql.hasTag('e.tags', q.notTags, isTagPattern)} OR ${sql.hasTag('a.tags', q.notTags, isTagPattern)})`);
  if (q.toIds !== undefined) w.push(`a.to_ids = ${sql.p(q.toIds)}`);
  if (q.published !== undefined) w.push(`e.published = ${sql.p(q.published)}`);
  if (q.eventIds) w.push(sql.inList('e.id', q.eventIds));
  if (q.eventUuids) w.push(sql.inList('e.uuid', q.eventUuids));
  if (q.attributeIds) w.push(sql.inList('a.id', q.attributeIds));
  if (q.attributeUuids) w.push(sql.inList('a.uuid', q.attributeUuids));
  if (q.objectIds) w.push(sql.inList('a.object_id', q.objectIds));
  if (q.objectUuids) w.push(`a.object_id IN (SELECT ob.id FROM objects ob WHERE ${sql.inList('ob.uuid', q.objectUuids)})`);
  if (q.inObject) w.push('a.object_id IS NOT NULL');
  if (q.dateFrom) w.push(`e.date >= ${sql.p(q.dateFrom)}`);
  if (q.dateTo) w.push(`e.date <= ${sql.p(q.dateTo)}`);
  if (q.timestampFrom !== undefined) w.push(`a.timestamp >= ${sql.p(q.timestampFrom)}`);
  if (q.timestampTo !== undefined) w.push(`a.timestamp <= ${sql.p(q.timestampTo)}`);
  if (q.publishFrom !== undefined) w.push(`e.publish_timestamp >= ${sql.p(q.publishFrom)}`);
  if (q.maxTlp) w.push(`${sql.greatest('e.tlp', 'a.tlp')} <= ${tlpRank(q.maxTlp)}`);
  return w.join(' AND ');
}

/** Conditions over `events e`. */
export function eventWhere(sql: Sql, q: EventQuery, viewer: Viewer): string {
  const w: string[] = [eventVisibleSql(viewer)];
  if (q.uuids) w.push(sql.inList('e.uuid', q.uuids));
  if (q.ids) w.push(sql.inList('e.id', q.ids));
  if (q.objectIds) w.push(`e.id IN (SELECT ob.event_id FROM objects ob WHERE ${sql.inList('ob.id', q.objectIds)})`);
  if (q.objectUuids) w.push(`e.id IN (SELECT ob.event_id FROM objects ob WHERE ${sql.inList('ob.uuid', q.objectUuids)})`);
  if (q.tags?.length) w.push(sql.hasTag('e.tags', q.tags, isTagPattern));
  if (q.notTags?.length) w.push(`NOT ${sql.hasTag('e.tags', q.notTags, isTagPattern)}`);
  if (q.published !== undefined) w.push(`e.published = ${sql.p(q.published)}`);
  if (q.dateFrom) w.push(`e.date >= ${sql.p(q.dateFrom)}`);
  if (q.dateTo) w.push(`e.date <= ${sql.p(q.dateTo)}`);
  if (q.timestampFrom !== undefined) w.push(`e.timestamp >= ${sql.p(q.timestampFrom)}`);
  if (q.publishFrom !== undefined) w.push(`e.publish_timestamp >= ${sql.p(q.publishFrom)}`);
  if (q.maxTlp) w.push(`e.tlp <= ${tlpRank(q.maxTlp)}`);
  if (q.infoLike?.length) w.push(`(${q.infoLike.map((l) => sql.like('e.info', l)).join(' OR ')})`);
  if (q.notInfoLike?.length) w.push(`NOT (${q.notInfoLike.map((l) => sql.like('e.info', l)).join(' OR ')})`);
  if (q.values?.length) {
    w.push(
      `EXISTS (SELECT 1 FROM attributes a WHERE a.event_id = e.id AND a.deleted = 0 AND ${valueConds(sql, q.values)}` +
        ` AND ${attributeVisibleSql(sql, viewer)})`,
    );
  }
  if (q.notValues?.length) {
    w.push(
      `NOT EXISTS (SELECT 1 FROM attributes a WHERE a.event_id = e.id AND a.deleted = 0 AND ${valueConds(sql, q.notValues)}` +
        ` AND ${attributeVisibleSql(sql, viewer)})`,
    );
  }
  const ints = (col: string, or?: readonly number[], not?: readonly number[]) => {
    if (or) w.push(sql.inList(col, safeInts(or)));
    if (not?.length) w.push(`NOT ${sql.inList(col, safeInts(not))}`);
  };
  ints('e.orgc_id', q.orgcIds, q.notOrgcIds);
  ints('e.analysis', q.analysis, q.notAnalysis);
  ints('e.threat_level', q.threatLevels, q.notThreatLevels);
  ints('e.distribution', q.distributions, q.notDistributions);
  return w.join(' AND ');
}

const EVENT_COLUMNS: ReadonlySet<string> = new Set<EventSort>([
  'id', 'date', 'timestamp', 'publish_timestamp', 'info', 'threat_level', 'analysis', 'published', 'distribution', 'orgc_id', 'org_id', 'uuid',
]);

/**
 * `ORDER BY` of an event search (whitelisted column, id breaks ties so pages are stable). The attribute
 * count is the viewer's (the sharing rule inside the count), so an order never hints at hidden attributes.
 * Binds no parameters, so the count query can share the WHERE's.
 */
export function eventOrder(sql: Sql, q: EventQuery, viewer: Viewer): string {
  const dir = q.desc ? 'DESC' : 'ASC';
  const col = q.sort ?? 'id';
  if (col === 'id') return `ORDER BY e.id ${dir}`;
  let expr: string;
  if (col === 'attribute_count') expr = `(SELECT count(*) FROM attributes a WHERE a.event_id = e.id AND a.deleted = 0 AND ${attributeVisibleSql(sql, viewer)})`;
  else if (col === 'org') expr = '(SELECT lower(o.name) FROM orgs o WHERE o.id = e.orgc_id)';
  else if (EVENT_COLUMNS.has(col)) expr = `e.${col}`;
  else throw new RenkeiError('validation_failed', `cannot sort events by ${String(col).slice(0, 40)}`, { parameter: 'sort' });
  return `ORDER BY ${expr} ${dir}, e.id ${dir}`;
}

/** Clamps paging input: limit 1..10,000 (default 1,000), offset ≥ 0. */
export function paging(q: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.floor(q.limit ?? 1000), 1), 10_000);
  const offset = Math.max(Math.floor(q.offset ?? 0), 0);
  // Engines overflow on huge offsets (SQLite: SQLITE_MISMATCH); such a page is empty by definition.
  if (!Number.isSafeInteger(offset) || offset > 2 ** 31 - 1) throw new RenkeiError('validation_failed', `offset ${q.offset} is beyond any result`, { parameter: 'page' });
  return { limit, offset };
}
