/**
 * Deterministic community statistics for the demo, the report tests and the report benchmark: hourly
 * aggregate batches (real HyperLogLog sketches) from `members` members over `days` days, ingested
 * through the stats store like agents' batches. Telnet (23/tcp) triples in the last `surgeDays` days so
 * a report has a deviation to quote; one member alone reports 5555/tcp, which a report must withhold.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../../core/random/seeded-random.ts';
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import type { AggregateBatch, AggregateRow } from '../../core/stats/aggregate-batch.ts';
import type { StatsStore } from '../../storage/stats/port.ts';

const HOUR_MS = 3_600_000;

interface Profile {
  port: number;
  proto: string;
  sid: number;
  signature: string;
  country: string;
  asn: number;
  base: number;
}

const PROFILES: Profile[] = [
  { port: 23, proto: 'TCP', sid: 2000001, signature: 'ET SCAN Telnet login attempt', country: 'CN', asn: 4134, base: 40 },
  { port: 22, proto: 'TCP', sid: 2000002, signature: 'ET SCAN SSH brute force', country: 'US', asn: 14061, base: 30 },
  { port: 445, proto: 'TCP', sid: 2000003, signature: 'ET SCAN SMB probe', country: 'RU', asn: 49505, base: 20 },
  { port: 3389, proto: 'TCP', sid: 2000004, signature: 'ET SCAN RDP probe', country: 'NL', asn: 202425, base: 14 },
  { port: 80, proto: 'TCP', sid: 2000005, signature: 'ET WEB_SERVER path traversal', country: 'US', asn: 16509, base: 12 },
  { port: 8080, proto: 'TCP', sid: 2000006, signature: 'ET WEB_SERVER proxy probe', country: 'BR', asn: 28573, base: 8 },
  { port: 37215, proto: 'TCP', sid: 2000007, signature: 'ET EXPLOIT Huawei HG532 RCE', country: 'IN', asn: 9829, base: 6 },
  { port: 1433, proto: 'TCP', sid: 2000008, signature: 'ET SCAN MSSQL probe', country: 'KR', asn: 4766, base: 5 },
  { port: 123, proto: 'UDP', sid: 2000009, signature: 'ET DOS NTP monlist', country: 'VN', asn: 45899, base: 4 },
  { port: 6379, proto: 'TCP', sid: 2000010, signature: 'ET SCAN Redis probe', country: 'DE', asn: 24940, base: 3 },
];
/** Source countries and ASNs rotate over profiles and members, so they do not mirror the ports. */
const ORIGINS: Array<[string, number]> = [['CN', 4134], ['US', 14061], ['RU', 49505], ['NL', 202425], ['BR', 28573], ['IN', 9829], ['KR', 4766], ['VN', 45899], ['DE', 24940], ['US', 16509], ['CN', 4837]];
const LONE: Profile = { port: 5555, proto: 'TCP', sid: 2000011, signature: 'ET SCAN ADB probe', country: 'TW', asn: 3462, base: 50 };

function sketch(prefix: string, n: number): string {
  const h = new HyperLogLog();
  for (let i = 0; i < n; i++) {
    const d = createHash('sha256').update(`${prefix}${i}`).digest();
    h.addHash(d.readUInt32BE(0), d.readUInt32BE(4));
  }
  return h.serialize();
}

export interface SeedStatisticsOptions {
  /** Member names (one sensor each). */
  members: string[];
  /** First hour (ms, UTC); `days` days of hourly batches follow. */
  fromMs: number;
  days: number;
  surgeDays?: number;
  /** Hours per day that carry a batch (24 = every hour). */
  hoursPerDay?: number;
  /** How many members (the first ones) report 5555/tcp (default 1). */
  loneMembers?: number;
  seed?: number;
}

/** The batches, member by member and hour by hour (deterministic for a seed). */
export function* statisticsBatches(o: SeedStatisticsOptions): Generator<{ member: string; batch: AggregateBatch }> {
  const r = seededRandom(o.seed ?? 20261101);
  const every = Math.max(1, Math.floor(24 / (o.hoursPerDay ?? 24)));
  const surgeFrom = o.fromMs + (o.days - (o.surgeDays ?? 7)) * 24 * HOUR_MS;
  // Sketches are reused across batches (their content only has to reach the distinct-source threshold).
  const sk = new Map<string, string>();
  const sketchOf = (key: string, n: number) => sk.get(`${key}|${n}`) ?? sk.set(`${key}|${n}`, sketch(key, n)).get(`${key}|${n}`)!;
  for (const [mi, member] of o.members.entries()) {
    const weight = 0.6 + ((mi * 37) % 10) / 10;
    for (let h = 0; h < o.days * 24; h += every) {
      const hourMs = o.fromMs + h * HOUR_MS;
      const rows: AggregateRow[] = [];
      for (const [pi, p] of [...PROFILES, ...(mi < (o.loneMembers ?? 1) ? [LONE] : [])].entries()) {
        // Telnet keeps its origin (the surge has one source network); the rest rotate per member.
        const [country, asn] = pi === 0 || p === LONE ? [p.country, p.asn] : ORIGINS[(pi + mi) % ORIGINS.length]!;
        const surge = p.port === 23 && hourMs >= surgeFrom ? 3 : 1;
        const events = Math.max(1, Math.round(p.base * weight * surge * (0.5 + r()) * every));
        rows.push({ kind: 'alert', gid: 1, sid: p.sid, signature: p.signature, category: 'Attempted Information Leak', severity: 2, port: p.port, proto: p.proto, country, asn, events, sources: sketchOf(`${p.port}-src`, 4 + (mi % 3)), targets: sketchOf(`${member}-dst`, 3) });
      }
      const hour = new Date(hourMs).toISOString();
      const batchId = createHash('sha256').update(`${o.seed ?? 0}|${member}|${hour}`).digest('hex').slice(0, 32);
      yield { member, batch: { batchId, member, sensorId: `${member.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-s1`, hour, hoursCovered: [hour], rows, withheld: { rows: 0, events: 0 }, k: 3, agentVersion: 'seed' } };
    }
  }
}

/** Ingests the batches into the stats store; returns how many were stored. */
export async function seedStatistics(stats: StatsStore, o: SeedStatisticsOptions): Promise<number> {
  let n = 0;
  for (const { member, batch } of statisticsBatches(o)) {
    await stats.ingest(member, batch, Date.now());
    n++;
  }
  return n;
}
