/**
 * The background notification worker is woken by the write itself: with a timer far longer than the test
 * (60 s), a subscriber still hears of a new observation and of a room post within seconds, and the
 * outbox is empty afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObservationsHub, type ObservationsHub } from '../../testkit/observations-hub.ts';

describe('notify worker wake-up (sqlite)', () => {
  let h: ObservationsHub;
  beforeAll(async () => {
    h = await startObservationsHub('sqlite', 3, { notifications: { tickMs: 60_000 } });
  }, 60_000);
  afterAll(async () => h?.close());
  const inApp = async (user: string) => ((await (await h.api(user, 'GET', '/api/v1/observation-notifications')).json()) as { notifications: Array<{ kind: string; title: string }> }).notifications.map((n) => `${n.kind}:${n.title}`);

  it('tells subscribers soon after the write, without waiting for the timer', async () => {
    expect((await h.api('kinuAnalyst', 'PUT', '/api/v1/observation-subscriptions', { scope: { kind: 'observations' } })).status).toBe(200);
    const room = ((await (await h.api('aobaAnalyst', 'POST', '/api/v1/rooms', { title: 'Wake room', tlp: 'green', audience: { kind: 'community' } })).json()) as { id: number }).id;
    expect((await h.api('kinuAnalyst', 'PUT', '/api/v1/observation-subscriptions', { scope: { kind: 'room', roomId: room } })).status).toBe(200);
    const post = await h.api('aobaAnalyst', 'POST', '/api/v1/observations', { title: 'WAKE-POST', body: 'x', category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' }, indicators: [] });
    expect(post.status).toBe(201);
    expect((await h.api('aobaAnalyst', 'POST', `/api/v1/rooms/${room}/posts`, { text: 'wake', indicators: [] })).status).toBe(201);
    await expect.poll(() => inApp('kinuAnalyst'), { timeout: 15_000, interval: 50 }).toEqual(['room:Wake room', 'observation:WAKE-POST']);
    expect(await h.hub.ctx.storage.observations.outboxBacklog()).toBe(0);
  });
});
