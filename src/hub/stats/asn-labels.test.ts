/** AS numbers carry their names in hub statistics (top lists label ASN keys from the hub's IP data). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpInfo } from '../../geo/ip-info.ts';
import { createEnricher } from '../enrich/enricher.ts';
import { createSqliteStatsStore } from '../../storage/stats/sqlite-stats-store.ts';
import type { StatsStore } from '../../storage/stats/port.ts';
import { StatsService } from './stats-service.ts';
import { batch, row, sources } from './test-batches.ts';

const H0 = Date.UTC(2026, 10, 20, 13);
let dir: string;
let store: StatsStore;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-asn-labels-'));
  store = createSqliteStatsStore(path.join(dir, 'stats.db'));
  await store.migrate();
  for (const [m, s] of [['A', 's1'], ['B', 's2'], ['C', 's3']] as const) {
    await store.ingest(m, batch(H0, s, [
      row({ country: 'US', asn: 7018, port: 22, events: 10, sources: sources(`${m}-us-`, 8) }),
      row({ country: 'JP', asn: 2516, port: 23, events: 5, sources: sources(`${m}-jp-`, 8) }),
      row({ country: 'ZZ', asn: 4_200_000_000, port: 80, events: 3, sources: sources(`${m}-zz-`, 8) }),
    ], m), H0);
  }
}, 60_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ASN labels in statistics', () => {
  it('top ASNs carry the AS name from the IP data; a private-use AS number has none', async () => {
    const info = await createIpInfo();
    const enricher = await createEnricher({ rangeDirs: [] });
    expect(enricher.asName(7018)).toBe(info.asName!(7018));
    expect(info.asName!(7018)).toMatch(/AT&T|ATT/i);
    const service = new StatsService(store, { minMembers: 1, asName: (n) => enricher.asName(n) });
    const r = await service.top({ dimension: 'asn', period: 'hour', from: H0 / 1000, to: H0 / 1000 + 3600, limit: 10 });
    const items = r.buckets.flatMap((b) => b.items).map((i) => [i.key, i.label]);
    expect(items).toEqual([['7018', info.asName!(7018)], ['2516', info.asName!(2516)], ['4200000000', null]]);
    const unlabelled = new StatsService(store, { minMembers: 1 });
    const u = await unlabelled.top({ dimension: 'asn', period: 'hour', from: H0 / 1000, to: H0 / 1000 + 3600, limit: 10 });
    expect(u.buckets.flatMap((b) => b.items).map((i) => i.label)).toEqual([null, null, null]);
  });
});
