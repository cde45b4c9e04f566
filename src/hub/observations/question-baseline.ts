/**
 * The community statistics beside a question's answers: when a question names a country, port or
 * signature, the statistics baseline for that key in the last complete hour, from the same service,
 * member-threshold withholding and quotable sentence as `GET /api/v1/stats/baseline` (community view).
 */
import type { QuestionSubject } from '../../core/observations/question.ts';
import type { Deviation } from '../../core/stats/baseline.ts';
import type { StatsService } from '../stats/stats-service.ts';

const HOUR = 3600;

/** The baseline comparison for one subject. */
export interface QuestionBaseline {
  dimension: QuestionSubject['dimension'];
  key: string;
  /** Start of the hour compared (ISO), and how many previous weeks of the same hour make the baseline. */
  hour: string;
  weeks: number;
  sensors: number;
  minMembers: number;
  /** Too few members reported this key in that hour: no figures are shown (which is not zero). */
  withheld: boolean;
  events: number | null;
  deviation: Deviation | null;
  sentence: { en: string; ja: string } | null;
}

export type QuestionBaselineLookup = (subject: QuestionSubject, atMs: number) => Promise<QuestionBaseline>;

/** The lookup over the hub's statistics service (community scope, never one member's figures). */
export function questionBaseline(stats: StatsService, weeks = 4): QuestionBaselineLookup {
  return async (subject, atMs) => {
    const hour = Math.floor(atMs / 1000 / HOUR) * HOUR - HOUR;
    const r = await stats.baseline({ dimension: subject.dimension, key: subject.key, hour, weeks, limit: 1 });
    const item = r.items.find((i) => i.key === subject.key) ?? null;
    return {
      dimension: subject.dimension, key: subject.key, hour: r.hour, weeks, sensors: r.sensors, minMembers: r.minMembers,
      withheld: item === null, events: item?.events ?? null, deviation: item?.deviation ?? null, sentence: item?.sentence ?? null,
    };
  };
}
