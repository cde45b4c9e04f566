/**
 * Who sees which member's sources (issue 13 §6): a hub admin sees every member's node URL; an analyst and a
 * member admin see their own member's sources and every other member by name only. Real hub, real nodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

let tn: TestNetwork;
beforeAll(async () => {
  tn = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }], hubOverrides: { ipInfo: null } });
}, 60_000);
afterAll(async () => {
  await tn?.close();
});

describe('member list by role', () => {
  const urls = async (key: string) => {
    const { members } = await createHubClient({ baseUrl: tn.hub.url, apiKey: key }).listMembers();
    return Object.fromEntries(members.map((m) => [m.name, m.sources.map((s) => s.url)]));
  };
  it('hub admin: every node URL', async () => {
    expect(await urls(tn.hub.admin.key)).toEqual({ 'Aoba CSIRT': [tn.nodes['Aoba CSIRT']!.url], 'Kinu SOC': [tn.nodes['Kinu SOC']!.url] });
  });
  it('analyst and member admin: their own member’s sources only; other members by name', async () => {
    for (const u of [tn.users['Aoba CSIRT']!.analyst, tn.users['Aoba CSIRT']!.admin]) {
      expect(await urls(u.key), u.login).toEqual({ 'Aoba CSIRT': [tn.nodes['Aoba CSIRT']!.url], 'Kinu SOC': [] });
    }
    const body = JSON.stringify(await createHubClient({ baseUrl: tn.hub.url, apiKey: tn.users['Kinu SOC']!.analyst.key }).listMembers());
    expect(body).not.toContain(tn.nodes['Aoba CSIRT']!.url);
    expect(body).toContain(tn.nodes['Kinu SOC']!.url);
  });
});
