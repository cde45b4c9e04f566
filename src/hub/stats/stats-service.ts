/**
 * Community statistics over stored hourly aggregates: top lists per hour/day, weekly trends, per-sensor
 * normalisation (TSUBAME-style average per contributing sensor) and distinct sources merged across
 * members from the HyperLogLog sketches; baselines with quotable sentences. Community views withhold
 * figures backed by fewer than `minMembers` members (core/stats/member-threshold.ts) and say how many.
 */
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import { deviation, rankDeviations, type Deviation } from '../../core/stats/baseline.ts';
import { DEFAULT_MIN_MEMBERS, DEFAULT_MIN_SOURCES, isWithheld, suppressFigures, thresholdFor, type Withheld } from '../../core/stats/member-threshold.ts';
import { deviationSentence } from '../../core/stats/sentence.ts';
import type { Dimension, GroupQuery, GroupRow, StatsStore, StoredRow } from '../../storage/stats/port.ts';

const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;

/** One entry of a top list or trend point. */
export interface StatItem {
  key: string;
  label: string | null;
  events: number;
  sources: number;
  targets: number;
  perSensor: number;
  members: number;
}

/** One time bucket of a top list; `withheld` counts the keys left out for having too few members. */
export interface Bucket {
  start: string;
  sensors: number;
  items: StatItem[];
  withheld: Withheld;
}

/** One day of a trend; a withheld day has no figures (null), which is not the same as zero. */
export interface TrendPoint {
  day: string;
  sensors: number;
  events: number | null;
  sources: number | null;
  targets: number | null;
  perSensor: number | null;
  members: number | null;
  withheld: Withheld;
}

/** The key of a stored row in a dimension, or null if the row has none. */
export function keyOf(r: StoredRow, d: Dimension): string | null {
  switch (d) {
    case 'port':
      return r.port === null ? null : String(r.port);
    case 'signature':
      return r.sid === null ? null : String(r.sid);
    case 'country':
      return r.country;
    case 'asn':
      return r.asn === null ? null : String(r.asn);
  }
}

function labelOf(r: StoredRow, d: Dimension): string | null {
  if (d === 'signature') return r.signature;
  if (d === 'port') return r.proto;
  return null;
}

interface Acc {
  label: string | null;
  events: number;
  src: HyperLogLog | null;
  dst: HyperLogLog | null;
  members: Set<string>;
}

function accumulate(rows: StoredRow[], d: Dimension, bucketOf: (hour: number) => number): Map<number, Map<string, Acc>> {
  const out = new Map<number, Map<string, Acc>>();
  for (const r of rows) {
    const key = keyOf(r, d);
    if (key === null) continue;
    const b = bucketOf(r.hour);
    let m = out.get(b);
    if (!m) out.set(b, (m = new Map()));
    let a = m.get(key);
    if (!a) m.set(key, (a = { label: labelOf(r, d), events: 0, src: null, dst: null, members: new Set() }));
    a.events += r.events;
    const s = HyperLogLog.deserialize(r.sources);
    a.src = a.src ? a.src.merge(s) : s;
    const t = HyperLogLog.deserialize(r.targets);
    a.dst = a.dst ? a.dst.merge(t) : t;
    a.members.add(r.member);
  }
  return out;
}

/** Per bucket and key: summed events, label and members, from grouped rows (no sketches yet). */
function sums(groups: GroupRow[]): Map<number, Map<string, Acc>> {
  const out = new Map<number, Map<string, Acc>>();
  for (const g of groups) {
    let m = out.get(g.bucket);
    if (!m) out.set(g.bucket, (m = new Map()));
    let a = m.get(g.key);
    if (!a) m.set(g.key, (a = { label: g.label, events: 0, src: null, dst: null, members: new Set() }));
    if (a.label === null || (g.label !== null && g.label < a.label)) a.label = g.label ?? a.label;
    a.events += g.events;
    a.members.add(g.member);
  }
  return out;
}

function sensorCounts(cov: Array<{ hour: number; member: string; sensorId: string }>, bucketOf: (hour: number) => number): Map<number, number> {
  const sets = new Map<number, Set<string>>();
  for (const c of cov) {
    const b = bucketOf(c.hour);
    let s = sets.get(b);
    if (!s) sets.set(b, (s = new Set()));
    s.add(`${c.member}\u0000${c.sensorId}`);
  }
  return new Map([...sets].map(([b, s]) => [b, s.size]));
}

const toItem = (key: string, a: Acc, sensors: number): StatItem => ({
  key,
  label: a.label,
  events: a.events,
  sources: a.src ? a.src.estimate() : 0,
  targets: a.dst ? a.dst.estimate() : 0,
  perSensor: sensors > 0 ? Math.round((a.events / sensors) * 100) / 100 : 0,
  members: a.members.size,
});

const iso = (sec: number): string => new Date(sec * 1000).toISOString();

/**
 * Statistics queries; `member` restricts every figure to that member's own rows. Without it (community
 * totals) figures from fewer than `minMembers` members are withheld; `minMembers` in each answer is the k applied.
 */
export class StatsService {
  readonly #store: StatsStore;
  readonly #minMembers: number;
  readonly #minSources: number;

  /** `minSources`: the hub's own distinct-source threshold, applied to merged cells (never the batch's declared k). */
  constructor(store: StatsStore, opts: { minMembers?: number; minSources?: number } = {}) {
    this.#store = store;
    this.#minMembers = opts.minMembers ?? DEFAULT_MIN_MEMBERS;
    this.#minSources = opts.minSources ?? DEFAULT_MIN_SOURCES;
  }

  /**
   * Top keys of a dimension per hour or day between `from` and `to` (epoch seconds). Events and members
   * are summed by the database; sketches are read and merged only for the keys shown.
   */
  async top(q: { dimension: Dimension; period: 'hour' | 'day'; from: number; to: number; limit: number; member?: string }): Promise<{ sensors: number; minMembers: number; buckets: Bucket[] }> {
    const k = thresholdFor(q.member, this.#minMembers);
    const size = q.period === 'hour' ? HOUR : DAY;
    const bucketOf = (h: number): number => Math.floor(h / size) * size;
    const sel = { from: q.from, to: q.to, ...(q.member !== undefined ? { member: q.member } : {}) };
    const group = { ...sel, minSources: this.#minSources, dimension: q.dimension, bucketSeconds: size };
    const [groups, cov] = await Promise.all([this.#store.groups(group), this.#store.coverage(sel)]);
    const acc = sums(groups);
    const sensors = sensorCounts(cov, bucketOf);
    const starts = new Set([...acc.keys(), ...sensors.keys()]);
    const picked = [...starts].sort((a, b) => a - b).map((b) => {
      const { shown, withheld } = suppressFigures(acc.get(b) ?? new Map<string, Acc>(), ([, a]) => a, k);
      shown.sort(([kx, x], [ky, y]) => y.events - x.events || kx.localeCompare(ky));
      return { b, shown: shown.slice(0, q.limit), withheld };
    });
    await this.#mergeSketches(group, picked.flatMap((p) => p.shown.map(([key, a]) => ({ bucket: p.b, key, acc: a }))));
    const buckets = picked.map(({ b, shown, withheld }) => {
      const n = sensors.get(b) ?? 0;
      return { start: iso(b), sensors: n, items: shown.map(([key, a]) => toItem(key, a, n)), withheld };
    });
    return { sensors: sensorCounts(cov, () => 0).get(0) ?? 0, minMembers: k, buckets };
  }

  /** Reads the sketches of the given (bucket, key) figures only, in chunks of keys, and merges them in. */
  async #mergeSketches(q: GroupQuery, figures: Array<{ bucket: number; key: string; acc: Acc }>): Promise<void> {
    const want = new Map(figures.map((f) => [`${f.bucket}|${f.key}`, f.acc]));
    const keys = [...new Set(figures.map((f) => f.key))];
    for (let i = 0; i < keys.length; i += 500) {
      for (const s of await this.#store.sketches({ ...q, keys: keys.slice(i, i + 500) })) {
        const a = want.get(`${s.bucket}|${s.key}`);
        if (!a) continue;
        const src = HyperLogLog.deserialize(s.sources);
        a.src = a.src ? a.src.merge(src) : src;
        const dst = HyperLogLog.deserialize(s.targets);
        a.dst = a.dst ? a.dst.merge(dst) : dst;
      }
    }
  }

  /** Daily series of one key over the last `weeks` weeks up to `to`. */
  async trend(q: { dimension: Dimension; key: string; weeks: number; to: number; member?: string }): Promise<{ from: number; to: number; sensors: number; minMembers: number; points: TrendPoint[] }> {
    const k = thresholdFor(q.member, this.#minMembers);
    const to = Math.ceil(q.to / DAY) * DAY;
    const from = to - q.weeks * WEEK;
    const bucketOf = (h: number): number => Math.floor(h / DAY) * DAY;
    const sel = { from, to, ...(q.member !== undefined ? { member: q.member } : {}) };
    const [rows, cov] = await Promise.all([this.#store.rows({ ...sel, minSources: this.#minSources, filter: { dimension: q.dimension, key: q.key } }), this.#store.coverage(sel)]);
    const acc = accumulate(rows, q.dimension, bucketOf);
    const sensors = sensorCounts(cov, bucketOf);
    const points: TrendPoint[] = [];
    for (let d = from; d < to; d += DAY) {
      const n = sensors.get(d) ?? 0;
      const a = acc.get(d)?.get(q.key);
      const { shown, withheld } = suppressFigures(a ? [a] : [], (x) => x, k);
      const day = { day: iso(d), sensors: n, withheld };
      if (a && shown.length === 0) points.push({ ...day, events: null, sources: null, targets: null, perSensor: null, members: null });
      else {
        const item = a ? toItem(q.key, a, n) : { events: 0, sources: 0, targets: 0, perSensor: 0, members: 0 };
        points.push({ ...day, events: item.events, sources: item.sources, targets: item.targets, perSensor: item.perSensor, members: item.members });
      }
    }
    return { from, to, sensors: sensorCounts(cov, () => 0).get(0) ?? 0, minMembers: k, points };
  }

  /**
   * Ranks keys of `dimension` in `hour` by deviation from the same hour-of-week over the previous `weeks`
   * weeks (per-sensor values); with `key`, answers for that key even when it is absent this hour.
   * In community views a key with too few members this hour gets no sentence (it is counted in `withheld`),
   * and past weeks in which the key had too few members are left out of its history.
   */
  async baseline(q: { dimension: Dimension; hour: number; weeks: number; key?: string; limit: number; member?: string }): Promise<{
    hour: string;
    sensors: number;
    minMembers: number;
    withheld: Withheld;
    items: Array<{ key: string; label: string | null; events: number; sources: number; deviation: Deviation; history: number[]; sentence: { en: string; ja: string } }>;
  }> {
    const k = thresholdFor(q.member, this.#minMembers);
    const hours = [q.hour, ...Array.from({ length: q.weeks }, (_, i) => q.hour - (i + 1) * WEEK)];
    const filter = q.key !== undefined ? { filter: { dimension: q.dimension, key: q.key } } : {};
    const mine = q.member !== undefined ? { member: q.member } : {};
    const per = await Promise.all(
      hours.map(async (h) => {
        const [groups, cov] = await Promise.all([this.#store.groups({ from: h, to: h + HOUR, minSources: this.#minSources, dimension: q.dimension, bucketSeconds: HOUR, ...mine, ...filter }), this.#store.coverage({ from: h, to: h + HOUR, ...mine })]);
        const acc = sums(groups).get(h) ?? new Map<string, Acc>();
        return { acc, sensors: sensorCounts(cov, () => h).get(h) ?? 0 };
      }),
    );
    const now = per[0]!;
    const { shown, withheld } = suppressFigures(now.acc, ([, a]) => a, k);
    const keys = new Set(shown.map(([key]) => key));
    // An asked key nobody reported this hour is a true zero that reveals no one; a withheld one stays out.
    if (q.key !== undefined && !now.acc.has(q.key)) keys.add(q.key);
    const hourText = iso(q.hour);
    const ranked = rankDeviations([...keys].map((key) => {
      const a = now.acc.get(key);
      const current = a && now.sensors > 0 ? a.events / now.sensors : 0;
      const usable = per.slice(1).filter((p) => p.sensors > 0 && !isWithheld(p.acc.get(key)?.members.size ?? 0, k));
      const history = usable.map((p) => (p.acc.get(key)?.events ?? 0) / p.sensors);
      const d = deviation(current, history);
      const label = a?.label ?? per.find((p) => p.acc.get(key))?.acc.get(key)?.label ?? null;
      return { key, label, a, deviation: d, history };
    })).slice(0, q.limit);
    // Distinct sources only for the items answered: their sketches alone are read.
    await this.#mergeSketches({ from: q.hour, to: q.hour + HOUR, minSources: this.#minSources, dimension: q.dimension, bucketSeconds: HOUR, ...mine }, ranked.flatMap((r) => (r.a ? [{ bucket: q.hour, key: r.key, acc: r.a }] : [])));
    const items = ranked.map(({ key, label, a, deviation: d, history }) => ({
      key,
      label,
      events: a?.events ?? 0,
      sources: a?.src?.estimate() ?? 0,
      deviation: d,
      history: history.map((x) => Math.round(x * 100) / 100),
      sentence: deviationSentence({ dimension: q.dimension, key, label: q.dimension === 'signature' ? label : null }, d, { hour: hourText, sensors: now.sensors }),
    }));
    return { hour: hourText, sensors: now.sensors, minMembers: k, withheld, items };
  }
}
