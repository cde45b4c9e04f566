/** enforceWarninglist on restSearch and warninglist flags in federation hits, with real MISP warninglists. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event } from './test-support.ts';

const LISTS = path.resolve(process.cwd(), '../shared/data/misp/warninglists');

describe('warninglists on the node', () => {
  let t: TestNode;
  let key: string;
  beforeAll(async () => {
    t = await startTestNode({ config: { warninglistsDir: LISTS } });
    key = await t.createKey('NodeOwner', 'admin');
    await t.store.saveEvents([event('dns', [attr('ip-dst', '8.8.8.8'), attr('ip-dst', '45.6.6.6'), attr('ip-dst', '1.1.1.1', { toIds: false })], { tlp: 'green' })], t.ownerOrg.id);
  });
  afterAll(async () => t?.close());

  it('drops to_ids attributes on a warninglist only when enforceWarninglist is set (as MISP)', async () => {
    const values = ['8.8.8.8', '45.6.6.6', '1.1.1.1'];
    const plain = await call(`${t.url}/attributes/restSearch`, key, 'POST', { value: values });
    expect(plain.json.response.Attribute).toHaveLength(3);
    const enforced = await call(`${t.url}/attributes/restSearch`, key, 'POST', { value: values, enforceWarninglist: 1 });
    expect(enforced.json.response.Attribute.map((a: any) => a.value).sort()).toEqual(['1.1.1.1', '45.6.6.6']);
    expect(enforced.headers.get('x-skipped-elements-count')).toBe('1');
  });

  it('flags federation hits with the warninglists that name the searched value', async () => {
    const r = await call(`${t.url}/federation/v1/search`, key, 'POST', { searchId: 'w', searcher: { name: 'X' }, values: [{ type: 'ip-dst', value: '8.8.8.8' }, { type: 'ip-dst', value: '45.6.6.6' }] });
    const byIndex = Object.fromEntries(r.json.results.map((x: any) => [x.index, x.hits[0].warninglists]));
    expect(byIndex[0].length).toBeGreaterThan(0);
    expect(byIndex[0].join(' ')).toMatch(/DNS/i);
    expect(byIndex[1]).toEqual([]);
  });
});
