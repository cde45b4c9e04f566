/**
 * `/api/v1/reports`: the report builder (hub admins), published versions (members; CLEAR ones to
 * anyone without sign-in), their HTML and PDF, and the CSV/JSON permalinks behind every chart and table
 * (`/api/v1/reports/data/<citation id>.csv|json`). Published CLEAR answers to anonymous readers are
 * `Cache-Control: public`; everything else is private and uncached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RenkeiError } from '../../core/errors.ts';
import { CreateDraftBody, EditSectionBody, PeriodBody, PublishBody } from '../../contracts/reports/reports-api.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, resolvePrincipal } from '../http/guard.ts';
import { figureCsv, tableCsv } from './render/table-csv.ts';
import { reportHtml } from './render/report-html.ts';
import type { PdfRenderer } from '../../services/pdf/pdf-renderer.ts';
import type { CitedFigure, CitedTable, ReportService } from './report-service.ts';
import type { ReportActor } from './report-view.ts';
import type { AlertLevelService } from './alert-level-service.ts';
import { ALERT_LEVELS } from '../../core/reports/alert-level.ts';

const CorrectionBody = z.strictObject({ rebuild: z.boolean().default(false) });
const FiguresQuery = z.strictObject({ kind: PeriodBody.shape.kind, start: PeriodBody.shape.start, audience: z.enum(['members', 'public']).default('public'), lang: z.enum(['ja', 'en']).default('ja') });
const AlertBody = z.strictObject({ level: z.enum(ALERT_LEVELS), reason: z.string().trim().min(1).max(2000) });
const SectionParam = z.strictObject({ id: z.string(), sectionId: z.string().regex(/^[a-z0-9-]{1,64}$/) });

export interface ReportRoutesDeps {
  auth: AuthService;
  reports: ReportService;
  alert: AlertLevelService;
  pdf: PdfRenderer;
  publicMaxAgeSeconds: number;
}

/** Registers the report routes. */
export function reportRoutes(app: FastifyInstance, d: ReportRoutesDeps): void {
  const base = '/api/v1/reports';
  const actor = async (req: FastifyRequest): Promise<ReportActor> => {
    const p = await resolvePrincipal(d.auth, req);
    return p ? { userId: p.userId, orgName: p.orgName, role: p.role } : null;
  };
  /** Public caching only for what anyone may read, asked anonymously. */
  const cache = (reply: FastifyReply, who: ReportActor, publicReadable: boolean): void => {
    void reply.header('cache-control', !who && publicReadable ? `public, max-age=${d.publicMaxAgeSeconds}` : 'private, no-store');
  };

  app.get(base, async (req, reply) => {
    const who = await actor(req);
    void reply.header('cache-control', who ? 'private, no-store' : 'public, max-age=60');
    return { reports: await d.reports.list(who) };
  });
  app.post(base, async (req, reply) => {
    const who = await actor(req);
    const b = parseWith(CreateDraftBody, req.body);
    return reply.status(201).send(await d.reports.createDraft(who, b));
  });
  app.get(`${base}/figures`, async (req, reply) => {
    const who = await actor(req);
    const q = parseWith(FiguresQuery, req.query, 'query');
    void reply.header('cache-control', 'private, no-store');
    return d.reports.figures(who, { period: { kind: q.kind, start: q.start }, audience: q.audience, lang: q.lang });
  });
  // The alert level is public (like InfoCON): the level, its criteria and the dated change log.
  app.get(`${base}/alert-level`, async (_req, reply) => {
    void reply.header('cache-control', 'public, max-age=60');
    return d.alert.current();
  });
  app.get(`${base}/alert-level.txt`, async (_req, reply) => {
    void reply.header('cache-control', 'public, max-age=60').header('content-type', 'text/plain; charset=utf-8');
    return `${(await d.alert.current()).level}\n`;
  });
  app.get(`${base}/alert-level/suggestion`, async (req, reply) => {
    void reply.header('cache-control', 'private, no-store');
    return d.alert.suggest(await actor(req));
  });
  app.put(`${base}/alert-level`, async (req) => {
    const who = await actor(req);
    const b = parseWith(AlertBody, req.body);
    return d.alert.set(who, b.level, b.reason);
  });
  app.get(`${base}/data/*`, async (req, reply) => {
    const who = await actor(req);
    const rest = (req.params as { '*': string })['*'];
    const m = /^(.+)\.(csv|json)$/.exec(rest);
    if (!m) throw new RenkeiError('not_found', 'ask for <citation id>.csv or .json');
    const got = await d.reports.citation(who, m[1]!);
    cache(reply, who, got.data.report.tlp === 'CLEAR');
    if (m[2] === 'json') return { reportId: got.reportId, version: got.version, ...got.data };
    const csv = got.data.kind === 'table' ? tableCsv((got.data as CitedTable).table) : figureCsv((got.data as CitedFigure).figure, (got.data as CitedFigure).table.unit, (got.data as CitedFigure).methodology.citation);
    const name = m[1]!.replace(/\//g, '_');
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `inline; filename="${name}.csv"`).send(csv);
  });
  app.get(`${base}/:id`, async (req, reply) => {
    const who = await actor(req);
    const v = await d.reports.get(who, idParam(req));
    cache(reply, who, v.report.state === 'published' && v.report.tlp === 'CLEAR');
    return v;
  });
  app.get(`${base}/:id/versions`, async (req, reply) => {
    const who = await actor(req);
    void reply.header('cache-control', 'private, no-store');
    return { versions: await d.reports.versions(who, idParam(req)) };
  });
  app.patch(`${base}/:id/sections/:sectionId`, async (req) => {
    const who = await actor(req);
    const { sectionId } = parseWith(SectionParam, req.params, 'path');
    return d.reports.editSection(who, idParam(req), sectionId, parseWith(EditSectionBody, req.body));
  });
  app.post(`${base}/:id/publish`, async (req) => {
    const who = await actor(req);
    return d.reports.publish(who, idParam(req), parseWith(PublishBody, req.body ?? {}).changeNote);
  });
  app.post(`${base}/:id/corrections`, async (req, reply) => {
    const who = await actor(req);
    return reply.status(201).send(await d.reports.correct(who, idParam(req), parseWith(CorrectionBody, req.body ?? {}).rebuild));
  });
  app.get(`${base}/:id/report.html`, async (req, reply) => {
    const who = await actor(req);
    const v = await d.reports.get(who, idParam(req));
    cache(reply, who, v.report.state === 'published' && v.report.tlp === 'CLEAR');
    return reply.header('content-type', 'text/html; charset=utf-8').send(reportHtml(v.report, v.content));
  });
  app.get(`${base}/:id/report.pdf`, async (req, reply) => {
    const who = await actor(req);
    const v = await d.reports.get(who, idParam(req));
    const pdf = await d.pdf.pdf(reportHtml(v.report, v.content));
    cache(reply, who, v.report.state === 'published' && v.report.tlp === 'CLEAR');
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="report-${v.report.id}.pdf"`).send(pdf);
  });
}
