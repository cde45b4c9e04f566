/**
 * IP indicators in observations and room posts are routed into the notification pipeline (both engines):
 * each address in approved space reaches its owner only, and only when the owner may read the item
 * (community GREEN yes, AMBER to a group only its members, RED never); an unapproved claim receives
 * nothing; an anonymous item is never counted or named as a reporter, a named one only after opting in.
 * Routing runs from the observations outbox in the background, once per posted item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

const body = (over: Record<string, unknown>) => ({ title: 'x', body: 'ポート23', category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' }, indicators: [], ...over });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`observation and room indicators routed on ${engine}`, () => {
    let h: ObservationsHub;
    beforeAll(async () => {
      h = await startObservationsHub(engine, 3, { notifications: { tickMs: 0 } });
      const ctx = h.hub.ctx;
      // Kinu (in the topic group) and Sora (not) are ISPs with approved space; Umi's claim is never approved.
      for (const [user, prefix, approve] of [['kinuAnalyst', '8.8.8.0/24', true], ['soraAnalyst', '9.9.9.0/24', true], ['umiAnalyst', '1.1.1.0/24', false]] as const) {
        const m = await ctx.store.createMember(h.users[user]!.orgId, h.users[user]!.org);
        const c = await ctx.storage.addressSpace.addClaim({ memberId: m.id, kind: 'prefix', value: prefix, check: null, createdBy: 1, at: 1 });
        if (approve) await ctx.storage.addressSpace.decide(c.id, 'approved', 1, 1, null);
      }
      // Aoba, the reporter, opts in to be named.
      const aoba = await ctx.store.createMember(h.users.aobaAnalyst!.orgId, h.users.aobaAnalyst!.org);
      await ctx.notifications.setContact({ memberId: aoba.id, email: null, webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily', nameAsReporter: true });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });
    const inbox = async (user: string) => ((await (await h.api(user, 'GET', '/api/v1/notifications/inbox')).json()) as { reports: Array<{ address: string; category: string; sources: string[]; reporterCount: number; namedReporters: string[]; evidence: Record<string, unknown> }> }).reports
      .map((r) => `${r.address} ${r.category} ${r.sources.join('+')} ${r.reporterCount} ${r.namedReporters.join('+') || '-'}`);

    it('reaches the owning member only when it may read the item; anonymous items have no reporter', async () => {
      const post = async (over: Record<string, unknown>) => expect((await h.api('aobaAnalyst', 'POST', '/api/v1/observations', body(over))).status).toBe(201);
      await post({ indicators: ['8.8.8.5', '9.9.9[.]9', '1.1.1.1', '45.1.2.3', 'evil.example'] });
      await post({ category: 'brute-force', tlp: 'amber', audience: { kind: 'group', groupId: h.groupId }, indicators: ['8.8.8.6', '9.9.9.6'] });
      await post({ tlp: 'red', indicators: ['8.8.8.7', '9.9.9.7'] });
      await post({ category: 'malware', anonymous: true, indicators: ['8.8.8.8'] });
      const room = ((await (await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'Telnet wave', tlp: 'green', audience: { kind: 'community' } })).json()) as { id: number }).id;
      expect((await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${room}/posts`, { text: 'sources', indicators: ['9.9.9.10', '8.8.8.9'] })).status).toBe(201);
      expect((await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${room}/posts`, { text: 'anon', indicators: ['9.9.9.11'], anonymous: true })).status).toBe(201);
      const red = ((await (await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'RED room', tlp: 'red', audience: { kind: 'community' } })).json()) as { id: number }).id;
      expect((await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${red}/posts`, { text: 'red', indicators: ['9.9.9.12'] })).status).toBe(201);

      // Routing runs in the background with the outbox's fan-out: drain it (twice over: nothing is routed again).
      for (let round = 0; round < 2; round++) while ((await h.hub.ctx.observations.processNotifications()).more);

      expect({ kinu: await inbox('kinuAnalyst'), sora: await inbox('soraAnalyst'), umi: await inbox('umiAnalyst'), aoba: await inbox('aobaAnalyst') }).toEqual({
        kinu: ['8.8.8.5 scanner observation 1 Aoba CSIRT', '8.8.8.6 bruteforce observation 1 Aoba CSIRT', '8.8.8.8 malware-infection observation 0 -', '8.8.8.9 other room 1 Aoba CSIRT'],
        sora: ['9.9.9.9 scanner observation 1 Aoba CSIRT', '9.9.9.10 other room 1 Aoba CSIRT', '9.9.9.11 other room 0 -'],
        umi: [],
        aoba: [],
      });
      // The hub admin sees every routed report; nothing of the RED items was routed anywhere.
      const all = JSON.stringify(await inbox('hubAdmin'));
      for (const never of ['8.8.8.7', '9.9.9.7', '9.9.9.12', '1.1.1.1', '45.1.2.3']) expect(all).not.toContain(never);
    });
  });
}
