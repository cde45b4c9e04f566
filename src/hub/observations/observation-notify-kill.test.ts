/**
 * Kill -9 of a real hub process (`renkei hub serve`, SQLite) between "observation accepted" and
 * "notification delivered": the post is answered with the background worker off and the hub is killed,
 * then restarted and killed again while the subscriber's webhook holds the delivery (the receiver has the
 * request, the hub has not recorded it as sent). After the last restart the subscriber has exactly one
 * in-app notification, and the webhook receiver and the SMTP receiver, which drop repeats by idempotency
 * key / Message-ID, each processed the notification exactly once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHubStorage } from '../../storage/open-hub-storage.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../testkit/smtp-receiver.ts';
import { killHub, spawnHub, type HubProcess } from '../../testkit/hub-process.ts';
import { createHub } from '../create-hub.ts';
import { webhookSignature } from '../notifications/delivery.ts';

const SECRET = 'obs-kill-test-seal-secret-012345';
const HOOK_SECRET = 'kinu-hook-secret-000001';
let dir = '';
let db = '';
const keys: Record<string, string> = {};
let memberId = 0;
let hook: http.Server;
let smtp: SmtpReceiver;
let hold = true;
const requests: Array<{ key: string; valid: boolean }> = [];
const processed = new Map<string, Record<string, unknown>>();
const held: http.ServerResponse[] = [];
let hub: HubProcess | null = null;

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const k = String(req.headers['idempotency-key']);
      requests.push({ key: k, valid: req.headers['x-renkei-signature'] === webhookSignature(HOOK_SECRET, String(req.headers['x-renkei-timestamp']), body) });
      if (hold) {
        held.push(res);
        return;
      }
      if (!processed.has(k)) processed.set(k, JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-obs-kill-'));
  db = path.join(dir, 'hub.db');
  const setup = await createHub({ db, secret: SECRET, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
  const ctx = setup.ctx;
  for (const [login, org, role] of [['aoba', 'Aoba CSIRT', 'analyst'], ['kinu', 'Kinu SOC', 'analyst'], ['hubadmin', 'Hub Operator', 'hub-admin']] as const) {
    const u = await ctx.auth.createUser({ login, password: null, orgName: org, role });
    keys[login] = (await ctx.auth.createKey(u.id, 'test')).key;
    if (login === 'kinu') {
      memberId = (await ctx.store.createMember(u.orgId, org)).id;
      await ctx.notifications.setContact({ memberId, email: 'soc@kinu.example', webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, webhookSecret: HOOK_SECRET, locale: 'en', interval: 'immediate' });
      await ctx.observations.subscribe({ userId: u.id, orgId: u.orgId, role, orgName: org }, { kind: 'observations' }, { email: true, webhook: true });
    }
  }
  await setup.close();
}, 60_000);
afterAll(async () => {
  if (hub) await killHub(hub).catch(() => undefined);
  for (const r of held) r.destroy();
  hook?.closeAllConnections();
  await new Promise((r) => hook?.close(r));
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (tickMs: number) => ({ RENKEI_HUB_DB: db, RENKEI_HUB_SECRET: SECRET, RENKEI_HUB_NOTIFY_TICK_MS: String(tickMs), RENKEI_HUB_NOTIFY_BACKOFF_MS: '100', RENKEI_HUB_SMTP_HOST: '127.0.0.1', RENKEI_HUB_SMTP_PORT: String(smtp.port) });
const get = async <T>(user: string, p: string): Promise<T> => (await (await fetch(`${hub!.url}${p}`, { headers: { authorization: `Bearer ${keys[user]}` } })).json()) as T;
const messageIds = () => smtp.mails.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]?.trim());

describe('observation notifications across SIGKILL of the hub', () => {
  it('are delivered exactly once (by idempotency key) after kills before the fan-out and during delivery', async () => {
    // 1. The post is accepted with the background worker off, then the hub is killed: nothing went out,
    // and the outbox row committed with the post is there.
    hub = await spawnHub(env(0));
    const res = await fetch(`${hub.url}/api/v1/observations`, {
      method: 'POST', headers: { authorization: `Bearer ${keys.aoba}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Telnet scan wave', body: 'ポート23', category: 'scanning', favours: ['speed', 'accuracy'], tlp: 'green', audience: { kind: 'community' }, indicators: ['192.0.2.1'] }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    await killHub(hub);
    hub = null;
    expect([requests, smtp.mails]).toEqual([[], []]);
    const storage = await openHubStorage(db);
    expect(await storage.observations.outboxBacklog()).toBe(1);
    await storage.close();

    // 2. Restarted with the worker on: fanned out and sent; killed while the webhook holds its answer.
    hub = await spawnHub(env(100));
    await until('the first webhook request', () => requests.length >= 1);
    await killHub(hub);
    for (const r of held.splice(0)) r.destroy();

    // 3. Restarted again: the same delivery is retried with the same key and now acknowledged.
    hold = false;
    hub = await spawnHub(env(100));
    type Row = { state: string; channel: string; idempotencyKey: string };
    const outbox = async () => (await get<{ deliveries: Row[] }>('hubadmin', '/api/v1/notifications/outbox')).deliveries;
    await until('both deliveries marked sent', async () => {
      const rows = await outbox();
      return rows.length === 2 && rows.every((d) => d.state === 'sent');
    });
    const rows = await outbox();
    const inApp = await get<{ notifications: Array<{ kind: string; itemId: number; title: string }> }>('kinu', '/api/v1/observation-notifications');
    await killHub(hub);
    hub = null;

    const key = `obs:${id}:m${memberId}`;
    expect(rows.map((r) => [r.channel, r.idempotencyKey]).sort()).toEqual([['email', `${key}:email`], ['webhook', `${key}:webhook`]]);
    expect(inApp.notifications.map((n) => [n.kind, n.itemId, n.title])).toEqual([['observation', id, 'Telnet scan wave']]);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.every((r) => r.valid && r.key === `${key}:webhook`)).toBe(true);
    expect([...processed.keys()]).toEqual([`${key}:webhook`]);
    expect(processed.get(`${key}:webhook`)).toMatchObject({ idempotency_key: `${key}:webhook`, type: 'observation', id, title: 'Telnet scan wave', author: 'Aoba CSIRT' });
    // The SMTP receiver keeps one message per Message-ID: exactly one, the notification's.
    expect([...new Set(messageIds())]).toEqual([`<${key}:email@renkei>`]);
    expect(smtp.mails[0]!.to).toEqual(['soc@kinu.example']);
    expect(smtp.mails[0]!.raw).toContain('Subject: [TLP:GREEN] New observation: Telnet scan wave');
  }, 180_000);
});
