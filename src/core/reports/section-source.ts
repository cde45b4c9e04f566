/**
 * The pluggable part of the report builder: each section comes from a source that reads the period's
 * data through its own port. Features built later (observations and rooms, ISP notifications) add a
 * source; the builder and the disclosure rules stay the same.
 */
import type { ReportAudience, SectionInput } from './model.ts';
import type { PeriodRange } from './period.ts';

/** What a source is asked for. `history` are earlier periods of the same kind, most recent first. */
export interface SectionRequest {
  period: PeriodRange;
  history: PeriodRange[];
  audience: ReportAudience;
}

export interface ReportSectionSource {
  /** Unique name of the source (also the section id it produces). */
  id: string;
  /** The section for the period, or null when the source has nothing to say for it. */
  build(req: SectionRequest): Promise<SectionInput | null>;
}
