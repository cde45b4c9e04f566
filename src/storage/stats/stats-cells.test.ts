/**
 * Batches of one (member, sensor, hour) merge into cells at the hub before any threshold: however a
 * sensor-hour was split into batches (and in whatever order they arrive, concurrently or not), the stored
 * cells equal those of one batch, sketch for sketch; the hub's own distinct-source threshold applies to the
 * merged cell, not to what each batch declared. On SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { statsStoreEngines } from '../../testkit/stats-stores.ts';
import { seededRandom } from '../../core/random/seeded-random.ts';
import type { AggregateRow } from '../../core/stats/aggregate-batch.ts';
import { batch, row, sketchOf, sources } from '../../hub/stats/test-batches.ts';
import type { StatsStore } from './port.ts';

const H0 = Date.UTC(2026, 10, 20, 13);

const engines = statsStoreEngines('stats-cells');

/** One "true" sensor-hour: per key, the events and the sources behind them. */
const KEYS = [22, 23, 80, 443, 3389, 5900].map((port) => ({ port, country: port % 2 ? 'CN' : 'US' }));
function truth(seed: number): Array<{ port: number; country: string; events: Array<string> }> {
  const r = seededRandom(seed);
  return KEYS.map((k) => ({ ...k, events: Array.from({ length: 20 + Math.floor(r() * 30) }, () => `src-${k.port}-${Math.floor(r() * 12)}`) }));
}

/** Splits every key's events over `parts` batches at random cut points; a part may hold no events of a key. */
function split(t: ReturnType<typeof truth>, parts: number, seed: number): AggregateRow[][] {
  const r = seededRandom(seed);
  const out: AggregateRow[][] = Array.from({ length: parts }, () => []);
  for (const k of t) {
    const owner = k.events.map(() => Math.floor(r() * parts));
    for (let p = 0; p < parts; p++) {
      const evs = k.events.filter((_, i) => owner[i] === p);
      if (evs.length) out[p]!.push({ ...row({ port: k.port, country: k.country, events: evs.length, sources: evs }), targets: sketchOf(evs.map((e) => `t-${e}`)) });
    }
  }
  return out;
}

const view = async (s: StatsStore, minSources?: number) =>
  (await s.rows({ from: 0, to: 4_000_000_000, ...(minSources !== undefined ? { minSources } : {}) })).map((r) => ({ hour: r.hour, sensor: r.sensorId, port: r.port, country: r.country, events: r.events, sources: r.sources, targets: r.targets }));

for (const [name, open] of engines) {
  describe(`stats cells on ${name}`, () => {
    it('stores the same cells however a sensor-hour was split into batches, in any order, even concurrently', async () => {
      const t = truth(5);
      const whole = await open();
      const parts = await open();
      const racing = await open();
      try {
        await whole.store.ingest('A', batch(H0, 's1', split(t, 1, 1)[0]!), 1);
        const want = await view(whole.store);
        expect(want.map((w) => [w.port, w.events])).toEqual(KEYS.map((k, i) => [k.port, t[i]!.events.length]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))).map((x) => x));
        expect(want.find((w) => w.port === 22)!.sources).toBe(sketchOf(t[0]!.events));

        const pieces = split(t, 5, 2).map((rows) => batch(H0, 's1', rows));
        for (const b of [...pieces].reverse()) await parts.store.ingest('A', b, 1);
        // A redelivered piece changes nothing.
        expect(await parts.store.ingest('A', pieces[2]!, 2)).toEqual({ duplicate: true });
        expect(await view(parts.store)).toEqual(want);

        const many = split(t, 12, 3).map((rows) => batch(H0, 's1', rows));
        await Promise.all(many.map((b) => racing.store.ingest('A', b, 1)));
        expect(await view(racing.store)).toEqual(want);
      } finally {
        await whole.cleanup();
        await parts.cleanup();
        await racing.cleanup();
      }
    });

    it('applies its own distinct-source threshold to merged cells, not the k a batch declared', async () => {
      const h = await open();
      try {
        // Two batches each with 2 distinct sources of port 22 (4 together); one batch with 1 source of port 23
        // that claims k = 3 all the same.
        await h.store.ingest('A', batch(H0, 's1', [row({ port: 22, events: 3, sources: ['a', 'b', 'a'] })]), 1);
        expect(await view(h.store, 3)).toEqual([]);
        await h.store.ingest('A', batch(H0, 's1', [row({ port: 22, events: 2, sources: ['c', 'd'] })]), 1);
        await h.store.ingest('A', batch(H0, 's1', [row({ port: 23, events: 50, sources: ['lone'] })]), 1);
        // A different sensor is a different cell: its sources do not lift the other sensor's row.
        await h.store.ingest('A', batch(H0, 's2', [row({ port: 23, events: 5, sources: ['x', 'y'] })]), 1);
        const shown = await view(h.store, 3);
        expect(shown.map((r) => [r.sensor, r.port, r.events, r.sources])).toEqual([['s1', 22, 5, sketchOf(['a', 'b', 'c', 'd'])]]);
        expect((await view(h.store)).map((r) => [r.sensor, r.port, r.events])).toEqual([['s1', 22, 5], ['s1', 23, 50], ['s2', 23, 5]]);
      } finally {
        await h.cleanup();
      }
    });

    it('keeps different hours and members apart', async () => {
      const h = await open();
      try {
        const r = row({ events: 4, sources: sources('q', 4) });
        await h.store.ingest('A', batch(H0, 's1', [r]), 1);
        await h.store.ingest('B', batch(H0, 's1', [r]), 1);
        await h.store.ingest('A', batch(H0 + 3_600_000, 's1', [r]), 1);
        const got = await h.store.rows({ from: 0, to: 4_000_000_000 });
        expect(got.map((x) => [x.hour, x.member, x.events])).toEqual([[H0 / 1000, 'A', 4], [H0 / 1000, 'B', 4], [H0 / 1000 + 3600, 'A', 4]]);
      } finally {
        await h.cleanup();
      }
    });
  });
}
