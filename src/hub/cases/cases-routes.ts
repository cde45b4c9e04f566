/** `/api/v1/cases`: a member's incident cases (see src/contracts/cases/cases-api.ts). Auth via the hub guard. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CaseCreate, CaseListQuery, CaseTransition, CaseUpdate, ExportQuery, HostCreate, HostListQuery, HostTagBulk, HostTagChange, HostUpdate, OrgFigures, RoomShareRequest, SafeStatusRequest, SoapNoteInput, TaskCreate, TaskUpdate, TimelineCreate } from '../../contracts/cases/cases-api.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, requireUser } from '../http/guard.ts';
import { caseReportHtml } from '../../core/cases/case-report-html.ts';
import { caseReportMarkdown } from '../../core/cases/case-report.ts';
import type { PdfRenderer } from '../../services/pdf/pdf-renderer.ts';
import type { CaseActorFull, CaseService } from './case-service.ts';
import { damageView } from './damage-view.ts';

const ImportBody = z.object({ csv: z.string() }).strict();
const Sha = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
/** `lang` and the zone the case's own times are shown in (default JST, the members' zone). */
const ReportQuery = z
  .object({ lang: z.enum(['ja', 'en']).default('ja'), tz: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/).default('+09:00') })
  .strict();
const offsetMinutes = (tz: string): number => (tz.startsWith('-') ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));

/** Registers the case routes. */
export function casesRoutes(app: FastifyInstance, auth: AuthService, cases: CaseService, pdf: PdfRenderer): void {
  const actor = async (req: FastifyRequest): Promise<CaseActorFull> => {
    const p = await requireUser(auth, req);
    return { userId: p.userId, orgId: p.orgId, role: p.role, login: p.login, orgName: p.orgName };
  };
  const base = '/api/v1/cases';

  app.get(base, async (req) => {
    const q = parseWith(CaseListQuery, req.query, 'query');
    return { cases: await cases.list(await actor(req), q.state ? { state: q.state } : {}) };
  });
  app.post(base, async (req, reply) => {
    const who = await actor(req);
    return reply.status(201).send(await cases.create(who, parseWith(CaseCreate, req.body)));
  });
  app.get(`${base}/settings`, async (req) => cases.orgFigures(await actor(req)));
  app.put(`${base}/settings`, async (req) => {
    const who = await actor(req);
    return cases.setOrgFigures(who, parseWith(OrgFigures, req.body));
  });
  app.get(`${base}/:id`, async (req) => cases.get(await actor(req), idParam(req)));
  app.patch(`${base}/:id`, async (req) => {
    const who = await actor(req);
    return cases.update(who, idParam(req), parseWith(CaseUpdate, req.body) as Parameters<CaseService['update']>[2]);
  });
  app.post(`${base}/:id/transition`, async (req) => {
    const who = await actor(req);
    const b = parseWith(CaseTransition, req.body);
    return cases.transition(who, idParam(req), b.to, b.outcome);
  });
  app.post(`${base}/:id/tasks`, async (req, reply) => {
    const who = await actor(req);
    return reply.status(201).send(await cases.addTask(who, idParam(req), parseWith(TaskCreate, req.body)));
  });
  app.patch(`${base}/:id/tasks/:taskId`, async (req) => {
    const who = await actor(req);
    return cases.updateTask(who, idParam(req), idParam(req, 'taskId'), parseWith(TaskUpdate, req.body) as Parameters<CaseService['updateTask']>[3]);
  });
  app.post(`${base}/:id/timeline`, async (req, reply) => {
    const who = await actor(req);
    return reply.status(201).send(await cases.addTimelineEvent(who, idParam(req), parseWith(TimelineCreate, req.body)));
  });
  app.get(`${base}/:id/hosts`, async (req) => {
    const q = parseWith(HostListQuery, req.query, 'query');
    return cases.listHosts(await actor(req), idParam(req), q);
  });
  app.post(`${base}/:id/hosts`, async (req, reply) => {
    const who = await actor(req);
    const h = parseWith(HostCreate, req.body);
    const [id] = await cases.addHosts(who, idParam(req), [h], 'added');
    return reply.status(201).send({ id });
  });
  app.post(`${base}/:id/hosts/import`, async (req) => {
    const who = await actor(req);
    return cases.importHosts(who, idParam(req), parseWith(ImportBody, req.body).csv);
  });
  app.post(`${base}/:id/hosts/tag`, async (req) => {
    const who = await actor(req);
    const b = parseWith(HostTagBulk, req.body);
    return cases.tagHosts(who, idParam(req), b.hostIds, b.tag, b.reason);
  });
  app.post(`${base}/:id/hosts/:hostId/tag`, async (req) => {
    const who = await actor(req);
    const b = parseWith(HostTagChange, req.body);
    return cases.tagHost(who, idParam(req), idParam(req, 'hostId'), b.tag, b.reason);
  });
  app.patch(`${base}/:id/hosts/:hostId`, async (req) => {
    const who = await actor(req);
    return cases.setHostPriority(who, idParam(req), idParam(req, 'hostId'), parseWith(HostUpdate, req.body).priority);
  });
  app.get(`${base}/:id/hosts/:hostId/history`, async (req) => ({ history: await cases.hostHistory(await actor(req), idParam(req), idParam(req, 'hostId')) }));
  app.get(`${base}/:id/notes`, async (req) => ({ notes: await cases.listNotes(await actor(req), idParam(req)) }));
  app.post(`${base}/:id/notes`, async (req, reply) => {
    const who = await actor(req);
    const { attachments, ...content } = parseWith(SoapNoteInput, req.body);
    return reply.status(201).send(await cases.addNote(who, idParam(req), content, attachments));
  });
  app.post(`${base}/:id/notes/:noteId/revisions`, async (req, reply) => {
    const who = await actor(req);
    const { attachments, ...content } = parseWith(SoapNoteInput, req.body);
    return reply.status(201).send(await cases.addNote(who, idParam(req), content, attachments, idParam(req, 'noteId')));
  });
  app.post(`${base}/:id/notes/:noteId/plan-tasks`, async (req, reply) => {
    const who = await actor(req);
    return reply.status(201).send({ tasks: await cases.planToTasks(who, idParam(req), idParam(req, 'noteId')) });
  });
  app.get(`${base}/:id/attachments/:sha256`, async (req, reply) => {
    const who = await actor(req);
    const { sha256 } = parseWith(Sha, { sha256: (req.params as { sha256: string }).sha256 }, 'path');
    const a = await cases.attachment(who, idParam(req), sha256);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${a.sha256}.bin"`)
      .send(Buffer.from(a.contentBase64, 'base64'));
  });
  app.get(`${base}/:id/damage`, async (req) => cases.damage(await actor(req), idParam(req)));
  app.post(`${base}/:id/safe-status`, async (req) => {
    const who = await actor(req);
    return cases.safeStatus(who, idParam(req), parseWith(SafeStatusRequest, req.body ?? {}).indicators);
  });
  app.post(`${base}/:id/share`, async (req) => {
    const who = await actor(req);
    const b = parseWith(RoomShareRequest, req.body);
    return cases.shareToRoom(who, idParam(req), b.roomId, b.indicators, b.anonymous);
  });
  // The management report (Markdown, print HTML, PDF): the org's own, never cached on the way.
  const report = async (req: FastifyRequest, format: 'md' | 'html' | 'pdf') => {
    const who = await actor(req);
    const q = parseWith(ReportQuery, req.query, 'query');
    const id = idParam(req);
    const input = await cases.reportInput(who, id, `${format} ${q.lang}`);
    const opts = { generatedAt: input.generatedAt, generatedBy: who.login, utcOffsetMinutes: offsetMinutes(q.tz) };
    return { input, lang: q.lang, opts, name: `case-${id}-report-${q.lang}` };
  };
  app.get(`${base}/:id/report.md`, async (req, reply) => {
    const r = await report(req, 'md');
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-type', 'text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${r.name}.md"`)
      .send(caseReportMarkdown(r.input, r.lang, r.opts));
  });
  app.get(`${base}/:id/report.html`, async (req, reply) => {
    const r = await report(req, 'html');
    return reply.header('cache-control', 'private, no-store').header('content-type', 'text/html; charset=utf-8').send(caseReportHtml(r.input, r.lang, r.opts));
  });
  app.get(`${base}/:id/report.pdf`, async (req, reply) => {
    const r = await report(req, 'pdf');
    const file = await pdf.pdf(caseReportHtml(r.input, r.lang, r.opts));
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${r.name}.pdf"`)
      .send(file);
  });
  app.get(`${base}/:id/export`, async (req, reply) => {
    const who = await actor(req);
    const q = parseWith(ExportQuery, req.query, 'query');
    reply.header('cache-control', 'private, no-store');
    if (q.format !== 'json') {
      // The report formats of the export are the report itself.
      const input = await cases.reportInput(who, idParam(req), `${q.format === 'markdown' ? 'md' : 'html'} ${q.lang}`);
      const opts = { generatedAt: input.generatedAt, generatedBy: who.login, utcOffsetMinutes: 540 };
      if (q.format === 'markdown') return reply.header('content-type', 'text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="case-${input.case.id}.md"`).send(caseReportMarkdown(input, q.lang, opts));
      return reply.header('content-type', 'text/html; charset=utf-8').send(caseReportHtml(input, q.lang, opts));
    }
    const { estimate, ...b } = await cases.bundle(who, idParam(req));
    return reply.header('content-disposition', `attachment; filename="case-${b.case.id}.json"`).send({ ...b, damage: damageView(estimate) });
  });
}
