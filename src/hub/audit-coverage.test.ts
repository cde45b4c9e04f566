/**
 * What the hub audits (SQLite and PostgreSQL, real HTTP): API key creation and deletion, sign-in, failed
 * sign-in and sign-out, source additions and removals, statistics opt-in and opt-out; never a password or
 * a key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startNetwork, TEST_PASSWORD, type TestNetwork } from '../testkit/network.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`hub audit log (${db})`, () => {
    let net: TestNetwork;
    beforeAll(async () => {
      net = await startNetwork({ db, members: [{ name: 'Aoba CSIRT' }], hubConfig: { enrichment: { enabled: false, rangeDirs: [] } } });
    });
    afterAll(async () => {
      await net?.close();
    });

    it('records keys, sign-ins, sources and opt-in changes, with their actor', async () => {
      const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
      const start = (await admin.audit(10_000)).entries.length;
      const user = net.users['Aoba CSIRT']!.admin;
      const bearer = { authorization: `Bearer ${user.key}` };
      const call = (method: string, p: string, body?: unknown, headers: Record<string, string> = bearer) =>
        fetch(`${net.hub.url}${p}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

      const created = (await (await call('POST', '/api/v1/keys', { label: 'for the audit' })).json()) as { key: string; info: { id: number; prefix: string } };
      expect((await call('DELETE', `/api/v1/keys/${created.info.id}`)).status).toBe(204);

      const json = {};
      expect((await call('POST', '/api/v1/session', { login: user.login, password: 'not-the-password' }, json)).status).toBe(401);
      const signedIn = await call('POST', '/api/v1/session', { login: user.login, password: TEST_PASSWORD }, json);
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
      expect((await call('DELETE', '/api/v1/session', undefined, { cookie, 'x-csrf-token': csrfToken })).status).toBe(204);

      const node = net.nodes['Aoba CSIRT']!;
      const member = (await admin.listMembers()).members.find((m) => m.name === 'Aoba CSIRT')!;
      const src = await admin.addSource(member.id, { kind: 'renkei', url: node.url, apiKey: await node.createKey('renkei-hub-audit', 'search') });
      await admin.removeSource(src.id);

      expect((await call('PUT', '/api/v1/stats/opt-in', { optIn: true })).status).toBe(200);
      expect((await call('PUT', '/api/v1/stats/opt-in', { optIn: false })).status).toBe(200);

      const entries = (await admin.audit(10_000)).entries.slice(0, (await admin.audit(10_000)).entries.length - start).reverse();
      expect(entries.map((e) => [e.action, e.actorOrg])).toEqual([
        ['key-add', 'Aoba CSIRT'],
        ['key-remove', 'Aoba CSIRT'],
        ['sign-in-failed', 'Aoba CSIRT'],
        ['sign-in', 'Aoba CSIRT'],
        ['sign-out', 'Aoba CSIRT'],
        ['source-add', 'Hub Operator'],
        ['source-remove', 'Hub Operator'],
        ['stats-opt-in', 'Aoba CSIRT'],
        ['stats-opt-out', 'Aoba CSIRT'],
      ]);
      expect(entries[0]!.detail).toBe(created.info.prefix);
      expect(entries[5]!.detail).toBe(`source ${src.id}: member ${member.id} renkei ${node.url}`);
      const text = JSON.stringify(entries);
      expect(text).not.toContain(TEST_PASSWORD);
      expect(text).not.toContain('not-the-password');
      expect(text).not.toContain(created.key);
    });
  });
}
