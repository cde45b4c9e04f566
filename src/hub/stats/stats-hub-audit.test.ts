/** In the real hub, statistics ingests and opt-in changes land in the hub's audit log (counts, not contents). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHub } from '../create-hub.ts';
import { batch, row, sources } from './test-batches.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-stats-hub-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stats audit in the hub', () => {
  it('records ingest, duplicate and opt-in with the acting org and user', async () => {
    const hub = await createHub({ db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, enrichment: { enabled: false }, webDir: null });
    try {
      const url = await hub.listen();
      const agent = await hub.ctx.auth.createUser({ login: 'agent-1', password: null, orgName: 'Aoba CSIRT', role: 'analyst' });
      const { key } = await hub.ctx.auth.createKey(agent.id, 'agent');
      const send = (body: unknown, method = 'POST', p = 'ingest') => fetch(`${url}/api/v1/stats/${p}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const b = batch(Date.UTC(2026, 10, 20, 13), 'fw-1', [row({ events: 9, sources: sources('x', 4) }), row({ port: 22, events: 4, sources: sources('y', 3) })]);
      expect((await send(b)).status).toBe(200);
      expect((await send(b)).status).toBe(200);
      expect((await send({ optIn: true }, 'PUT', 'opt-in')).status).toBe(200);
      const log = (await hub.ctx.store.listAudit(50)).filter((e) => e.action.startsWith('stats-'));
      expect(log.map((e) => [e.action, e.actorOrg, e.actorUserId, e.count]).sort()).toEqual([
        ['stats-ingest', 'Aoba CSIRT', agent.id, 2],
        ['stats-ingest-duplicate', 'Aoba CSIRT', agent.id, 2],
        ['stats-opt-in', 'Aoba CSIRT', agent.id, null],
      ].sort());
      expect(JSON.stringify(log)).not.toMatch(/hll1|ET SCAN/);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
