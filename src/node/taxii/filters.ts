/**
 * TAXII query parameters (§3.5): `added_after`, `limit`, `next`, `match[id|type|version|spec_version]`.
 * Comma-separated values are ORed, fields ANDed; malformed values give 400. `next` is an opaque keyset
 * cursor over date_added, bound to the endpoint and the filter set (a changed filter gives 400).
 */
import { createHash } from 'node:crypto';
import type { VersionMatch } from '../../storage/taxii/port.ts';
import { taxiiFail } from './errors.ts';
import { parseMicros, versionKey } from './timestamps.ts';

export type FilterField = 'id' | 'type' | 'version' | 'spec_version';

export interface Filters {
  addedAfter?: number;
  limit: number;
  ids?: string[];
  types?: string[];
  version: VersionMatch;
  specVersions?: string[];
  /** Exclusive date_added lower bound from the cursor. */
  cursor?: number;
}

const ID_RE = /^[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TYPE_RE = /^[a-z0-9][a-z0-9-]{0,249}$/;
const SPEC_RE = /^\d+\.\d+$/;

function values(raw: string[]): string[] {
  return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * Parses and checks the query string for an endpoint. `allowed` lists the match fields the endpoint
 * takes; `scope` names the endpoint (collection + path) the cursor is bound to.
 */
export function parseFilters(
  rawUrl: string,
  opts: { allowed: FilterField[]; scope: string; defaultVersion: 'last' | 'all'; maxPageSize: number; paged: boolean },
): Filters {
  const qs = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '');
  const grouped = new Map<string, string[]>();
  for (const [k, v] of qs) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  const f: Filters = { limit: opts.maxPageSize, version: { all: opts.defaultVersion === 'all', first: false, last: opts.defaultVersion === 'last', exact: [] } };
  let next: string | undefined;
  for (const [key, raw] of grouped) {
    const m = /^match\[([a-z_]+)\]$/.exec(key);
    if (m) {
      const field = m[1] as FilterField;
      if (!opts.allowed.includes(field)) taxiiFail('unknown_parameter', `match[${m[1]}] is not supported on this endpoint`);
      const vals = values(raw);
      if (vals.length === 0) taxiiFail('bad_request', `match[${field}] has no value`);
      if (field === 'id') {
        for (const v of vals) if (!ID_RE.test(v)) taxiiFail('bad_request', `match[id] value ${JSON.stringify(v)} is not a STIX id`);
        f.ids = vals;
      } else if (field === 'type') {
        for (const v of vals) if (!TYPE_RE.test(v)) taxiiFail('bad_request', `match[type] value ${JSON.stringify(v)} is not a STIX type`);
        f.types = vals;
      } else if (field === 'spec_version') {
        for (const v of vals) if (!SPEC_RE.test(v)) taxiiFail('bad_request', `match[spec_version] value ${JSON.stringify(v)} is not a version`);
        f.specVersions = vals;
      } else {
        const vm: VersionMatch = { all: false, first: false, last: false, exact: [] };
        for (const v of vals) {
          if (v === 'all') vm.all = true;
          else if (v === 'first') vm.first = true;
          else if (v === 'last') vm.last = true;
          else {
            const k = versionKey(v);
            if (k === null) taxiiFail('bad_request', `match[version] value ${JSON.stringify(v)} is not first, last, all or a timestamp`);
            vm.exact.push(k);
          }
        }
        f.version = vm;
      }
    } else if (key === 'added_after') {
      const us = raw.length === 1 ? parseMicros(raw[0]!) : null;
      if (us === null) taxiiFail('bad_request', 'added_after must be one RFC 3339 UTC timestamp');
      f.addedAfter = us;
    } else if (key === 'limit' && opts.paged) {
      if (raw.length !== 1 || !/^[1-9]\d{0,9}$/.test(raw[0]!)) taxiiFail('bad_request', 'limit must be a positive integer');
      f.limit = Math.min(Number(raw[0]), opts.maxPageSize);
    } else if (key === 'next' && opts.paged) {
      if (raw.length !== 1) taxiiFail('bad_request', 'next given more than once');
      next = raw[0];
    }
    // Other parameters are not TAXII filters; like other HTTP servers we ignore them.
  }
  if (next !== undefined) f.cursor = decodeCursor(next, filterHash(opts.scope, f));
  return f;
}

/** Hash of everything that must stay the same across the pages of one query (the limit may change). */
function filterHash(scope: string, f: Filters): string {
  const canon = JSON.stringify([scope, f.addedAfter ?? null, f.ids ?? null, f.types ?? null, f.version, f.specVersions ?? null]);
  return createHash('sha256').update(canon).digest('base64url').slice(0, 16);
}

/** The opaque `next` token: position (last date_added served) plus the filter hash. */
export function encodeCursor(scope: string, f: Filters, lastDateAdded: number): string {
  return Buffer.from(`${lastDateAdded.toString(36)}.${filterHash(scope, f)}`, 'utf8').toString('base64url');
}

function decodeCursor(token: string, expectedHash: string): number {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})$/.exec(text);
  if (!m) taxiiFail('bad_request', 'next is not a cursor issued by this server');
  if (m[2] !== expectedHash) taxiiFail('bad_request', 'next belongs to a query with different filters; repeat the same filters');
  return parseInt(m[1]!, 36);
}

/** The exclusive date_added lower bound combining added_after and the cursor. */
export function lowerBound(f: Filters): number | undefined {
  if (f.addedAfter === undefined) return f.cursor;
  if (f.cursor === undefined) return f.addedAfter;
  return Math.max(f.addedAfter, f.cursor);
}
