/**
 * The abuse-notification pipeline (issue 16) on SQLite: routing 1,000,000 evidence rows (10,000 per call,
 * as a feed would post them) into per-recipient reports (target ≤ 10 s), then a digest for each of 1,000
 * recipients rendered and handed to a real SMTP receiver on loopback (target ≤ 30 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HubConfig } from '../src/hub/config.ts';
import { createHubContext } from '../src/hub/create-hub-context.ts';
import { seededRandom } from '../src/core/random/seeded-random.ts';
import { startSmtpReceiver } from '../src/testkit/smtp-receiver.ts';
import type { BenchRow } from './types.ts';

const MEMBERS = 1000;
const ROWS = 1_000_000;
const CHUNK = 10_000;
const CATEGORIES = ['scanner', 'bruteforce', 'malware-infection'] as const;

/** Runs the benchmark. */
export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-notify-'));
  const smtp = await startSmtpReceiver();
  const ctx = await createHubContext(
    HubConfig.parse({ db: path.join(dir, 'hub.db'), secret: 'bench-notify-secret-0123456789', webDir: null, enrichment: { enabled: false, rangeDirs: [] }, notifications: { smtpHost: '127.0.0.1', smtpPort: smtp.port, tickMs: 0 } }),
    { ipInfo: null },
  );
  try {
    const admin = await ctx.auth.createUser({ login: 'bench', password: 'bench-password-1', orgName: 'Hub Operator', role: 'hub-admin' });
    const who = { userId: admin.id, login: 'bench', orgId: 0, orgName: 'Hub Operator', orgUuid: '', role: 'hub-admin' as const, locale: 'en' as const, via: 'key' as const, csrfToken: null };
    for (let i = 0; i < MEMBERS; i++) {
      const m = await ctx.members.add(`ISP ${i}`);
      const c = await ctx.addressSpace.claim(who, { kind: 'prefix', value: `11.${i >> 8}.${i & 255}.0/24`, memberId: m.id });
      await ctx.addressSpace.decide(who, c.id, 'approved', null);
      await ctx.notifications.setContact({ memberId: m.id, email: `abuse@isp${i}.example`, webhookUrl: null, webhookSecret: null, locale: i % 2 ? 'en' : 'ja', interval: 'daily' });
    }
    const r = seededRandom(16);
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    let outside = 0;
    let invalid = 0;
    let secs = 0;
    // What the hub must end with: one report per (owner, address, category, day) among registered addresses.
    const expected = new Set<string>();
    let inside = 0;
    for (let done = 0; done < ROWS; done += CHUNK) {
      const records = Array.from({ length: CHUNK }, () => {
        const i = Math.floor(r() * MEMBERS * 1.05);
        // 5 % of rows fall outside registered space (no member 1000+).
        return { address: `11.${i >> 8}.${i & 255}.${Math.floor(r() * 256)}`, category: CATEGORIES[Math.floor(r() * 3)]!, time: t0 + Math.floor(r() * 86_400_000), evidence: { port: 23 } };
      });
      for (const x of records) {
        const octets = x.address.split('.').map(Number);
        const member = octets[1]! * 256 + octets[2]!;
        if (member < MEMBERS) (expected.add(`${x.address} ${x.category} ${Math.floor(x.time / 86_400_000)}`), inside++);
      }
      const a = performance.now();
      const out = await ctx.notifications.ingest('feed:bench', records, null, true);
      secs += (performance.now() - a) / 1000;
      outside += out.outside;
      invalid += out.invalid;
    }
    // Routing ends when every staged batch is folded into its owner's reports.
    const f0 = performance.now();
    await ctx.notifications.fold();
    secs += (performance.now() - f0) / 1000;
    const totals = await ctx.storage.notifications.reportTotals();
    const routedOk = totals.reports === expected.size && totals.events === inside && invalid === 0;
    const c0 = performance.now();
    const tickets = await ctx.notifications.compose();
    let sent = 0;
    for (;;) {
      const d = await ctx.notifications.deliver(200);
      sent += d.sent;
      if (d.sent + d.failed === 0) break;
    }
    const digestSecs = (performance.now() - c0) / 1000;
    return [
      { name: `route ${ROWS.toLocaleString('en')} evidence rows to owners`, value: Number(secs.toFixed(2)), unit: 's', target: '<= 10', ok: secs <= 10 && routedOk, note: `${MEMBERS} members; ${totals.reports.toLocaleString('en')} reports (expected ${expected.size.toLocaleString('en')}) holding ${totals.events.toLocaleString('en')} events, ${outside.toLocaleString('en')} outside registered space; ${Math.round(ROWS / secs).toLocaleString('en')} rows/s` },
      { name: `daily digest for ${MEMBERS} recipients rendered and sent by SMTP`, value: Number(digestSecs.toFixed(2)), unit: 's', target: '<= 30', ok: digestSecs <= 30 && sent === MEMBERS && smtp.mails.length === MEMBERS, note: `${tickets.length} tickets, ${sent} sent, ${smtp.mails.length} received by the loopback SMTP receiver` },
    ];
  } finally {
    await ctx.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
