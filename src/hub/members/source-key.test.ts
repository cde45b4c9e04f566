/**
 * A source key that cannot work later (70,000 characters, a lone surrogate, a space or control character)
 * is a 400 at validation on every path: the HTTP API and the service the CLI calls. Nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ members: [{ name: 'Key Member' }], hubOverrides: { ipInfo: null } });
}, 120_000);
afterAll(async () => net?.close());

const BAD: [string, string][] = [
  ['70,000 characters', 'k'.repeat(70_000)],
  ['1,025 characters', 'k'.repeat(1025)],
  ['a lone surrogate', `abc\ud800def`],
  ['a space', 'abc def'],
  ['a control character', 'abc\u0007def'],
  ['non-ASCII', 'キー1234567890'],
];

describe('source key validation', () => {
  for (const [what, key] of BAD) {
    it(`${what}: 400 validation_failed over HTTP and from the service; no source stored`, async () => {
      const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
      const m = (await admin.listMembers()).members.find((x) => x.name === 'Key Member')!;
      const url = net.nodes['Key Member']!.url;
      await expect(admin.addSource(m.id, { kind: 'renkei', url, apiKey: key })).rejects.toMatchObject({ status: 400, code: 'validation_failed', message: expect.stringMatching(/apiKey/) });
      await expect(net.hub.hub.ctx.members.addSource(m.id, { kind: 'renkei', url, apiKey: key, verifyTls: true }, { skipCheck: true }))
        .rejects.toMatchObject({ code: 'validation_failed' });
      expect((await admin.listMembers()).members.find((x) => x.name === 'Key Member')!.sources).toHaveLength(1);
    });
  }

  it('a 1,024-character visible-ASCII key passes validation (and then fails the source check as a bad key)', async () => {
    const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    const m = (await admin.listMembers()).members.find((x) => x.name === 'Key Member')!;
    await expect(admin.addSource(m.id, { kind: 'renkei', url: net.nodes['Key Member']!.url, apiKey: '!~'.repeat(512) })).rejects.toMatchObject({ code: 'source_bad_key' });
  });
});
