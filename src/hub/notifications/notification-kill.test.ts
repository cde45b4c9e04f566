/**
 * Kill -9 of a real hub process (`renkei hub serve`, SQLite) between "report accepted" and "notification
 * sent", and again while the webhook is being delivered (the receiver has the request, the hub has not
 * recorded it as sent): after each restart the notification goes out, and the receiver, which drops
 * repeats by idempotency key, processes it exactly once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHub, spawnHub, type HubProcess } from '../../testkit/hub-process.ts';
import { createHub } from '../create-hub.ts';
import { webhookSignature } from './delivery.ts';

const SECRET = 'kill-test-seal-secret-0123456789';
const HOOK_SECRET = 'tsubaki-hook-secret-0001';
let dir = '';
let db = '';
let key = '';
let hook: http.Server;
let hold = true;
const requests: Array<{ key: string; valid: boolean; body: string }> = [];
const processed = new Map<string, string>();
const held: http.ServerResponse[] = [];
let hub: HubProcess | null = null;

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const k = String(req.headers['idempotency-key']);
      requests.push({ key: k, valid: req.headers['x-renkei-signature'] === webhookSignature(HOOK_SECRET, String(req.headers['x-renkei-timestamp']), body), body });
      if (hold) {
        // The receiver has it; the hub is killed before it hears back.
        held.push(res);
        return;
      }
      if (!processed.has(k)) processed.set(k, body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-notify-kill-'));
  db = path.join(dir, 'hub.db');
  const setup = await createHub({ db, secret: SECRET, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
  const ctx = setup.ctx;
  const member = await ctx.members.add('Tsubaki Telecom');
  const admin = await ctx.auth.createUser({ login: 'hubadmin', password: 'hub-admin-password', orgName: 'Hub Operator', role: 'hub-admin' });
  key = (await ctx.auth.createKey(admin.id, 'test')).key;
  const who = { userId: admin.id, login: 'hubadmin', orgId: 0, orgName: 'Hub Operator', orgUuid: '', role: 'hub-admin' as const, locale: 'en' as const, via: 'key' as const, csrfToken: null };
  const claim = await ctx.addressSpace.claim(who, { kind: 'prefix', value: '8.8.8.0/24', memberId: member.id });
  await ctx.addressSpace.decide(who, claim.id, 'approved', null);
  await ctx.notifications.setContact({ memberId: member.id, email: null, webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, webhookSecret: HOOK_SECRET, locale: 'en', interval: 'immediate' });
  await setup.close();
}, 60_000);
afterAll(async () => {
  if (hub) await killHub(hub).catch(() => undefined);
  for (const r of held) r.destroy();
  hook?.closeAllConnections();
  await new Promise((r) => hook?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const env = (tickMs: number) => ({ RENKEI_HUB_DB: db, RENKEI_HUB_SECRET: SECRET, RENKEI_HUB_NOTIFY_TICK_MS: String(tickMs), RENKEI_HUB_NOTIFY_BACKOFF_MS: '100' });

describe('notifications across SIGKILL of the hub', () => {
  it('sends exactly once (by idempotency key) after kills before composing and during delivery', async () => {
    // 1. Report accepted, then killed before any batch is composed (timer off).
    hub = await spawnHub(env(0));
    const res = await fetch(`${hub.url}/api/v1/notifications/reports`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'honeypot', records: [{ address: '8.8.8.5', category: 'scanner', time: Date.parse('2026-12-01T10:00:00Z') }, { address: '8.8.8.9', category: 'bruteforce', time: Date.parse('2026-12-01T10:00:00Z') }] }),
    });
    expect(((await res.json()) as { routed: number }).routed).toBe(2);
    await killHub(hub);
    expect(requests).toEqual([]);

    // 2. Restarted with the timer on: the batch is composed and the webhook sent; killed while it waits.
    hub = await spawnHub(env(100));
    await until('the first webhook request', () => requests.length >= 1);
    await killHub(hub);
    for (const r of held.splice(0)) r.destroy();

    // 3. Restarted again: the same delivery is retried with the same key and now acknowledged.
    hold = false;
    hub = await spawnHub(env(100));
    const outbox = async () => ((await (await fetch(`${hub!.url}/api/v1/notifications/outbox`, { headers: { authorization: `Bearer ${key}` } })).json()) as { deliveries: Array<{ state: string; ticket: string; idempotencyKey: string }> }).deliveries;
    await until('the delivery marked sent', async () => (await outbox()).every((d) => d.state === 'sent') && (await outbox()).length > 0);
    const rows = await outbox();
    await killHub(hub);
    hub = null;

    expect(rows.length).toBe(1);
    expect(new Set(requests.map((r) => r.key))).toEqual(new Set([rows[0]!.idempotencyKey]));
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.every((r) => r.valid)).toBe(true);
    expect([...processed.keys()]).toEqual([rows[0]!.idempotencyKey]);
    const payload = JSON.parse(processed.get(rows[0]!.idempotencyKey)!) as { ticket: string; reports: Array<{ source_identifier: string; category: string }> };
    expect(payload.ticket).toBe(rows[0]!.ticket);
    expect(payload.reports.map((r) => [r.source_identifier, r.category])).toEqual([['8.8.8.5', 'scanner'], ['8.8.8.9', 'bruteforce']]);
  }, 120_000);
});
