import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../core/indicators/normalize.ts';
import { searchNormalized } from '../services/search-values.ts';
import { attributeAt, generateEvents, sampleSearchValues } from './generate-attributes.ts';
import { createTestStore, type TestStore } from './store-factory.ts';

describe('generateEvents / sampleSearchValues', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await createTestStore('sqlite');
  });
  afterAll(async () => s.cleanup());

  it('is deterministic and yields canonical values in batches of the requested size', () => {
    const a = [...generateEvents({ attributes: 1_000, seed: 3, perEvent: 100, batchAttributes: 300 })];
    const b = [...generateEvents({ attributes: 1_000, seed: 3, perEvent: 100, batchAttributes: 300 })];
    expect(a).toEqual(b);
    expect(a.map((batch) => batch.reduce((n, e) => n + e.attributes.length, 0))).toEqual([300, 300, 300, 100]);
    const types = new Set(a.flat().flatMap((e) => e.attributes.map((x) => x.type)));
    expect([...types].sort()).toEqual(['domain', 'filename|md5', 'hostname', 'ip-dst', 'ip-dst|port', 'md5', 'sha1', 'sha256', 'url']);
    for (let i = 0; i < 300; i++) {
      const { type, value } = attributeAt(3, i);
      if (type.includes('|')) continue;
      const n = normalize(value);
      expect(n.ok && n.value).toBe(value);
    }
  });

  it('samples values whose expected hits the store really returns', async () => {
    const org = await s.store.ensureOrg({ name: 'Gen' });
    for (const batch of generateEvents({ attributes: 5_000, seed: 9 })) await s.store.saveEvents(batch, org.id);
    const values = sampleSearchValues({ attributes: 5_000, seed: 9, count: 500 });
    const res = await searchNormalized(s.store, values, { viewer: { orgId: org.id, sharingGroupIds: [] } });
    const expected = values.filter((v) => v.expect).length;
    expect(expected).toBeGreaterThan(200);
    expect(new Set(values.map((v) => v.expect))).toEqual(new Set([null, 'exact', 'composite', 'cidr', 'subdomain', 'url-host']));
    res.forEach((r, i) => {
      const want = values[i]!.expect;
      if (want) expect(r.hits.map((h) => h.match)).toContain(want);
      else expect(r.hits).toEqual([]);
    });
  });
});
