/**
 * The report store: drafts, immutable published versions, resolvable citation ids, and the period's
 * cross-search activity (counts per searching organisation, never values). Read rules live in the
 * queries: anonymous readers see published public (TLP:CLEAR) versions only, members every published
 * version, hub admins drafts too.
 */

export type ReportState = 'draft' | 'published';

/** Who reads: the rule every read path goes through. */
export type ReportViewer = 'public' | 'member' | 'admin';

export interface ReportRow {
  id: number;
  /** `<period code>/<audience>/<lang>`: versions of one report share it. */
  series: string;
  state: ReportState;
  /** 1, 2, … once published; null for a draft. */
  version: number | null;
  /** The published version a correction draft revises. */
  supersedes: number | null;
  changeNote: string | null;
  lang: 'ja' | 'en';
  audience: 'members' | 'public';
  periodKind: 'week' | 'month' | 'quarter';
  periodStart: string;
  periodCode: string;
  title: string;
  contentJson: string;
  createdBy: number;
  createdAt: number;
  publishedBy: number | null;
  publishedAt: number | null;
}

export type ReportSummaryRow = Omit<ReportRow, 'contentJson'>;

export type NewDraft = Omit<ReportRow, 'id' | 'series' | 'state' | 'version' | 'changeNote' | 'publishedBy' | 'publishedAt'>;

/** One citable figure or table of a published version. */
export interface CitationRow {
  citationId: string;
  reportId: number;
  version: number;
  json: string;
}

/** Search activity of one organisation in a period (from the hub's search history). */
export interface SearchActivityRow {
  org: string;
  searches: number;
  values: number;
  hitValues: number;
}

/** A count of one category in a period from one contributing organisation (or member), for disclosure control. */
export interface ActivityCount {
  /** The contributor (organisation or member id as text); used for suppression only, never published. */
  contributor: string;
  category: string;
  n: number;
}

/** TLP levels (lower case, TLP 2.0) an activity count may include. */
export type ActivityTlp = 'clear' | 'green';

/** One change of the community alert level. */
export interface AlertLevelRow {
  id: number;
  level: 'green' | 'yellow' | 'orange' | 'red';
  reason: string;
  setBy: number;
  setAt: number;
}

export interface ReportStore {
  migrate(): Promise<void>;
  createDraft(d: NewDraft): Promise<ReportRow>;
  get(id: number, viewer: ReportViewer): Promise<ReportRow | null>;
  /** Newest first. */
  list(viewer: ReportViewer, limit: number): Promise<ReportSummaryRow[]>;
  /** Replaces a draft's content; false when the report is not a draft (published versions never change). */
  updateDraft(id: number, title: string, contentJson: string): Promise<boolean>;
  /**
   * Publishes a draft as the next version of its series, with its citations, atomically; null when it is
   * not a draft (published once only).
   */
  publish(id: number, p: { by: number; at: number; changeNote: string | null; citations: Array<{ citationId: string; json: string }> }): Promise<ReportRow | null>;
  /** Published versions of a series, oldest first. */
  versions(series: string, viewer: ReportViewer): Promise<ReportSummaryRow[]>;
  /** The newest published version holding a citation id that the viewer may read. */
  resolveCitation(citationId: string, viewer: ReportViewer): Promise<CitationRow | null>;
  /** Finished searches created in [fromMs, toMs), per searching organisation. */
  searchActivity(fromMs: number, toMs: number): Promise<SearchActivityRow[]>;
  /**
   * Observations created in [fromMs, toMs) per author organisation and category, only those shared with
   * the whole community at one of `tlps` (what a report of that TLP may count).
   */
  observationActivity(fromMs: number, toMs: number, tlps: readonly ActivityTlp[]): Promise<ActivityCount[]>;
  /** Community questions asked in [fromMs, toMs) per author organisation (category `asked`; community audience, `tlps` only). */
  questionActivity(fromMs: number, toMs: number, tlps: readonly ActivityTlp[]): Promise<ActivityCount[]>;
  /** Incident rooms opened in [fromMs, toMs) per author organisation and severity (community audience, `tlps` only). */
  roomActivity(fromMs: number, toMs: number, tlps: readonly ActivityTlp[]): Promise<ActivityCount[]>;
  /** Open incident rooms at `atMs` (community audience, `tlps` only): for the alert-level suggestion. */
  /**
   * Outcomes of the community rooms closed in [fromMs, toMs) (`tlps` only): the members' final statuses
   * (not-affected, investigating, affected, contained, recovered), per member organisation.
   */
  roomOutcomes(fromMs: number, toMs: number, tlps: readonly ActivityTlp[]): Promise<ActivityCount[]>;
  openRooms(atMs: number, tlps: readonly ActivityTlp[]): Promise<Array<{ severity: string; n: number }>>;
  /** Abuse reports first seen in [fromMs, toMs) per receiving member and category (addresses, not events). */
  notificationActivity(fromMs: number, toMs: number): Promise<ActivityCount[]>;
  /** Records a change of the alert level (append-only). */
  setAlertLevel(r: Omit<AlertLevelRow, 'id'>): Promise<AlertLevelRow>;
  /** The change log, newest first (the first row is the level in force). */
  alertLevels(limit: number): Promise<AlertLevelRow[]>;
}
