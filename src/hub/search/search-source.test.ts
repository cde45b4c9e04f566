/**
 * The deadline bounds a member whatever its connector does: a call that never settles is reported as a
 * timeout at the deadline, and does not keep its concurrency slot, so the member's next search runs.
 */
import { describe, expect, it } from 'vitest';
import type { HitContext } from '../../contracts/federation.ts';
import type { SourceConnector } from '../sources/connector.ts';
import { Limiter } from './limiter.ts';
import { searchSource } from './search-source.ts';

const connector = (search: SourceConnector['search']): SourceConnector => ({
  batchSize: 100,
  check: async () => ({ ok: true }) as never,
  search,
});
const base = { searchId: 's', searcher: { name: 'Org A' }, kinds: ['exact' as const] };
const values = [{ type: 'ip-dst', value: '192.0.2.1' }];

describe('searchSource deadline', () => {
  it('reports a call that never settles as a timeout and frees its slot for the next search', async () => {
    const limiter = new Limiter(1);
    const never = connector(() => new Promise<Map<number, HitContext[]>>(() => undefined));
    const opts = { deadlineMs: 200, retries: 0, backoffMs: 1, limiter };
    const t0 = performance.now();
    const first = await searchSource(never, values, base, opts);
    expect([first.status, first.reason]).toEqual(['timeout', 'timeout']);
    expect(performance.now() - t0).toBeLessThan(5_000);
    // The same limiter (one slot): the hung call must not block a member that answers now.
    const hit = new Map<number, HitContext[]>([[0, []]]);
    const second = await searchSource(connector(async () => hit), values, base, opts);
    expect([second.status, second.error]).toEqual(['ok', null]);
  });
});
