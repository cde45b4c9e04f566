import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../testkit/store-factory.ts';
import { runImport } from './run-import.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');

// Fails loudly when RENKEI_TEST_PG is unset (createTestStore throws), as the test rules require.
describe('import into PostgreSQL', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('postgres');
  }, 120_000);
  afterAll(async () => t?.cleanup());

  it('imports MISP events and CSV/text lists, re-import changes nothing', async () => {
    const paths = [
      path.join(DATA, 'misp/events'),
      path.join(DATA, 'iocs/abusech-threatfox/full_sha256.csv'),
      path.join(DATA, 'iocs/spamhaus-drop/drop_v4.json'),
      path.join(DATA, 'iocs/eset-malware-ioc/modiloader/samples.sha1'),
    ];
    const org = { name: 'PG Import Org' };
    const first = await runImport(t.store, paths, { org, batchAttributes: 2000 });
    expect(first.rejected).toBe(1);
    expect(first.rejections[0]).toMatchObject({ line: 13, value: 'f0295f2e46cebffaf7892a5b33ba54122781c20bs' });
    expect((await t.store.counts()).attributes).toBe(first.imported);
    expect(first.imported).toBeGreaterThan(4037 + 1406 + 297);
    const again = await runImport(t.store, paths, { org });
    expect(again.imported + again.updated).toBe(0);
    expect(again.events.created + again.events.updated).toBe(0);
    expect(again.unchanged).toBe(first.imported + first.updated + first.unchanged);
  }, 300_000);
});
