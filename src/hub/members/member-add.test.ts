/**
 * `hub members add` with a source: a failed source check leaves no member, organisation or source
 * behind, so a retry with a working source succeeds (SQLite and PostgreSQL, real node on loopback).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`adding a member with its source (${db})`, () => {
    let net: TestNetwork;
    let closedUrl = '';
    beforeAll(async () => {
      net = await startNetwork({ db, members: [{ name: 'Existing' }], hubConfig: { enrichment: { enabled: false, rangeDirs: [] } } });
      const s = http.createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      closedUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
      await new Promise((r) => s.close(r));
    });
    afterAll(async () => {
      await net?.close();
    });

    it('leaves nothing behind when the source check fails, and a retry succeeds', async () => {
      const { members, store } = net.hub.hub.ctx;
      const orgsBefore = (await store.listOrgs()).map((o) => o.name);
      await expect(members.add('Newcomer', undefined, { input: { kind: 'renkei', url: closedUrl, apiKey: 'k', verifyTls: true } })).rejects.toMatchObject({ code: 'source_unreachable' });
      expect(await store.getMember('Newcomer')).toBeNull();
      expect((await store.listOrgs()).map((o) => o.name)).toEqual(orgsBefore);
      expect((await store.listSources()).length).toBe(1);

      const node = net.nodes.Existing!;
      const m = await members.add('Newcomer', undefined, { input: { kind: 'renkei', url: node.url, apiKey: await node.createKey('renkei-hub-2', 'search'), verifyTls: true } });
      expect(m.sources.map((s) => [s.kind, s.url, s.status])).toEqual([['renkei', node.url, 'ok']]);
    });
  });
}
