/**
 * Batch index lookup on SQLite: exact keys, "searched IP inside stored CIDR" as exact probes per stored
 * prefix length, and "stored IPs inside searched CIDR" as range scans. All index-only until hydration.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Viewer } from '../../core/sharing/access.ts';
import { indexEntries, MAX_KEY_LENGTH, type IndexEntries } from '../../core/matching/index-entries.ts';
import { containmentProbes, MAX_WITHIN_PER_RANGE } from '../../core/matching/containment.ts';
import { hasIndexKey, keyHash } from '../../core/matching/key-hash.ts';
import type { IndexVia, LookupProbes, LookupRow, StoredAttribute } from '../port.ts';
import { parseTags } from '../common/rows.ts';
import type { Distribution } from '../../core/model/event.ts';
import { EventRowCache } from './event-row-cache.ts';
import { hydrateRows, type RawHit } from './sqlite-hydrate.ts';

const CHUNK = 500;

/** The key-hit query's columns, read positionally (raw rows cost less than row objects). */
const KEY_HIT_COLUMNS =
  'vi.hash, vi.via, a.id, a.uuid, a.event_id, a.object_id, a.object_relation, a.type, a.category, a.value, a.to_ids, a.comment,' +
  ' a.first_seen, a.last_seen, a.timestamp, a.distribution, a.sharing_group_id, a.disable_correlation, a.tags';
type KeyHitRow = [number, number, number, string, number, number | null, string | null, string, string, string, number, string,
  string | null, string | null, number, number, number | null, number, string];

/** The attribute of a key hit (never deleted: the query excludes deleted rows). */
function keyHitAttribute(r: KeyHitRow): StoredAttribute {
  return {
    id: r[2], uuid: r[3], eventId: r[4], objectId: r[5], objectRelation: r[6], type: r[7], category: r[8], value: r[9], toIds: r[10] === 1,
    comment: r[11], firstSeen: r[12], lastSeen: r[13], timestamp: r[14], distribution: r[15] as Distribution, sharingGroupId: r[16],
    deleted: false, disableCorrelation: r[17] === 1, tags: parseTags(r[18]),
  };
}
const VIA: IndexVia[] = ['value', 'half', 'host'];

function chunks<T>(arr: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n));
  return out;
}

export class SqliteLookup {
  private readonly inStmts = new Map<string, Statement>();
  private bits: number[] | null = null;
  private dataVersion = -1;
  private readonly version: Statement;
  /** Event rows of earlier lookups (most hits fall in few events); emptied on any write. */
  private readonly eventRows = new EventRowCache();
  private readonly pointsWithin: Statement;
  private readonly rangesWithin: Statement;

  constructor(private readonly db: Database) {
    this.version = db.prepare('PRAGMA data_version').pluck();
    this.pointsWithin = db.prepare(`SELECT start, attribute_id FROM ip_points WHERE start BETWEEN ? AND ? LIMIT ${MAX_WITHIN_PER_RANGE}`);
    this.rangesWithin = db.prepare(
      `SELECT start, attribute_id FROM ip_ranges WHERE start BETWEEN ? AND ? AND "end" <= ? LIMIT ${MAX_WITHIN_PER_RANGE}`,
    );
  }

  /**
   * Forget what was cached from the database (prefix lengths, event rows). Call after every write on this
   * connection: SQLite's `data_version` only moves for other connections' commits.
   */
  invalidate(): void {
    this.bits = null;
    this.eventRows.clear();
  }

  /** Drops the caches when another connection (or process) committed since the last lookup. */
  private checkVersion(): void {
    const v = this.version.get() as number;
    if (v !== this.dataVersion) {
      this.bits = null;
      this.eventRows.clear();
      this.dataVersion = v;
    }
  }

  private stmt(kind: 'key' | 'range', n: number): Statement {
    const name = `${kind}:${n}`;
    let s = this.inStmts.get(name);
    if (!s) {
      const list = Array.from({ length: n }, () => '?').join(',');
      s =
        kind === 'key'
          ? this.db.prepare(
              `SELECT ${KEY_HIT_COLUMNS} FROM value_keys vi JOIN attributes a ON a.id = vi.attribute_id` +
                ` WHERE vi.hash IN (${list}) AND a.deleted = 0`,
            ).raw(true)
          : this.db.prepare(`SELECT start, attribute_id FROM ip_ranges WHERE bits = ? AND start IN (${list})`);
      this.inStmts.set(name, s);
    }
    return s;
  }

  private rangeBits(): number[] {
    this.bits ??= (this.db.prepare('SELECT DISTINCT bits FROM ip_ranges').all() as Array<{ bits: number }>).map((r) => r.bits);
    return this.bits;
  }

  /** Index rows for the probes, hydrated and filtered by the sharing rule. */
  lookup(probes: LookupProbes, viewer: Viewer): LookupRow[] {
    this.checkVersion();
    const raw: RawHit[] = [];
    const byHash = new Map<number, string[]>();
    for (const k of new Set(probes.keys)) {
      const h = keyHash(k);
      const list = byHash.get(h);
      if (list) list.push(k);
      else byHash.set(h, [k]);
    }
    const entries = new Map<number, IndexEntries>();
    for (const c of chunks([...byHash.keys()])) {
      // Key hits come back with their attribute row (one pass instead of index scan + hydration by id).
      for (const r of this.stmt('key', c.length).all(c) as KeyHitRow[]) {
        const [hash, via, id, , , , , type, , value] = r;
        // A hash can stand for several keys: keep only the probes this attribute really has. The whole value
        // (via 0) is its own key, so only halves and URL hosts need the attribute's index entries.
        let attribute: StoredAttribute | undefined;
        for (const probe of byHash.get(hash) ?? []) {
          let has: boolean;
          if (via === 0) has = probe === value && probe.length <= MAX_KEY_LENGTH;
          else {
            let e = entries.get(id);
            if (!e) entries.set(id, (e = indexEntries(type, value)));
            has = hasIndexKey(e, probe, via);
          }
          if (has) raw.push({ probe, via: VIA[via] ?? 'value', attributeId: id, attribute: (attribute ??= keyHitAttribute(r)) });
        }
      }
    }
    if (probes.ipPoints.length || probes.ipRanges.length) {
      const byBits = new Map<number, Map<string, string[]>>();
      for (const p of containmentProbes(probes, this.rangeBits())) {
        let m = byBits.get(p.bits);
        if (!m) byBits.set(p.bits, (m = new Map()));
        m.set(p.start, p.probes);
      }
      for (const [bits, byMasked] of byBits) {
        for (const c of chunks([...byMasked.keys()])) {
          for (const r of this.stmt('range', c.length).all(bits, ...c) as Array<{ start: string; attribute_id: number }>) {
            for (const probe of byMasked.get(r.start) ?? []) raw.push({ probe, via: 'ip-contains', attributeId: r.attribute_id });
          }
        }
      }
    }
    for (const r of probes.ipRanges) {
      const probe = `${r.start}-${r.end}`;
      for (const row of this.pointsWithin.all(r.start, r.end) as Array<{ attribute_id: number }>) raw.push({ probe, via: 'ip-within', attributeId: row.attribute_id });
      for (const row of this.rangesWithin.all(r.start, r.end, r.end) as Array<{ attribute_id: number }>) {
        raw.push({ probe, via: 'ip-within', attributeId: row.attribute_id });
      }
    }
    return hydrateRows(this.db, raw, viewer, this.eventRows);
  }
}

