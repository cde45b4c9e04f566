/**
 * The ISP side of the notification pipeline on a real hub over HTTP, with a real SMTP receiver: directives
 * (CSV by e-mail aggregated per prefix and category, in-app only), acknowledgements (write matrix: the
 * owning member by id and ticket; another ISP, the hub admin and a reporter cannot), the host view (read
 * matrix: each ISP only its own space; notes to the owner only), reporters' outcomes as counts only,
 * reporters named only when they opted in, and report posts made idempotent by key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../testkit/smtp-receiver.ts';

let net: TestNetwork;
let smtp: SmtpReceiver;
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  net = await startNetwork({
    members: [{ name: 'Tsubaki Telecom' }, { name: 'Kinu Telecom' }, { name: 'Aoba CSIRT' }, { name: 'Hinoki MSSP' }],
    hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0, smtpHost: '127.0.0.1', smtpPort: smtp.port, from: 'abuse@renkei.test', backoffMs: 0, maxAttempts: 3 } },
  });
}, 60_000);
afterAll(async () => {
  await net?.close();
  await smtp?.close();
});

const api = async (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${net.hub.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
};

/** The MIME parts of a received mail: headers (lower-case names) and the decoded body. */
function mimeParts(raw: string): Array<{ type: string; disposition: string; body: string }> {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)?.[1];
  if (!boundary) return [];
  return raw.split(`--${boundary}`).slice(1, -1).map((part) => {
    const [head, ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const h = (name: string) => new RegExp(`^${name}:\\s*([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(head ?? '')?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
    const body = rest.join('\n\n').trim();
    const enc = h('Content-Transfer-Encoding').toLowerCase();
    const decoded = enc === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : enc === 'quoted-printable' ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16))), 'latin1').toString('utf8') : body;
    return { type: h('Content-Type').split(';')[0]!, disposition: h('Content-Disposition'), body: decoded };
  });
}

describe('ISP desk and directives', () => {
  it('delivers by directive, acknowledges by owner only, shows each ISP its own hosts and reporters counts only', async () => {
    const hubKey = net.hub.admin.key;
    const tsubaki = net.users['Tsubaki Telecom']!;
    const kinu = net.users['Kinu Telecom']!;
    const aoba = net.users['Aoba CSIRT']!;
    const hinoki = net.users['Hinoki MSSP']!;
    const claim = async (key: string, value: string) => {
      const c = (await api(key, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value })).body as { id: number };
      await api(hubKey, 'POST', `/api/v1/address-space/claims/${c.id}/approve`);
    };
    await claim(tsubaki.admin.key, '8.8.8.0/24');
    await claim(tsubaki.admin.key, '8.8.4.0/24');
    await claim(kinu.admin.key, '9.9.9.0/24');
    // Tsubaki: CSV by e-mail, one notification per (prefix, category). Kinu: in-app only. Aoba reports and is named; Hinoki reports and is not.
    const put = await api(tsubaki.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example', locale: 'ja', interval: 'immediate', format: 'csv', aggregateBy: ['prefix', 'category'] });
    expect(put.body).toEqual({ contact: { memberId: expect.any(Number), email: 'noc@tsubaki.example', webhookUrl: null, locale: 'ja', interval: 'immediate', format: 'csv', aggregateBy: ['prefix', 'category'], nameAsReporter: false, hasWebhookSecret: false } });
    expect((await api(tsubaki.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example', format: 'pdf' })).status).toBe(400);
    expect((await api(tsubaki.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@tsubaki.example', aggregateBy: ['reporter'] })).status).toBe(400);
    await api(kinu.admin.key, 'PUT', '/api/v1/notifications/contact', { email: 'noc@kinu.example', interval: 'immediate', format: 'in-app' });
    await api(aoba.admin.key, 'PUT', '/api/v1/notifications/contact', { nameAsReporter: true });
    const tsubakiId = (put.body!.contact as { memberId: number }).memberId;

    const now = Date.now();
    const today = Math.floor(now / DAY) * DAY;
    const t0 = today - 3 * DAY + 3600_000;
    // Aoba's agent posts twice with one key (a retry after a lost answer): the second ingests nothing.
    const post = { source: 'agent', records: [
      { address: '8.8.8.5', category: 'scanner', time: t0, evidence: { port: 23 } },
      { address: '8.8.8.6', category: 'scanner', time: today + 60_000 },
      { address: '8.8.8.6', category: 'bruteforce', time: today + 60_000 },
      { address: '8.8.4.4', category: 'scanner', time: today + 120_000 },
      { address: '9.9.9.9', category: 'scanner', time: today + 60_000 },
      { address: '1.1.1.1', category: 'scanner', time: today },
    ] };
    const first = await api(aoba.analyst.key, 'POST', '/api/v1/notifications/reports', post, { 'idempotency-key': 'evidence-0001' });
    expect(first.body).toMatchObject({ accepted: 6, invalid: 0 });
    const retry = await api(aoba.analyst.key, 'POST', '/api/v1/notifications/reports', post, { 'idempotency-key': 'evidence-0001' });
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect((await api(aoba.analyst.key, 'POST', '/api/v1/notifications/reports', post, { 'idempotency-key': 'bad key!' })).status).toBe(400);
    // Hinoki reports one of the same hosts under the same key: keys are per reporter, so this one counts.
    expect((await api(hinoki.analyst.key, 'POST', '/api/v1/notifications/reports', { source: 'sensor', records: [post.records[0]] }, { 'idempotency-key': 'evidence-0001' })).body).toMatchObject({ accepted: 1 });

    // The owner's inbox: counts show the retry was not ingested; only the opted-in reporter is named.
    const inbox = async (key: string) => ((await api(key, 'GET', '/api/v1/notifications/inbox')).body!.reports as Array<{ address: string; category: string; count: number; reporterCount: number; namedReporters: string[] }>)
      .map((r) => `${r.address} ${r.category} ${r.count} ${r.reporterCount} ${r.namedReporters.join('+')}`);
    expect(await inbox(tsubaki.analyst.key)).toEqual(['8.8.8.5 scanner 2 2 Aoba CSIRT', '8.8.8.6 scanner 1 1 Aoba CSIRT', '8.8.8.6 bruteforce 1 1 Aoba CSIRT', '8.8.4.4 scanner 1 1 Aoba CSIRT']);
    expect(await inbox(kinu.analyst.key)).toEqual(['9.9.9.9 scanner 1 1 Aoba CSIRT']);

    // Directives: three CSV mails for Tsubaki (8.8.8.0/24 scanner, 8.8.8.0/24 bruteforce, 8.8.4.0/24 scanner); Kinu in-app only.
    const run = await api(hubKey, 'POST', '/api/v1/notifications/run');
    expect(run.body).toEqual({ tickets: [expect.stringMatching(/^RK-/), expect.stringMatching(/^RK-/), expect.stringMatching(/^RK-/), expect.stringMatching(/^RK-/)], sent: 3, failed: 0 });
    expect(smtp.mails.map((m) => m.to)).toEqual([['noc@tsubaki.example'], ['noc@tsubaki.example'], ['noc@tsubaki.example']]);
    const csvs = smtp.mails.map((m) => mimeParts(m.raw).find((p) => p.type === 'text/csv')!);
    expect(csvs.map((c) => [/filename="?(renkei-RK-\d+\.csv)/.test(c.disposition), c.body.split('\n').slice(1).filter(Boolean).map((l) => l.split(',').slice(0, 2).join(' '))])).toEqual([
      [true, ['8.8.8.5 scanner', '8.8.8.6 scanner']], [true, ['8.8.8.6 bruteforce']], [true, ['8.8.4.4 scanner']],
    ]);
    for (const m of smtp.mails) for (const never of ['9.9.9.9', '1.1.1.1', 'Hinoki']) expect(m.raw).not.toContain(never);
    const kinuRows = (await api(kinu.admin.key, 'GET', '/api/v1/notifications/inbox')).body!.reports as Array<{ ticket: string | null; sentAt: number | null }>;
    expect(kinuRows.map((r) => [r.ticket, typeof r.sentAt])).toEqual([[expect.stringMatching(/^RK-/), 'number']]);
    expect((await api(kinu.admin.key, 'GET', '/api/v1/notifications/outbox')).body).toEqual({ deliveries: [] });

    // Host view read matrix: each ISP its own space; analysts included; a reporter sees an empty view; the hub admin names the member.
    type View = { memberId: number; days: number[]; series: Array<{ prefix: string; category: string; hosts: number[]; trend: string }>; hosts: Array<{ reportId: number; address: string; prefix: string; category: string; ticket: string | null; ack: { state: string; note: string | null } | null }> };
    const hosts = async (key: string, q = '') => (await api(key, 'GET', `/api/v1/isp/hosts?days=7${q}`));
    const tv = (await hosts(tsubaki.analyst.key)).body as unknown as View;
    expect(tv.days).toEqual(Array.from({ length: 7 }, (_, i) => today - (6 - i) * DAY));
    expect(tv.series.map((s) => [s.prefix, s.category, s.hosts, s.trend])).toEqual([
      ['8.8.8.0/24', 'scanner', [0, 0, 0, 1, 0, 0, 1], 'up'], ['8.8.4.0/24', 'scanner', [0, 0, 0, 0, 0, 0, 1], 'up'], ['8.8.8.0/24', 'bruteforce', [0, 0, 0, 0, 0, 0, 1], 'up'],
    ]);
    expect(tv.hosts.map((h) => `${h.address} ${h.prefix} ${h.category}`)).toEqual(['8.8.4.4 8.8.4.0/24 scanner', '8.8.8.6 8.8.8.0/24 scanner', '8.8.8.6 8.8.8.0/24 bruteforce', '8.8.8.5 8.8.8.0/24 scanner']);
    expect(((await hosts(kinu.admin.key)).body as unknown as View).hosts.map((h) => h.address)).toEqual(['9.9.9.9']);
    expect(((await hosts(aoba.admin.key)).body as unknown as View)).toMatchObject({ series: [], hosts: [] });
    expect((await hosts(tsubaki.admin.key, `&memberId=${tsubakiId + 1}`)).status).toBe(403);
    expect((await hosts(hubKey)).status).toBe(400);
    expect(((await hosts(hubKey, `&memberId=${tsubakiId}`)).body as unknown as View).hosts.length).toBe(4);
    // Filters: by prefix (another ISP's prefix gives nothing), category and day.
    expect(((await hosts(tsubaki.admin.key, '&prefix=8.8.8.0/24&category=scanner')).body as unknown as View).hosts.map((h) => h.address)).toEqual(['8.8.8.6', '8.8.8.5']);
    expect(((await hosts(tsubaki.admin.key, '&prefix=9.9.9.0/24')).body as unknown as View)).toMatchObject({ series: [], hosts: [] });
    expect(((await hosts(tsubaki.admin.key, `&day=${new Date(t0).toISOString().slice(0, 10)}`)).body as unknown as View).hosts.map((h) => h.address)).toEqual(['8.8.8.5']);

    // Acknowledgement write matrix.
    const ids = Object.fromEntries(tv.hosts.map((h) => [`${h.address} ${h.category}`, h.reportId]));
    const kinuId = ((await hosts(kinu.admin.key)).body as unknown as View).hosts[0]!.reportId;
    const ack = (key: string, body: unknown) => api(key, 'POST', '/api/v1/isp/acknowledge', body);
    expect((await ack(tsubaki.analyst.key, { reportIds: [ids['8.8.8.5 scanner']], state: 'handling', note: '契約者 0042 に連絡' })).body).toEqual({ acknowledged: [ids['8.8.8.5 scanner']] });
    expect((await ack(tsubaki.admin.key, { reportIds: [kinuId], state: 'resolved' })).body).toMatchObject({ error: { code: 'not_found' } });
    expect((await ack(aoba.admin.key, { reportIds: [ids['8.8.8.6 scanner']], state: 'false-positive' })).body).toMatchObject({ error: { code: 'not_found' } });
    expect((await ack(hubKey, { reportIds: [kinuId], state: 'resolved' })).status).toBe(403);
    expect((await ack(tsubaki.admin.key, { reportIds: [kinuId], state: 'closed' })).status).toBe(400);
    expect((await ack(tsubaki.admin.key, { state: 'resolved' })).status).toBe(400);
    const ticket = tv.hosts.find((h) => h.address === '8.8.4.4')!.ticket!;
    expect((await ack(kinu.admin.key, { ticket, state: 'resolved' })).body).toMatchObject({ error: { code: 'not_found' } });
    expect((await ack(tsubaki.admin.key, { ticket, state: 'resolved', note: null })).body).toEqual({ acknowledged: [ids['8.8.4.4 scanner']] });
    expect((await ack(kinu.analyst.key, { reportIds: [kinuId], state: 'false-positive', note: 'CGN 出口' })).body).toEqual({ acknowledged: [kinuId] });

    // Notes: the owner sees them, the hub admin sees states only; Kinu's ack is not in Tsubaki's view.
    const acks = async (key: string, q = '') => ((await hosts(key, q)).body as unknown as View).hosts.map((h) => `${h.address} ${h.ack ? `${h.ack.state}:${h.ack.note ?? '-'}` : 'open'}`);
    expect(await acks(tsubaki.analyst.key)).toEqual(['8.8.4.4 resolved:-', '8.8.8.6 open', '8.8.8.6 open', '8.8.8.5 handling:契約者 0042 に連絡']);
    expect(await acks(hubKey, `&memberId=${tsubakiId}`)).toEqual(['8.8.4.4 resolved:-', '8.8.8.6 open', '8.8.8.6 open', '8.8.8.5 handling:-']);

    // Reporters: counts by state over what they contributed to, never addresses, notes or owners.
    const outcomes = async (key: string) => (await api(key, 'GET', '/api/v1/isp/outcomes'));
    const aobaOut = await outcomes(aoba.analyst.key);
    expect(aobaOut.body).toEqual({ outcomes: { reports: 5, open: 2, received: 0, handling: 1, resolved: 1, 'false-positive': 1 } });
    expect((await outcomes(hinoki.admin.key)).body).toEqual({ outcomes: { reports: 1, open: 0, received: 0, handling: 1, resolved: 0, 'false-positive': 0 } });
    for (const never of ['8.8.', '9.9.9.9', '契約者', 'CGN', 'Tsubaki', 'Kinu']) expect(JSON.stringify(aobaOut.body)).not.toContain(never);
    expect((await outcomes(hubKey)).status).toBe(403);
  }, 90_000);
});
