/** Wire schemas of the report routes (`/api/v1/reports`): request bodies and the report version as served. */
import { z } from 'zod';

export const PeriodBody = z.strictObject({
  kind: z.enum(['week', 'month', 'quarter']),
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
});

/** Builds a draft from the period's data. */
export const CreateDraftBody = z.strictObject({
  period: PeriodBody,
  lang: z.enum(['ja', 'en']).default('ja'),
  audience: z.enum(['members', 'public']).default('members'),
});
export type CreateDraftBody = z.infer<typeof CreateDraftBody>;

/** A reviewer's edit of one section of a draft. */
export const EditSectionBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    paragraphs: z.array(z.string().max(5000)).max(20).optional(),
    removed: z.boolean().optional(),
  })
  .refine((b) => b.title !== undefined || b.paragraphs !== undefined || b.removed !== undefined, 'nothing to change');
export type EditSectionBody = z.infer<typeof EditSectionBody>;

/** Publishing; a correction (a draft revising a published version) must say what changed. */
export const PublishBody = z.strictObject({ changeNote: z.string().trim().min(1).max(2000).optional() });

const Status = z.enum(['published', 'suppressed', 'suppressed_secondary']);
export const ReportFigureWire = z.object({
  citationId: z.string(),
  label: z.string(),
  status: Status,
  value: z.number().nullable(),
  previous: z.object({ status: Status, value: z.number().nullable() }).nullable(),
  changePercent: z.number().nullable(),
});

/** A report version's metadata (the body is `content`, a ReportContent). */
export const ReportSummaryWire = z.object({
  id: z.number().int(),
  series: z.string(),
  state: z.enum(['draft', 'published']),
  version: z.number().int().nullable(),
  supersedes: z.number().int().nullable(),
  changeNote: z.string().nullable(),
  lang: z.enum(['ja', 'en']),
  audience: z.enum(['members', 'public']),
  tlp: z.enum(['GREEN', 'CLEAR']),
  periodCode: z.string(),
  title: z.string(),
  createdAt: z.number().int(),
  publishedAt: z.number().int().nullable(),
});
export type ReportSummaryWire = z.infer<typeof ReportSummaryWire>;
