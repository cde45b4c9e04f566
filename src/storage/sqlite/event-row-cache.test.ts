/**
 * The lookup keeps event rows between searches: a change to an event (its distribution, TLP) must be
 * seen by the very next lookup, whether this connection or another one (another process) wrote it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchValues } from '../../services/search-values.ts';
import { attr, event } from '../contract/fixtures.ts';
import { openStore } from '../open-store.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-event-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite lookup event-row cache', () => {
  it('a narrowed or TLP-raised event stops matching for others at once (same and other connection)', async () => {
    const file = path.join(dir, 'cache.sqlite');
    const a = await openStore(file);
    const b = await openStore(file);
    const owner = await a.store.ensureOrg({ name: 'Owner' });
    const other = await a.store.ensureOrg({ name: 'Other' });
    const otherViewer = { orgId: other.id, sharingGroupIds: [] as number[] };
    const values = async () => (await searchValues(a.store, ['cache.example'], { viewer: otherViewer }))[0]!.hits.map((h) => `${h.attribute.value} ${h.event.info}`);
    const ev = event([attr('domain', 'cache.example')], { info: 'shared', distribution: 3, tags: [{ name: 'tlp:green' }] });
    await a.store.saveEvents([ev], owner.id);
    expect(await values()).toEqual(['cache.example shared']);
    // This connection narrows the event to its organisation.
    await a.store.saveEvents([{ ...ev, info: 'own org', distribution: 0, timestamp: ev.timestamp + 1 }], owner.id);
    expect(await values()).toEqual([]);
    await a.store.saveEvents([{ ...ev, info: 'shared again', distribution: 3, timestamp: ev.timestamp + 2 }], owner.id);
    expect(await values()).toEqual(['cache.example shared again']);
    // Another connection raises it to TLP:RED.
    await b.store.saveEvents([{ ...ev, info: 'red', distribution: 3, tags: [{ name: 'tlp:red' }], timestamp: ev.timestamp + 3 }], owner.id);
    expect(await values()).toEqual([]);
    await b.store.deleteEvent(ev.uuid);
    expect((await searchValues(a.store, ['cache.example'], { viewer: { orgId: owner.id, sharingGroupIds: [] } }))[0]!.hits).toEqual([]);
    await a.close();
    await b.close();
  });
});
