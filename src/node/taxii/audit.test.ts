/** TAXII reads, posts and deletes reach the node's audit hook with who and how much, never bodies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiHarness, type TaxiiHarness } from './test-harness.ts';
import { principalOf } from './context.ts';
import { ADD_OBJECTS, GET_MANIFESTS, TEST_OBJECT, del, get, post } from './conformance/endpoints.ts';

describe('TAXII audit hook', () => {
  let h: TaxiiHarness;
  const log: { org: string; action: string; detail: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    h = await startTaxiiHarness('sqlite', {
      seed: true,
      plugin: { audit: async (req, action, detail) => void log.push({ org: principalOf(req).orgName, action, detail }) },
    });
  });
  afterAll(async () => h?.close());

  it('records post, read and delete with counts', async () => {
    await post(h, ADD_OBJECTS, { objects: [TEST_OBJECT, { type: 'bogus' }] });
    await get(h, GET_MANIFESTS);
    await del(h, `${ADD_OBJECTS}${TEST_OBJECT.id}/`);
    expect(log).toEqual([
      { org: 'Malware Research Group', action: 'taxii.objects.add', detail: { collection: '365fed99-08fa-fdcd-a1b3-fb247eb41d01', total: 2, succeeded: 1, failed: 1, events: 0 } },
      { org: 'Malware Research Group', action: 'taxii.manifest.get', detail: { collection: '91a7b528-80eb-42ed-a74d-c6fbd5a26116', returned: 5 } },
      { org: 'Malware Research Group', action: 'taxii.object.delete', detail: { collection: '365fed99-08fa-fdcd-a1b3-fb247eb41d01', object: TEST_OBJECT.id, versions: 1 } },
    ]);
    expect(JSON.stringify(log)).not.toContain('Test object');
  });
});
