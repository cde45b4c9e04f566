/**
 * The report model: what section sources produce (inputs with member contributions, never published as
 * such) and what a report holds once every figure is protected (`compose.ts`).
 */
import type { Contributions, FigureStatus } from '../disclosure/protect-report.ts';
import type { DisclosureParams } from '../disclosure/params.ts';
import type { PeriodRange } from './period.ts';

export type ReportLang = 'ja' | 'en';
/** Members-only reports are TLP:GREEN; public ones TLP:CLEAR. */
export type ReportAudience = 'members' | 'public';
export type ReportTlp = 'GREEN' | 'CLEAR';
export type SectionKind = 'situation' | 'statistics' | 'observations' | 'search_activity' | 'notifications' | 'business_impact';

/** A text in both languages; the report picks its own, citation lines keep both. */
export interface Bilingual {
  ja: string;
  en: string;
}

export const tlpOf = (a: ReportAudience): ReportTlp => (a === 'public' ? 'CLEAR' : 'GREEN');

/** One row of a table as a source gives it: contributions per member for this period and earlier ones. */
export interface RowInput {
  key: string;
  label: Bilingual;
  /** How a sentence names the row, e.g. `on port 23/tcp` / `ポート 23/tcp への`; rows without one get no deviation sentence. */
  subject?: Bilingual;
  contributions: Contributions;
  /** The same figure in earlier periods, most recent first (aligned with `SectionInput.history`). */
  history?: Contributions[];
}

export interface TableInput {
  /** Stable within a report: part of every citation id of the table (`top-ports`). */
  id: string;
  title: Bilingual;
  unit: Bilingual;
  /** How figures are counted (dedup rules), printed in the methodology. */
  countingRule: Bilingual;
  caveat?: Bilingual;
  rows: RowInput[];
  /** Publish the table total under this label (with secondary suppression of the cells). */
  total?: Bilingual;
  /** Draw the table as a bar chart. */
  chart?: boolean;
  /** Feed the largest deviations of this table to the situation paragraph. */
  deviations?: boolean;
}

/** What a section source returns for one period. */
export interface SectionInput {
  kind: SectionKind;
  /** Unique within the report (`statistics`, `search-activity`). */
  id: string;
  title: Bilingual;
  paragraphs: Bilingual[];
  tables: TableInput[];
  /** Contributing members and sensors of the period (printed with every figure of the section). */
  basis: { members: number; sensors: number | null };
}

/** A published figure of a report. `value` is null unless `status` is 'published'. */
export interface ReportFigure {
  citationId: string;
  label: string;
  status: FigureStatus;
  value: number | null;
  /** The figure in the previous period (protected with that period's noise), if the source gave one. */
  previous: { status: FigureStatus; value: number | null } | null;
  /** Change against the previous period in percent (one decimal), when both are published and the previous is > 0. */
  changePercent: number | null;
}

/** Everything a figure needs to be quoted. */
export interface Methodology {
  issuer: string;
  period: string;
  members: number;
  sensors: number | null;
  countingRule: string;
  method: string;
  methodVersion: string;
  caveats: string[];
  licence: string;
  citation: Bilingual;
}

export interface ReportTable {
  id: string;
  citationId: string;
  title: string;
  unit: string;
  rows: ReportFigure[];
  total: ReportFigure | null;
  chart: boolean;
  methodology: Methodology;
}

export interface ReportSection {
  id: string;
  kind: SectionKind;
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
  /** Removed by the reviewer: kept in the draft, left out of HTML/PDF. */
  removed: boolean;
  edited: boolean;
}

/** The body of a report version (stored as JSON, immutable once published). */
export interface ReportContent {
  title: string;
  issuer: string;
  lang: ReportLang;
  audience: ReportAudience;
  tlp: ReportTlp;
  period: PeriodRange & { label: string };
  generatedAt: string;
  params: DisclosureParams;
  methodology: string;
  licence: string;
  sections: ReportSection[];
}
