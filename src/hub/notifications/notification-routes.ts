/**
 * `/api/v1/notifications`: reports in (hub admins attach feeds; members report what they saw — they learn
 * nothing about who owns an address), a member admin's delivery settings, the owning member's inbox and
 * outbox, the hub admin's view of every delivery (failures included) and a "run now".
 */
import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import { ContactInput, DdosRequestInput, ExportQuery, IdempotencyKeyHeader, ReportsInput } from '../../contracts/notifications/reports.ts';
import { renderReportsCsv, xarfReports } from '../../core/notifications/render-digest.ts';
import type { HubPrincipal } from '../auth/auth-service.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { requireUser } from '../http/guard.ts';
import { isPrivateTarget } from '../sources/private-target.ts';

/** Registers the notification routes. */
export function notificationRoutes(app: FastifyInstance, ctx: HubContext): void {
  const ownMember = async (who: HubPrincipal): Promise<number | null> => (await ctx.store.getMemberByOrg(who.orgId))?.id ?? null;
  const viewer = async (who: HubPrincipal) => {
    const v = await ctx.addressSpace.viewerOf(who);
    return v.kind === 'hub-admin' ? v : { kind: 'member' as const, memberId: v.memberId };
  };

  app.post('/api/v1/notifications/reports', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(ReportsInput, req.body);
    const rawKey = req.headers['idempotency-key'];
    const idempotencyKey = rawKey === undefined ? undefined : parseWith(IdempotencyKeyHeader, rawKey);
    const hubAdmin = who.role === 'hub-admin';
    const reporter = hubAdmin ? null : await ownMember(who);
    if (!hubAdmin && reporter === null) throw new RenkeiError('forbidden', 'your organisation is not a member');
    // A hub admin attaches feeds (named as such); a member's reports are named by channel only.
    const source = hubAdmin ? `feed:${body.source}` : body.source;
    const out = await ctx.notifications.ingest(source, body.records, reporter, hubAdmin, idempotencyKey === undefined ? {} : { idempotencyKey });
    if (out.replayed) return out;
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'abuse-reports', count: body.records.length, detail: `${source}: ${body.records.length - out.invalid} accepted, ${out.invalid} invalid` });
    return out;
  });
  // A DDoS coordination request: each source/reflector becomes a report for the ISP owning it, so every ISP
  // gets only the addresses in its own space; the requester learns only how many records were accepted.
  app.post('/api/v1/notifications/ddos', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(DdosRequestInput, req.body);
    const hubAdmin = who.role === 'hub-admin';
    const reporter = hubAdmin ? null : await ownMember(who);
    if (!hubAdmin && reporter === null) throw new RenkeiError('forbidden', 'your organisation is not a member');
    const incident = `ddos-${ctx.now().toString(36)}`;
    const evidence = { incident, title: body.title, vectors: body.vectors, ...(body.hideTarget || !body.target ? {} : { target: body.target }) };
    const records = [
      ...body.sources.map((address) => ({ address, category: 'ddos-source', time: body.startedAt, evidence })),
      ...body.reflectors.map((address) => ({ address, category: 'reflector', time: body.startedAt, evidence })),
    ];
    const out = records.length > 0 ? await ctx.notifications.ingest(`ddos:${incident}`, records, reporter, hubAdmin) : { outcomes: [], accepted: 0, routed: 0, duplicates: 0, outside: 0, invalid: 0 };
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'ddos-request', count: records.length, detail: `${incident}: ${body.vectors.join(',')}` });
    return { incident, ...out };
  });
  app.get('/api/v1/notifications/contact', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin', 'member-admin']);
    const q = req.query as { memberId?: string };
    const memberId = who.role === 'hub-admin' && q.memberId ? Number(q.memberId) : await ownMember(who);
    return { contact: memberId ? await ctx.notifications.contactView(memberId) : null };
  });
  app.put('/api/v1/notifications/contact', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin', 'member-admin']);
    const body = parseWith(ContactInput, req.body);
    const own = await ownMember(who);
    const memberId = who.role === 'hub-admin' ? body.memberId : own;
    if (who.role !== 'hub-admin' && body.memberId !== undefined && body.memberId !== own) throw new RenkeiError('forbidden', 'a member admin sets its own member’s contact only');
    if (!memberId) throw new RenkeiError('validation_failed', 'memberId is required');
    if (body.webhookUrl && !ctx.config.allowPrivateSources && (await isPrivateTarget(body.webhookUrl))) {
      throw new RenkeiError('validation_failed', 'the webhook URL points at a private or loopback address');
    }
    await ctx.notifications.setContact({ memberId, email: body.email, webhookUrl: body.webhookUrl, webhookSecret: body.webhookSecret, locale: body.locale, interval: body.interval, format: body.format, aggregateBy: body.aggregateBy, nameAsReporter: body.nameAsReporter });
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'notify-contact', count: 1, detail: `member ${memberId}` });
    return { contact: await ctx.notifications.contactView(memberId) };
  });
  app.get('/api/v1/notifications/inbox', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const reports = await ctx.notifications.reports(await viewer(who));
    // Reporters that opted in are named; the others stay a count ("reported by N members").
    const names = new Map<number, string>();
    for (const id of new Set(reports.flatMap((r) => r.namedReporterIds))) names.set(id, (await ctx.store.getMember(id))?.name ?? `#${id}`);
    return { reports: reports.map(({ namedReporterIds, ...r }) => ({ ...r, namedReporters: namedReporterIds.map((id) => names.get(id)!) })) };
  });
  // The owner's reports for its own customer-notification systems (the hub admin: all), as CSV or X-ARF.
  app.get('/api/v1/notifications/export', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const { format } = parseWith(ExportQuery, req.query);
    const reports = await ctx.notifications.reports(await viewer(who));
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="renkei-reports.csv"').send(renderReportsCsv(reports));
    return { reports: xarfReports('renkei-hub', reports, null) };
  });
  app.get('/api/v1/notifications/outbox', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin', 'member-admin']);
    return { deliveries: await ctx.notifications.outbox(await viewer(who)) };
  });
  app.post('/api/v1/notifications/run', async (req) => {
    await requireUser(ctx.auth, req, ['hub-admin']);
    const tickets = await ctx.notifications.compose();
    return { tickets, ...(await ctx.notifications.deliver()) };
  });
}
