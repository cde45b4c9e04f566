/**
 * Wire schemas of the statistics answers (`GET /api/v1/stats/top|trend|baseline`). The hub's routes are
 * typed by them and the web reads them; `stats-routes.test.ts` parses real answers with them strictly.
 */
import { z } from 'zod';

export const StatsDimension = z.enum(['port', 'signature', 'country', 'asn']);

/** How many figures of a bucket were withheld (too few members), and their events when that reveals no one. */
export const Withheld = z.strictObject({ items: z.number().int().min(0), events: z.number().nullable() });

export const StatItem = z.strictObject({
  key: z.string(),
  label: z.string().nullable(),
  events: z.number(),
  sources: z.number(),
  targets: z.number(),
  perSensor: z.number(),
  members: z.number().int(),
});
export type StatItem = z.infer<typeof StatItem>;

const scope = z.string().regex(/^(community|member:.+)$/);

export const TopAnswer = z.strictObject({
  dimension: StatsDimension,
  period: z.enum(['hour', 'day']),
  from: z.string(),
  to: z.string(),
  scope,
  sensors: z.number().int(),
  /** Community figures need this many members; fewer → withheld (counted per bucket). */
  minMembers: z.number().int(),
  buckets: z.array(z.strictObject({ start: z.string(), sensors: z.number().int(), items: z.array(StatItem), withheld: Withheld })),
});
export type TopAnswer = z.infer<typeof TopAnswer>;

/** One day of a trend; a withheld day has null figures, which is not the same as zero. */
export const TrendPoint = z.strictObject({
  day: z.string(),
  sensors: z.number().int(),
  events: z.number().nullable(),
  sources: z.number().nullable(),
  targets: z.number().nullable(),
  perSensor: z.number().nullable(),
  members: z.number().int().nullable(),
  withheld: Withheld,
});

export const TrendAnswer = z.strictObject({
  dimension: StatsDimension,
  key: z.string(),
  weeks: z.number().int(),
  from: z.string(),
  to: z.string(),
  sensors: z.number().int(),
  minMembers: z.number().int(),
  scope,
  points: z.array(TrendPoint),
});
export type TrendAnswer = z.infer<typeof TrendAnswer>;

export const DeviationLevel = z.enum(['no_baseline', 'new', 'low', 'normal', 'elevated', 'large']);

export const BaselineAnswer = z.strictObject({
  dimension: StatsDimension,
  weeks: z.number().int(),
  scope,
  hour: z.string(),
  sensors: z.number().int(),
  minMembers: z.number().int(),
  withheld: Withheld,
  items: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string().nullable(),
      events: z.number(),
      sources: z.number(),
      deviation: z.strictObject({ current: z.number(), median: z.number(), ratio: z.number().nullable(), z: z.number(), level: DeviationLevel, weeks: z.number().int() }),
      history: z.array(z.number()),
      /** The quotable sentence in both languages. */
      sentence: z.strictObject({ en: z.string(), ja: z.string() }),
    }),
  ),
});
export type BaselineAnswer = z.infer<typeof BaselineAnswer>;
