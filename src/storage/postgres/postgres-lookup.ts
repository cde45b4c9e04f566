/** Batch index lookup on PostgreSQL (same plan as `sqlite/sqlite-lookup.ts`, with array parameters). */
import type { Pool } from 'pg';
import type { Viewer } from '../../core/sharing/access.ts';
import { commonBits, maskKey } from '../../core/matching/ip-bits.ts';
import type { IndexVia, LookupProbes, LookupRow } from '../port.ts';
import { hydrate, type RawHit } from './postgres-read.ts';

const VIA: IndexVia[] = ['value', 'half', 'host'];
const MAX_WITHIN_PER_RANGE = 10_000;
/** How long the set of stored range prefix lengths is trusted (other processes may add ranges). */
const BITS_TTL_MS = 2_000;

export class PostgresLookup {
  private bits: number[] | null = null;
  private bitsAt = 0;

  constructor(private readonly pool: Pool) {}

  invalidate(): void {
    this.bits = null;
  }

  private async rangeBits(): Promise<number[]> {
    if (this.bits === null || Date.now() - this.bitsAt > BITS_TTL_MS) {
      this.bits = (await this.pool.query('SELECT DISTINCT bits FROM ip_ranges')).rows.map((r: { bits: number }) => Number(r.bits));
      this.bitsAt = Date.now();
    }
    return this.bits;
  }

  async lookup(probes: LookupProbes, viewer: Viewer): Promise<LookupRow[]> {
    const raw: RawHit[] = [];
    const keys = [...new Set(probes.keys)];
    if (keys.length) {
      const res = await this.pool.query('SELECT key, attribute_id, via FROM value_index WHERE key = ANY($1::text[])', [keys]);
      for (const r of res.rows as Array<{ key: string; attribute_id: number; via: number }>) {
        raw.push({ probe: r.key, via: VIA[r.via] ?? 'value', attributeId: Number(r.attribute_id) });
      }
    }
    const containers = [
      ...probes.ipPoints.map((k) => ({ probe: k, key: k, bits: 128 })),
      ...probes.ipRanges.map((r) => ({ probe: `${r.start}-${r.end}`, key: r.start, bits: commonBits(r.start, r.end) })),
    ];
    if (containers.length) {
      const bitsList: number[] = [];
      const starts: string[] = [];
      const byProbe = new Map<string, string[]>();
      for (const bits of await this.rangeBits()) {
        for (const c of containers) {
          if (c.bits < bits) continue;
          const m = maskKey(c.key, bits);
          const k = `${bits}:${m}`;
          const list = byProbe.get(k);
          if (list) list.push(c.probe);
          else {
            byProbe.set(k, [c.probe]);
            bitsList.push(bits);
            starts.push(m);
          }
        }
      }
      if (starts.length) {
        const res = await this.pool.query(
          `SELECT r.start, r.bits, r.attribute_id FROM UNNEST($1::smallint[], $2::text[]) AS p(bits, start)
           JOIN ip_ranges r ON r.start = p.start COLLATE "C" AND r.bits = p.bits`,
          [bitsList, starts],
        );
        for (const r of res.rows as Array<{ start: string; bits: number; attribute_id: number }>) {
          for (const probe of byProbe.get(`${r.bits}:${r.start}`) ?? []) raw.push({ probe, via: 'ip-contains', attributeId: Number(r.attribute_id) });
        }
      }
    }
    for (const r of probes.ipRanges) {
      const probe = `${r.start}-${r.end}`;
      const pts = await this.pool.query(
        `SELECT attribute_id FROM ip_points WHERE start BETWEEN $1 AND $2 LIMIT ${MAX_WITHIN_PER_RANGE}`,
        [r.start, r.end],
      );
      const rgs = await this.pool.query(
        `SELECT attribute_id FROM ip_ranges WHERE start BETWEEN $1 AND $2 AND "end" <= $2 LIMIT ${MAX_WITHIN_PER_RANGE}`,
        [r.start, r.end],
      );
      for (const row of [...pts.rows, ...rgs.rows] as Array<{ attribute_id: number }>) raw.push({ probe, via: 'ip-within', attributeId: Number(row.attribute_id) });
    }
    return hydrate(this.pool, raw, viewer);
  }
}
