/**
 * The notification pipeline end to end on a real hub: events posted over HTTP are routed by longest-prefix
 * match to the owning member only, deduplicated, batched with a ticket and delivered by real SMTP (a real
 * receiver on loopback, nodemailer on the hub side) and by an HMAC-signed webhook; failures are retried
 * with the same idempotency key; a restart between "queued" and "sent" sends exactly once. Read matrix of
 * inbox and outbox by role and member; reporters are never named to the recipient.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../testkit/smtp-receiver.ts';
import { webhookSignature } from './delivery.ts';

let net: TestNetwork;
let smtp: SmtpReceiver;
let hook: http.Server;
let hookUrl = '';
let hookFails = 0;
const SECRET = 'kinu-webhook-secret-0123';
const hookSeen: Array<{ key: string; ticket: string; valid: boolean; addresses: string[]; raw: string }> = [];
const hookKeys = new Set<string>();

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (hookFails > 0) {
        hookFails--;
        res.writeHead(500).end();
        return;
      }
      const key = String(req.headers['idempotency-key']);
      const valid = req.headers['x-renkei-signature'] === webhookSignature(SECRET, String(req.headers['x-renkei-timestamp']), body);
      // A receiver drops repeats by the idempotency key, as the hub's at-least-once delivery expects.
      if (!hookKeys.has(key)) {
        hookKeys.add(key);
        const parsed = JSON.parse(body) as { ticket: string; reports: Array<{ source_identifier: string }> };
        hookSeen.push({ key, ticket: parsed.ticket, valid, addresses: parsed.reports.map((r) => r.source_identifier), raw: body });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/renkei`;
  net = await startNetwork({
    members: [{ name: 'Tsubaki Telecom' }, { name: 'Kinu Telecom' }, { name: 'Aoba CSIRT' }],
    hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0, smtpHost: '127.0.0.1', smtpPort: smtp.port, from: 'abuse@renkei.test', backoffMs: 0, maxAttempts: 3 } },
  });
}, 60_000);
afterAll(async () => {
  await net?.close();
  await smtp?.close();
  hook?.closeAllConnections();
  await new Promise((r) => hook?.close(r));
});

const api = async (key: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${net.hub.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
};
const T = Date.parse('2026-12-01T10:00:00Z');

describe('notification pipeline', () => {
  it('routes each address to its owner only, dedups, delivers by SMTP and signed webhook, retries, survives a restart', async () => {
    const hubKey = net.hub.admin.key;
    const tsubaki = net.users['Tsubaki Telecom']!;
    const kinu = net.users['Kinu Telecom']!;
    const aoba = net.users['Aoba CSIRT']!;
    const claim = async (key: string, value: string) => {
      const c = (await api(key, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value })).body as { id: number };
      await api(hubKey, 'POST', `/api/v1/address-space/claims/${c.id}/approve`);
    };
    await claim(tsubaki.admin.key, '8.8.8.0/24');
    await claim(kinu.admin.key, '8.8.8.128/25');
    await claim(kinu.admin.key, '2001:db8::/32');
    // Aoba's claim is never approved: it must receive nothing.
    await api(aoba.admin.key, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value: '1.1.1.0/24' });

    expect((await api(tsubaki.analyst.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example' })).status).toBe(403);
    expect((await api(tsubaki.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example', memberId: 999 })).status).toBe(403);
    expect((await api(tsubaki.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example', locale: 'ja', interval: 'immediate' })).status).toBe(200);
    expect((await api(kinu.admin.key, 'PUT', '/api/v1/notifications/contact', { webhookUrl: hookUrl })).body).toMatchObject({ error: { code: 'validation_failed' } });
    const kc = await api(kinu.admin.key, 'PUT', '/api/v1/notifications/contact', { webhookUrl: hookUrl, webhookSecret: SECRET, locale: 'en', interval: 'immediate' });
    expect(kc.body).toEqual({ contact: { memberId: expect.any(Number), email: null, webhookUrl: hookUrl, locale: 'en', interval: 'immediate', format: 'email-digest', aggregateBy: [], nameAsReporter: false, hasWebhookSecret: true } });
    await api(aoba.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'soc@aoba.example', interval: 'immediate' });

    const feed = await api(hubKey, 'POST', '/api/v1/notifications/reports', {
      source: 'honeypot',
      records: [
        { address: '8.8.8.5', category: 'scanner', time: T, evidence: { port: 23, proto: 'tcp' } },
        { address: '8.8.8.200', category: 'bruteforce', time: T, evidence: { port: 22 } },
        { address: '8.8.8.200', category: 'bruteforce', time: T + 60_000 },
        { address: '2001:DB8::8888', category: 'reflector', time: new Date(T).toISOString(), evidence: { vector: 'dns' } },
        { address: '1.1.1.1', category: 'scanner', time: T },
        { address: '9.9.9.9', category: 'scanner', time: T },
        { address: 'not-an-ip', category: 'scanner', time: T },
        { address: '8.8.8.6', category: 'nonsense', time: T },
      ],
    });
    expect(feed.body).toEqual({
      outcomes: [
        { index: 0, status: 'routed' }, { index: 1, status: 'routed' }, { index: 2, status: 'duplicate' }, { index: 3, status: 'routed' },
        { index: 4, status: 'outside' }, { index: 5, status: 'outside' },
        { index: 6, status: 'invalid', reason: 'address: not an IP address: not-an-ip' },
        { index: 7, status: 'invalid', reason: expect.stringContaining('category') },
      ],
      accepted: 6, routed: 3, duplicates: 1, outside: 2, invalid: 2,
    });
    // A member reporting learns nothing about ownership: every valid record is just "accepted".
    const fromAoba = await api(aoba.analyst.key, 'POST', '/api/v1/notifications/reports', { source: 'sensor', records: [{ address: '8.8.8.7', category: 'malware-infection', time: T }, { address: '9.9.9.9', category: 'scanner', time: T }] });
    expect(fromAoba.body).toEqual({ outcomes: [{ index: 0, status: 'accepted' }, { index: 1, status: 'accepted' }], accepted: 2, routed: 0, duplicates: 0, outside: 0, invalid: 0 });

    // Read matrix: inbox by role and member; outbox for admins only.
    const inbox = async (key: string) => ((await api(key, 'GET', '/api/v1/notifications/inbox')).body!.reports as Array<{ address: string; count: number; reporterCount: number; sources: string[] }>).map((r) => `${r.address} ${r.count} ${r.reporterCount} ${r.sources.join('+')}`);
    expect({
      hub: await inbox(hubKey), tsubakiAdmin: await inbox(tsubaki.admin.key), tsubakiAnalyst: await inbox(tsubaki.analyst.key),
      kinuAdmin: await inbox(kinu.admin.key), aobaAdmin: await inbox(aoba.admin.key), aobaAnalyst: await inbox(aoba.analyst.key),
    }).toEqual({
      hub: ['8.8.8.5 1 0 feed:honeypot', '8.8.8.200 2 0 feed:honeypot', '2001:db8::8888 1 0 feed:honeypot', '8.8.8.7 1 1 sensor'],
      tsubakiAdmin: ['8.8.8.5 1 0 feed:honeypot', '8.8.8.7 1 1 sensor'], tsubakiAnalyst: ['8.8.8.5 1 0 feed:honeypot', '8.8.8.7 1 1 sensor'],
      kinuAdmin: ['8.8.8.200 2 0 feed:honeypot', '2001:db8::8888 1 0 feed:honeypot'], aobaAdmin: [], aobaAnalyst: [],
    });
    expect((await api(tsubaki.analyst.key, 'GET', '/api/v1/notifications/outbox')).status).toBe(403);
    expect((await api(tsubaki.admin.key, 'POST', '/api/v1/notifications/run')).status).toBe(403);

    // First run: the webhook fails once (retried), the mail goes out.
    hookFails = 1;
    const run1 = await api(hubKey, 'POST', '/api/v1/notifications/run');
    expect(run1.body).toEqual({ tickets: [expect.stringMatching(/^RK-/), expect.stringMatching(/^RK-/)], sent: 1, failed: 1 });
    const failedRow = ((await api(hubKey, 'GET', '/api/v1/notifications/outbox')).body!.deliveries as Array<{ channel: string; state: string; attempts: number; lastError: string | null }>).find((d) => d.channel === 'webhook');
    expect(failedRow).toMatchObject({ state: 'pending', attempts: 1, lastError: 'webhook answered HTTP 500' });
    expect(await api(hubKey, 'POST', '/api/v1/notifications/run').then((r) => r.body)).toEqual({ tickets: [], sent: 1, failed: 0 });

    expect(smtp.mails.map((m) => [m.from, m.to])).toEqual([['abuse@renkei.test', ['noc@tsubaki.example']]]);
    const mail = smtp.mails[0]!.raw;
    for (const want of ['8.8.8.5', '8.8.8.7', 'X-Renkei-Ticket: RK-']) expect(mail).toContain(want);
    for (const never of ['8.8.8.200', '2001:db8::8888', '1.1.1.1', '9.9.9.9', 'Aoba']) expect(mail).not.toContain(never);
    expect(hookSeen.map((h) => [h.valid, h.addresses])).toEqual([[true, ['8.8.8.200', '2001:db8::8888']]]);
    expect(hookSeen[0]!.raw).not.toContain('Aoba');

    // The owner's outbox: its own deliveries only.
    const outboxOf = async (key: string) => ((await api(key, 'GET', '/api/v1/notifications/outbox')).body!.deliveries as Array<{ target: string; state: string }>).map((d) => `${d.target} ${d.state}`);
    expect(await outboxOf(tsubaki.admin.key)).toEqual(['noc@tsubaki.example sent']);
    expect(await outboxOf(kinu.admin.key)).toEqual([`${hookUrl} sent`]);
    expect(await outboxOf(aoba.admin.key)).toEqual([]);

    // A repeat in the same window is a duplicate and is not notified again.
    await api(hubKey, 'POST', '/api/v1/notifications/reports', { source: 'honeypot', records: [{ address: '8.8.8.5', category: 'scanner', time: T + 3600_000 }] });
    expect((await api(hubKey, 'POST', '/api/v1/notifications/run')).body).toEqual({ tickets: [], sent: 0, failed: 0 });

    // Queued, then the hub stops before sending: after the restart it is sent once.
    await api(hubKey, 'POST', '/api/v1/notifications/reports', { source: 'honeypot', records: [{ address: '8.8.8.201', category: 'scanner', time: T }] });
    const tickets = await net.hub.hub.ctx.notifications.compose();
    expect(tickets.length).toBe(1);
    await net.restartHub();
    expect((await api(hubKey, 'POST', '/api/v1/notifications/run')).body).toEqual({ tickets: [], sent: 1, failed: 0 });
    expect((await api(hubKey, 'POST', '/api/v1/notifications/run')).body).toEqual({ tickets: [], sent: 0, failed: 0 });
    expect(hookSeen.map((h) => [h.ticket, h.addresses])).toEqual([[hookSeen[0]!.ticket, ['8.8.8.200', '2001:db8::8888']], [tickets[0], ['8.8.8.201']]]);
    expect(smtp.mails.length).toBe(1);
  }, 60_000);

  it('DDoS coordination: each ISP receives only the sources and reflectors in its own space; the target stays hidden unless shown', async () => {
    const aoba = net.users['Aoba CSIRT']!;
    const req = await api(aoba.analyst.key, 'POST', '/api/v1/notifications/ddos', {
      title: 'DNS reflection against a customer', target: '192.0.2.80', hideTarget: true, vectors: ['dns', 'udp-flood'], startedAt: T,
      sources: ['8.8.8.40', '45.1.2.3'], reflectors: ['8.8.8.250', '2001:db8::53', '9.9.9.9', 'junk'],
    });
    expect(req.status).toBe(200);
    const incident = req.body!.incident as string;
    expect(req.body).toMatchObject({ accepted: 5, routed: 0, duplicates: 0, outside: 0, invalid: 1, outcomes: expect.arrayContaining([{ index: 5, status: 'invalid', reason: 'address: not an IP address: junk' }]) });
    const ddosOf = async (key: string) => ((await api(key, 'GET', '/api/v1/notifications/inbox')).body!.reports as Array<{ address: string; category: string; sources: string[]; evidence: Record<string, unknown> }>)
      .filter((r) => r.sources.includes(`ddos:${incident}`)).map((r) => [r.address, r.category, r.evidence]);
    const evidence = { incident, title: 'DNS reflection against a customer', vectors: ['dns', 'udp-flood'] };
    expect(await ddosOf(net.users['Tsubaki Telecom']!.admin.key)).toEqual([['8.8.8.40', 'ddos-source', evidence]]);
    expect(await ddosOf(net.users['Kinu Telecom']!.analyst.key)).toEqual([['8.8.8.250', 'reflector', evidence], ['2001:db8::53', 'reflector', evidence]]);
    expect(await ddosOf(aoba.admin.key)).toEqual([]);
    expect(JSON.stringify(await ddosOf(net.hub.admin.key))).not.toContain('192.0.2.80');
    expect((await api(aoba.analyst.key, 'POST', '/api/v1/notifications/ddos', { title: 'x', vectors: ['teardrop'], startedAt: T })).status).toBe(400);
  });
});
