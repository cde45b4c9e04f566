/**
 * /stats/top and /stats/baseline sum events and members in the database and decode sketches only for the
 * figures they answer: with 60 keys from three members and limit 2, a handful of sketches are decoded, not
 * all 360; and the answer equals a brute-force computation over every stored cell. On SQLite and PostgreSQL.
 */
import { describe, expect, it, vi } from 'vitest';
import { statsStoreEngines } from '../../testkit/stats-stores.ts';
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import { StatsService } from './stats-service.ts';
import { batch, row, sources } from './test-batches.ts';

const H0 = Date.UTC(2026, 10, 20, 13);

const engines = statsStoreEngines('stats-reads');

for (const [name, open] of engines) {
  describe(`stats reads on ${name}`, () => {
    it('decodes sketches only for the shown keys, with the same answer as a full pass', async () => {
      const h = await open();
      try {
        await h.store.migrate();
        for (const [m, shift] of [['A', 0], ['B', 7], ['C', 13]] as const) {
          // Port 1000+i gets (i * 37 + shift) % 101 + 3 events; sources overlap across members.
          const rows = Array.from({ length: 60 }, (_, i) => row({ port: 1000 + i, events: ((i * 37 + shift) % 101) + 3, sources: sources(`p${i}-`, 3 + ((i + shift) % 5)) }));
          await h.store.ingest(m, batch(H0, `${m}-s`, rows), 1);
        }
        const svc = new StatsService(h.store, { minMembers: 3, minSources: 3 });
        const spy = vi.spyOn(HyperLogLog, 'deserialize');
        const from = H0 / 1000;
        const top = await svc.top({ dimension: 'port', period: 'hour', from, to: from + 3600, limit: 2 });
        const decoded = spy.mock.calls.length;
        spy.mockRestore();
        expect(decoded).toBe(2 * 3 * 2);

        // Brute force over every cell.
        const all = await h.store.rows({ from: 0, to: 4_000_000_000 });
        const byPort = new Map<number, { events: number; src: HyperLogLog; dst: HyperLogLog }>();
        for (const r of all) {
          const a = byPort.get(r.port!) ?? { events: 0, src: new HyperLogLog(), dst: new HyperLogLog() };
          a.events += r.events;
          a.src.merge(HyperLogLog.deserialize(r.sources));
          a.dst.merge(HyperLogLog.deserialize(r.targets));
          byPort.set(r.port!, a);
        }
        const want = [...byPort].sort(([pa, a], [pb, b]) => b.events - a.events || String(pa).localeCompare(String(pb))).slice(0, 2)
          .map(([port, a]) => ({ key: String(port), label: 'TCP', events: a.events, sources: a.src.estimate(), targets: a.dst.estimate(), perSensor: Math.round((a.events / 3) * 100) / 100, members: 3 }));
        expect(top.buckets).toEqual([{ start: new Date(H0).toISOString(), sensors: 3, items: want, withheld: { items: 0, events: 0 } }]);

        const spy2 = vi.spyOn(HyperLogLog, 'deserialize');
        const base = await svc.baseline({ dimension: 'port', hour: from, weeks: 2, limit: 3 });
        const decoded2 = spy2.mock.calls.length;
        spy2.mockRestore();
        expect(base.items).toHaveLength(3);
        expect(decoded2).toBe(3 * 3 * 2);
        for (const it of base.items) expect(it.sources).toBe(byPort.get(Number(it.key))!.src.estimate());
      } finally {
        await h.cleanup();
      }
    });
  });
}
