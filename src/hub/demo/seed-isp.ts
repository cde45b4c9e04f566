/**
 * The demo's ISP: one member ("Tsubaki Telecom") with approved registered space (documentation ranges),
 * an in-app directive aggregated per prefix and category, and two weeks of evidence that the other
 * members' agents shipped for sources inside that space (as `--ship-evidence` does: category `ids-alert`,
 * hour, signature ids, ports, protocols), plus a hub honeypot feed. Telnet scanning rises in the last days
 * so the host view has a trend to show. Addresses outside the space are posted too and dropped by routing.
 * The caller composes (after seeding observations, whose indicators in the space are routed as well).
 */
import { seededRandom } from '../../core/random/seeded-random.ts';
import type { HubContext } from '../context.ts';

/** Tsubaki Telecom's registrations (RFC 5737 / RFC 3849 documentation space). */
export const DEMO_ISP_SPACE = ['198.51.100.0/24', '203.0.113.0/24', '2001:db8:7a00::/40'] as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface SeedIspOptions {
  isp: string;
  /** Members whose agents ship evidence; the first opts in to be named to the ISP. */
  reporters: string[];
  hubAdminId: number;
  nowMs: number;
  days?: number;
  seed?: number;
}

/** Seeds the space and the reports (the directive comes last: `setIspDirective`); returns what it made. */
export async function seedIspSpace(ctx: HubContext, o: SeedIspOptions): Promise<{ memberId: number; claims: number; records: number }> {
  const isp = await ctx.store.getMember(o.isp);
  if (!isp) throw new Error(`demo: no member ${o.isp}`);
  const at = o.nowMs - (o.days ?? 14) * DAY_MS;
  for (const prefix of DEMO_ISP_SPACE) {
    const c = await ctx.storage.addressSpace.addClaim({ memberId: isp.id, kind: 'prefix', value: prefix, check: null, createdBy: o.hubAdminId, at });
    await ctx.storage.addressSpace.decide(c.id, 'approved', o.hubAdminId, at, 'demo');
  }
  const r = seededRandom(o.seed ?? 20261204);
  const days = o.days ?? 14;
  const dayStart = Math.floor(o.nowMs / DAY_MS) * DAY_MS;
  let records = 0;
  for (const [ri, name] of o.reporters.entries()) {
    const m = await ctx.store.getMember(name);
    if (!m) continue;
    if (ri === 0) await ctx.notifications.setContact({ memberId: m.id, email: null, webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily', nameAsReporter: true });
    const batch: Array<{ address: string; category: string; time: number; evidence: Record<string, unknown> }> = [];
    for (let d = days - 1; d >= 0; d--) {
      const day = dayStart - d * DAY_MS;
      // Telnet scanners in 198.51.100.0/24: a few a day, tripling in the last three days.
      const telnet = Math.round((2 + r() * 3) * (d < 3 ? 3 : 1));
      for (let i = 0; i < telnet; i++) {
        const hour = day + Math.floor(r() * 24) * HOUR_MS;
        if (hour > o.nowMs) continue;
        batch.push({ address: `198.51.100.${10 + Math.floor(r() * 60)}`, category: 'ids-alert', time: hour, evidence: { hour: new Date(hour).toISOString(), count: 1 + Math.floor(r() * 40), signatureIds: [2000001], ports: [23], protocols: ['TCP'] } });
      }
      // SSH brute force from 203.0.113.0/24 and DNS reflection from the IPv6 block, steadier.
      const hour = day + Math.floor(r() * 12) * HOUR_MS;
      if (hour <= o.nowMs && r() < 0.7) batch.push({ address: `203.0.113.${5 + Math.floor(r() * 8)}`, category: 'ids-alert', time: hour, evidence: { hour: new Date(hour).toISOString(), count: 5 + Math.floor(r() * 100), signatureIds: [2000002], ports: [22], protocols: ['TCP'] } });
      if (hour <= o.nowMs && r() < 0.3) batch.push({ address: `2001:db8:7a00::${(1 + Math.floor(r() * 4)).toString(16)}`, category: 'ids-alert', time: hour, evidence: { hour: new Date(hour).toISOString(), count: 20 + Math.floor(r() * 200), signatureIds: [2000009], ports: [53], protocols: ['UDP'] } });
      // Outside anyone's space: dropped by routing, stored nowhere.
      batch.push({ address: `45.${ri + 1}.${d}.${1 + Math.floor(r() * 250)}`, category: 'ids-alert', time: day, evidence: {} });
    }
    await ctx.notifications.ingest('agent', batch, m.id, false);
    records += batch.length;
  }
  // The hub's honeypot feed names itself as the source.
  const feed = Array.from({ length: 6 }, (_, i) => ({ address: `198.51.100.${200 + i}`, category: 'scanner', time: dayStart - (i % 3) * DAY_MS + HOUR_MS, evidence: { port: 23, proto: 'tcp' } }));
  await ctx.notifications.ingest('feed:honeypot', feed, null, false);
  records += feed.length;
  return { memberId: isp.id, claims: DEMO_ISP_SPACE.length, records };
}

/**
 * The ISP's in-app directive, one ticket per prefix and category. Set after everything is seeded and
 * routed: the hub's background worker composes as soon as a member has a directive, so setting it first
 * would split the demo's tickets by timing.
 */
export async function setIspDirective(ctx: HubContext, ispName: string): Promise<void> {
  const isp = await ctx.store.getMember(ispName);
  if (!isp) throw new Error(`demo: no member ${ispName}`);
  await ctx.notifications.setContact({ memberId: isp.id, email: null, webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily', format: 'in-app', aggregateBy: ['prefix', 'category'] });
}
