/**
 * Wire contract of a member's incident cases (all under /api/v1/cases; the caller's organisation only):
 *   GET  /cases?state=            → { cases: CaseSummary[] }        POST /cases  CaseCreate → CaseView
 *   GET  /cases/settings          → OrgFigures                      PUT /cases/settings OrgFigures (org admins)
 *   GET  /cases/:id               → CaseView                         PATCH /cases/:id CaseUpdate → CaseView
 *   POST /cases/:id/transition    CaseTransition → CaseView
 *   POST /cases/:id/tasks         TaskCreate; PATCH /cases/:id/tasks/:taskId TaskUpdate
 *   POST /cases/:id/timeline      TimelineCreate
 *   GET  /cases/:id/hosts?tag=&q=&order=name|repair&limit=&cursor=
 *                                 → HostPageResponse (one page, keyset cursor); POST /cases/:id/hosts HostCreate
 *   POST /cases/:id/hosts/import  { csv } → { imported, errors: [{ line, code, params, reason }] }
 *   POST /cases/:id/hosts/tag     HostTagBulk → { changed: ids found, missing: ids not in the case }
 *   POST /cases/:id/hosts/:hostId/tag HostTagChange; GET /cases/:id/hosts/:hostId/history
 *   PATCH /cases/:id/hosts/:hostId  HostUpdate (priority)
 *   POST /cases/:id/notes         SoapNoteInput; POST /cases/:id/notes/:noteId/revisions SoapNoteInput
 *   POST /cases/:id/notes/:noteId/plan-tasks → tasks from the current plan lines
 *   GET  /cases/:id/damage        → DamageView
 *   POST /cases/:id/safe-status   SafeStatusRequest → SafeStatus (what a room may receive; nothing is sent)
 *   POST /cases/:id/share         RoomShareRequest → { roomId, postId, shared: SafeStatus } (posted into the room)
 *   GET  /cases/:id/export?format=json|markdown|html&lang=ja|en
 * Money is carried as decimal strings of whole yen (bigint is not JSON).
 */
import { z } from 'zod';
import { CASE_OUTCOMES, CASE_PAPS, CASE_SEVERITIES, CASE_STATES, CASE_TLPS, OUTAGE_MARKS, TASK_STATES } from '../../core/cases/case-model.ts';
import { HOST_TAGS } from '../../core/cases/triage.ts';

const Text = (max: number) => z.string().max(max);
const Ref = z.string().min(1).max(200);

export const DamageSettings = z
  .object({
    annualRevenueYen: z.string().regex(/^\d{1,20}$/, 'whole yen as digits').nullable(),
    businessDays: z.number().int().min(1).max(366).nullable(),
    hoursPerDay: z.number().gt(0).max(24).nullable(),
    downtimeHoursOverride: z.number().min(0).max(100_000).nullable(),
    impactOverride: z.union([z.object({ affected: z.number().int().min(0), total: z.number().int().min(1) }).strict(), z.object({ percent: z.number().min(0).max(100) }).strict()]).nullable(),
  })
  .strict();

/** The member's own figures; new cases start from them (GET/PUT /cases/settings; PUT for the org's admins). */
export const OrgFigures = z
  .object({
    annualRevenueYen: z.string().regex(/^\d{1,20}$/, 'whole yen as digits').nullable(),
    businessDays: z.number().int().min(1).max(366).nullable(),
    hoursPerDay: z.number().gt(0).max(24).nullable(),
  })
  .strict();

export const CaseCreate = z
  .object({
    title: Text(300).min(1),
    description: Text(20_000).default(''),
    severity: z.enum(CASE_SEVERITIES).default('medium'),
    tlp: z.enum(CASE_TLPS).default('amber'),
    pap: z.enum(CASE_PAPS).default('amber'),
    ownerUserId: z.number().int().positive().nullable().optional(),
    /** Start from the four first-step tasks (default) or empty. */
    template: z.enum(['first_steps', 'none']).default('first_steps'),
    lang: z.enum(['ja', 'en']).default('ja'),
    damage: DamageSettings.partial().optional(),
  })
  .strict();
export type CaseCreate = z.infer<typeof CaseCreate>;

export const CaseUpdate = z
  .object({
    title: Text(300).min(1),
    description: Text(20_000),
    severity: z.enum(CASE_SEVERITIES),
    tlp: z.enum(CASE_TLPS),
    pap: z.enum(CASE_PAPS),
    ownerUserId: z.number().int().positive().nullable(),
    damage: DamageSettings.partial(),
    linkedRoomIds: z.array(Ref).max(100),
    linkedObservationIds: z.array(Ref).max(1000),
    malwareFamilies: z.array(Text(100).min(1)).max(100),
  })
  .partial()
  .strict();
export type CaseUpdate = z.infer<typeof CaseUpdate>;

export const CaseTransition = z.object({ to: z.enum(CASE_STATES), outcome: z.enum(CASE_OUTCOMES).optional() }).strict();

export const TaskCreate = z
  .object({ title: Text(500).min(1), ownerUserId: z.number().int().positive().nullable().optional(), dueAt: z.number().int().nonnegative().nullable().optional() })
  .strict();
export const TaskUpdate = z
  .object({ title: Text(500).min(1), ownerUserId: z.number().int().positive().nullable(), dueAt: z.number().int().nonnegative().nullable(), state: z.enum(TASK_STATES) })
  .partial()
  .strict();

/** ISO 8601 with an explicit zone (Z or ±hh:mm): a responder's local time must not be guessed. */
export const ZonedTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'ISO 8601 time with zone, e.g. 2026-12-01T09:30:00+09:00').refine((s) => Number.isFinite(Date.parse(s)), 'not a real time');

export const TimelineCreate = z
  .object({
    occurredAt: ZonedTime,
    what: Text(2000).min(1),
    source: Text(200).min(1),
    outage: z.enum(OUTAGE_MARKS).nullable().default(null),
    hostIds: z.array(z.number().int().positive()).max(1000).default([]),
    indicators: z.array(Text(2048).min(1)).max(1000).default([]),
  })
  .strict();

export const HostCreate = z
  .object({ name: Text(255).min(1), address: Text(255).nullable().default(null), os: Text(255).nullable().default(null), owner: Text(255).nullable().default(null), tag: z.enum(HOST_TAGS).default('untriaged') })
  .strict();
export const HostTagChange = z.object({ tag: z.enum(HOST_TAGS), reason: Text(1000).min(1) }).strict();
/** One tag for many hosts at once (a page's selection), bounded per request. */
export const MAX_BULK_TAG = 1000;
export const HostTagBulk = z.object({ hostIds: z.array(z.number().int().positive()).min(1).max(MAX_BULK_TAG), tag: z.enum(HOST_TAGS), reason: Text(1000).min(1) }).strict();
export const HostUpdate = z.object({ priority: z.number().int().min(1).max(1_000_000).nullable() }).strict();

/** Attachments come base64-encoded; the hub stores them with their SHA-256. */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const NoteAttachmentInput = z.object({ name: Text(255).min(1), contentBase64: z.string().max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 4, `an attachment is at most ${MAX_ATTACHMENT_BYTES} bytes`) }).strict();
export const SoapNoteInput = z
  .object({
    subjective: Text(50_000).default(''),
    objective: Text(50_000).default(''),
    assessment: Text(50_000).default(''),
    plan: z.array(Text(1000)).max(200).default([]),
    attachments: z.array(NoteAttachmentInput).max(10).default([]),
  })
  .strict();

export const SafeStatusRequest = z.object({ indicators: z.array(Text(2048)).max(1000).default([]) }).strict();
/** Post the safe status into a community incident room (room status + one post with the picked indicators). */
export const RoomShareRequest = z.object({ roomId: z.number().int().positive(), indicators: z.array(Text(2048)).max(1000).default([]), anonymous: z.boolean().default(false) }).strict();

export const CaseListQuery = z.object({ state: z.enum(CASE_STATES).optional() }).strict();
/** Hosts per page: the default, and the most a client may ask for. */
export const HOST_PAGE_DEFAULT = 100;
export const HOST_PAGE_MAX = 500;
export const HostListQuery = z
  .object({
    tag: z.enum(HOST_TAGS).optional(),
    /** Case-insensitive substring of name or address. */
    q: z.string().trim().max(255).optional(),
    order: z.enum(['name', 'repair']).default('name'),
    limit: z.coerce.number().int().min(1).max(HOST_PAGE_MAX).default(HOST_PAGE_DEFAULT),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict();
export const ExportQuery = z.object({ format: z.enum(['json', 'markdown', 'html']).default('json'), lang: z.enum(['ja', 'en']).default('ja') }).strict();
