/**
 * Notifications of new observations and room updates are one more read path (both engines, real SMTP
 * receiver and webhook receiver on loopback): each subscriber hears, in-app, by e-mail and by the signed
 * webhook, of exactly what the read rule lets it read (TLP:RED never leaves its org, AMBER only to the
 * group or named orgs), anonymous authors are never named in what leaves the hub, and an in-app
 * notification disappears when its item is no longer readable.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '../../testkit/smtp-receiver.ts';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';
import { webhookSignature } from '../notifications/delivery.ts';
import { createObservationNotifier } from './observation-notifier.ts';

const SECRET = 'kinu-webhook-secret-0123';
const body = (over: Record<string, unknown>) => ({ body: 'ポート23', category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' }, indicators: ['192.0.2[.]1'], ...over });

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`observation notifications on ${engine}`, () => {
    let h: ObservationsHub;
    let smtp: SmtpReceiver;
    let hook: http.Server;
    const hooks: Array<{ valid: boolean; payload: Record<string, unknown>; raw: string }> = [];
    beforeAll(async () => {
      smtp = await startSmtpReceiver();
      hook = http.createServer((req, res) => {
        let raw = '';
        req.on('data', (c: Buffer) => (raw += c.toString()));
        req.on('end', () => {
          hooks.push({ valid: req.headers['x-renkei-signature'] === webhookSignature(SECRET, String(req.headers['x-renkei-timestamp']), raw), payload: JSON.parse(raw) as Record<string, unknown>, raw });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      h = await startObservationsHub(engine, 3, { notifications: { tickMs: 0, smtpHost: '127.0.0.1', smtpPort: smtp.port, from: 'renkei@hub.test', backoffMs: 0, maxAttempts: 2 } });
      const ctx = h.hub.ctx;
      // Kinu, Sora and Umi are members with delivery settings (the notification pipeline's contacts).
      const contact = async (user: string, c: { email?: string; webhookUrl?: string; webhookSecret?: string }) => {
        const m = await ctx.store.createMember(h.users[user]!.orgId, h.users[user]!.org);
        await ctx.notifications.setContact({ memberId: m.id, email: c.email ?? null, webhookUrl: c.webhookUrl ?? null, webhookSecret: c.webhookSecret ?? null, locale: 'en', interval: 'immediate' });
      };
      await contact('kinuAnalyst', { webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, webhookSecret: SECRET });
      await contact('soraAnalyst', { email: 'soc@sora.example' });
      await contact('umiAnalyst', { email: 'soc@umi.example' });
      await contact('aobaAdmin', { email: 'soc@aoba.example' });
      const sub = async (user: string, scope: unknown, ch: { email?: boolean; webhook?: boolean } = {}) => {
        const r = await h.api(user, 'PUT', '/api/v1/observation-subscriptions', { scope, ...ch });
        return r.status;
      };
      expect(await sub('kinuAnalyst', { kind: 'observations' }, { webhook: true })).toBe(200);
      expect(await sub('soraAnalyst', { kind: 'observations' }, { email: true })).toBe(200);
      expect(await sub('umiAnalyst', { kind: 'observations' }, { email: true })).toBe(200);
      expect(await sub('hubAdmin', { kind: 'observations' })).toBe(200);
      expect(await sub('aobaAdmin', { kind: 'observations' }, { email: true })).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await h?.close();
      await smtp?.close();
      hook?.closeAllConnections();
      await new Promise((r) => hook?.close(r));
    });
    const inApp = async (user: string) => ((await (await h.api(user, 'GET', '/api/v1/observation-notifications')).json()) as { notifications: Array<{ title: string; kind: string }> }).notifications.map((n) => `${n.kind}:${n.title}`);

    it('each subscriber hears in-app, by e-mail and webhook of exactly what it may read; anonymous authors stay unnamed', async () => {
      const post = async (over: Record<string, unknown>) => expect((await h.api('aobaAnalyst', 'POST', '/api/v1/observations', body(over))).status).toBe(201);
      await post({ title: 'ANON-POST', anonymous: true });
      await post({ title: 'RED-POST', tlp: 'red' });
      await post({ title: 'AMBER-GROUP', tlp: 'amber', audience: { kind: 'group', groupId: h.groupId } });
      await post({ title: 'AMBER-SORA', tlp: 'amber', audience: { kind: 'orgs', orgIds: [h.users.soraAnalyst!.orgId] } });
      // Nothing is told inside the posting request: the fan-out is the background worker's (off here).
      expect(await inApp('umiAnalyst')).toEqual([]);
      expect(await h.hub.ctx.observations.processNotifications()).toEqual({ entries: 4, told: 10, failed: 0, more: false });
      expect({
        aobaAdmin: await inApp('aobaAdmin'), kinu: await inApp('kinuAnalyst'), sora: await inApp('soraAnalyst'), umi: await inApp('umiAnalyst'), hubAdmin: await inApp('hubAdmin'),
        aobaAnalyst: await inApp('aobaAnalyst'),
      }).toEqual({
        aobaAdmin: ['observation:AMBER-SORA', 'observation:AMBER-GROUP', 'observation:RED-POST', 'observation:ANON-POST'],
        kinu: ['observation:AMBER-GROUP', 'observation:ANON-POST'],
        sora: ['observation:AMBER-SORA', 'observation:ANON-POST'],
        umi: ['observation:ANON-POST'],
        hubAdmin: ['observation:ANON-POST'],
        // The poster is not told of its own post (and did not subscribe).
        aobaAnalyst: [],
      });
      expect(await h.hub.ctx.notifications.deliver()).toEqual({ sent: 8, failed: 0 });
      const mails = smtp.mails.map((m) => [m.to[0], /Subject: (.*)/.exec(m.raw)?.[1]]).sort();
      // Aoba's own RED post reaches its subscriber in-app only: TLP:RED is never mailed.
      expect(mails).toEqual([
        ['soc@aoba.example', '[TLP:AMBER] New observation: AMBER-GROUP'], ['soc@aoba.example', '[TLP:AMBER] New observation: AMBER-SORA'], ['soc@aoba.example', '[TLP:GREEN] New observation: ANON-POST'],
        ['soc@sora.example', '[TLP:AMBER] New observation: AMBER-SORA'], ['soc@sora.example', '[TLP:GREEN] New observation: ANON-POST'], ['soc@umi.example', '[TLP:GREEN] New observation: ANON-POST'],
      ]);
      for (const m of smtp.mails.filter((x) => x.raw.includes('ANON-POST') && !x.to.includes('soc@aoba.example'))) {
        expect(m.raw).not.toContain('Aoba');
        expect(m.raw).toContain('Posted by: a member');
      }
      expect(smtp.mails.map((m) => m.raw).join('')).not.toMatch(/RED-POST/);
      expect(smtp.mails.filter((m) => !m.to.includes('soc@aoba.example')).map((m) => m.raw).join('')).not.toMatch(/AMBER-GROUP/);
      expect(hooks.map((x) => [x.valid, x.payload.title, x.payload.author])).toEqual([[true, 'ANON-POST', null], [true, 'AMBER-GROUP', 'Aoba CSIRT']]);
      expect(hooks[0]!.raw).not.toContain('Aoba');
      // Nothing more to send: each message went out once.
      expect(await h.hub.ctx.notifications.deliver()).toEqual({ sent: 0, failed: 0 });

      // The group item becomes RED: Kinu's in-app notification of it is gone (read at read time).
      const groupItem = ((await (await h.api('aobaAnalyst', 'GET', '/api/v1/observations?text=AMBER-GROUP')).json()) as { observations: Array<{ id: number }> }).observations[0]!.id;
      expect((await h.api('aobaAnalyst', 'PUT', `/api/v1/observations/${groupItem}`, body({ title: 'AMBER-GROUP', tlp: 'red' }))).status).toBe(200);
      expect(await inApp('kinuAnalyst')).toEqual(['observation:ANON-POST']);
    });

    it('room updates reach the room subscribers that may read the room; a RED room cannot be subscribed to by others', async () => {
      const room = ((await (await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'DDoS wave', tlp: 'green', audience: { kind: 'community' } })).json()) as { id: number }).id;
      const red = ((await (await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'RED room', tlp: 'red', audience: { kind: 'community' } })).json()) as { id: number }).id;
      expect((await h.api('kinuAnalyst', 'PUT', '/api/v1/observation-subscriptions', { scope: { kind: 'room', roomId: red }, webhook: true })).status).toBe(404);
      expect((await h.api('kinuAnalyst', 'PUT', '/api/v1/observation-subscriptions', { scope: { kind: 'room', roomId: room }, webhook: true })).status).toBe(200);
      expect((await h.api('umiAnalyst', 'PUT', '/api/v1/observation-subscriptions', { scope: { kind: 'room', roomId: room } })).status).toBe(200);
      hooks.length = 0;
      expect((await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${room}/posts`, { text: 'ANON-ROOM-POST', indicators: ['198.51.100.7'], anonymous: true })).status).toBe(201);
      expect((await h.api('soraAnalyst', 'PUT', `/api/v1/rooms/${room}/status`, { status: 'affected', note: 'blocking' })).status).toBe(200);
      expect((await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${red}/posts`, { text: 'RED-ROOM-POST' })).status).toBe(201);
      expect(await h.hub.ctx.observations.processNotifications()).toEqual({ entries: 3, told: 4, failed: 0, more: false });
      // A second pass finds nothing left: every row was fanned out once.
      expect(await h.hub.ctx.observations.processNotifications()).toEqual({ entries: 0, told: 0, failed: 0, more: false });
      expect([await inApp('umiAnalyst'), (await inApp('kinuAnalyst')).filter((n) => n.startsWith('room:'))]).toEqual([['room:DDoS wave', 'room:DDoS wave', 'observation:ANON-POST'], ['room:DDoS wave', 'room:DDoS wave']]);
      expect(await h.hub.ctx.notifications.deliver()).toEqual({ sent: 2, failed: 0 });
      expect(hooks.map((x) => [x.valid, x.payload.change, x.payload.post ? (x.payload.post as { author: unknown }).author : 'none', (x.payload.post as { text: string } | undefined)?.text ?? null])).toEqual([
        [true, 'post', null, 'ANON-ROOM-POST'], [true, 'status', 'none', null],
      ]);
      expect(hooks.map((x) => x.raw).join('')).not.toMatch(/Aoba|RED-ROOM-POST/);
    });
    it('fans out in bounded ticks: a page of subscribers per tick, each told once, nothing left after', async () => {
      const ctx = h.hub.ctx;
      const small = createObservationNotifier({ store: ctx.storage.observations, hub: ctx.store, notifications: ctx.notifications, now: ctx.now, limits: { maxEntries: 5, maxSubscribers: 2 } });
      const before = { aobaAdmin: await inApp('aobaAdmin'), kinu: await inApp('kinuAnalyst'), sora: await inApp('soraAnalyst'), umi: await inApp('umiAnalyst'), hubAdmin: await inApp('hubAdmin') };
      expect((await h.api('aobaAnalyst', 'POST', '/api/v1/observations', body({ title: 'PAGED' }))).status).toBe(201);
      // Five subscribers in user id order (Aoba admin, Kinu, Sora, Umi, the operator): 2 + 2 + 1.
      expect(await small.process()).toEqual({ entries: 1, told: 2, failed: 0, more: true });
      expect([await inApp('kinuAnalyst'), await inApp('soraAnalyst')]).toEqual([['observation:PAGED', ...before.kinu], before.sora]);
      expect(await small.process()).toEqual({ entries: 1, told: 2, failed: 0, more: true });
      expect(await small.process()).toEqual({ entries: 1, told: 1, failed: 0, more: false });
      expect(await small.process()).toEqual({ entries: 0, told: 0, failed: 0, more: false });
      expect(await ctx.observations.processNotifications()).toEqual({ entries: 0, told: 0, failed: 0, more: false });
      expect({ aobaAdmin: await inApp('aobaAdmin'), kinu: await inApp('kinuAnalyst'), sora: await inApp('soraAnalyst'), umi: await inApp('umiAnalyst'), hubAdmin: await inApp('hubAdmin') }).toEqual({
        aobaAdmin: ['observation:PAGED', ...before.aobaAdmin], kinu: ['observation:PAGED', ...before.kinu], sora: ['observation:PAGED', ...before.sora],
        umi: ['observation:PAGED', ...before.umi], hubAdmin: ['observation:PAGED', ...before.hubAdmin],
      });
    });
  });
}
