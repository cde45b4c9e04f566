/** Query-string schemas of the statistics routes (zod), with time parsing (ISO text or epoch seconds). */
import { z } from 'zod';

const DIM = z.enum(['port', 'signature', 'country', 'asn']);

/** ISO 8601 text or epoch seconds → epoch seconds. */
const time = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = String(v);
  const n = /^\d{9,11}$/.test(s) ? Number(s) * 1000 : Date.parse(s);
  if (Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time or epoch seconds' });
    return z.NEVER;
  }
  return Math.floor(n / 1000);
});
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const common = { mine: flag.optional(), member: z.string().min(1).max(200).optional() };

export const TopQuery = z.strictObject({
  dimension: DIM,
  period: z.enum(['hour', 'day']).default('day'),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
  ...common,
});

export const TrendQuery = z.strictObject({
  dimension: DIM,
  key: z.string().min(1).max(100),
  weeks: z.coerce.number().int().min(1).max(104).default(4),
  to: time.optional(),
  ...common,
});

export const BaselineQuery = z.strictObject({
  dimension: DIM,
  hour: time.optional(),
  weeks: z.coerce.number().int().min(1).max(52).default(4),
  key: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  ...common,
});

export const ExportQuery = z.object({ view: z.enum(['top', 'trend', 'baseline']).default('top') }).passthrough();

export const OptInBody = z.strictObject({ optIn: z.boolean() });
