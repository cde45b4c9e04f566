/**
 * The notification pipeline's state, modelled on IntelMQ mailgen: reports routed to an owning member
 * (deduplicated per address, category and window), batches (one ticket each) and an outbox of deliveries
 * with states, so an interrupted run resumes without loss or duplicates. Read rule (here, for every path):
 * a member reads only reports and deliveries addressed to it; reporter identities never leave this store,
 * except those of reporters that opted in to be named.
 */
import type { AggregateField, DirectiveFormat } from '../../core/notifications/directive.ts';

export type { AggregateField, DirectiveFormat } from '../../core/notifications/directive.ts';
export type Channel = 'email' | 'webhook';
export type Interval = 'immediate' | 'hourly' | 'daily';

/** A member's delivery settings: its directive (format, aggregation key, interval, template language) and channels. */
export interface Contact {
  memberId: number;
  email: string | null;
  webhookUrl: string | null;
  /** HMAC key for webhook signatures; never returned to readers (see `hasWebhookSecret`). */
  webhookSecret: string | null;
  locale: 'ja' | 'en';
  interval: Interval;
  format: DirectiveFormat;
  /** Empty: one notification for all the member's due reports. */
  aggregateBy: AggregateField[];
  /** As a reporter: named to the recipients of its reports (default: only counted, "reported by N members"). */
  nameAsReporter: boolean;
}

/** A contact as written: the directive fields default to an e-mail digest, not aggregated, reporter not named. */
export type ContactInput = Omit<Contact, 'format' | 'aggregateBy' | 'nameAsReporter'> & Partial<Pick<Contact, 'format' | 'aggregateBy' | 'nameAsReporter'>>;

/**
 * One routed report of a staged batch, already aggregated within its batch: the first and last time and
 * how many events of the batch fell on this (member, address, category, window).
 */
export interface StagedReport {
  memberId: number;
  claimId: number;
  address: string;
  category: string;
  /** Start of the dedup window the events fall in. */
  windowStart: number;
  firstSeen: number;
  lastSeen: number;
  count: number;
  evidence: Record<string, unknown>;
}

/** What one ingest call routed: one source and one reporter for all its reports. */
export interface StagedBatch {
  /** Feed or channel name ("feed:honeypot", "observation", …): shown to the recipient. */
  source: string;
  /** The reporting member (never shown to the recipient); null for hub feeds. */
  reporterMemberId: number | null;
  reports: readonly StagedReport[];
}

/** What a fold did. */
export interface FoldResult {
  /** Staged batches and reports folded. */
  batches: number;
  rows: number;
  /** Reports created, and staged reports that only added to an existing one (duplicates). */
  created: number;
  merged: number;
  /** Keys (`reportKey`) of the reports batch `newOf` created (it was the first to report them). */
  createdBy: Set<string>;
}

/** The dedup key of a report: one report per member, address, category and window. */
export function reportKey(memberId: number, address: string, category: string, windowStart: number): string {
  return `${memberId}\t${address}\t${category}\t${windowStart}`;
}

/** A report as the owning member sees it: the reporters are only counted. */
export interface ReportRow {
  id: number;
  memberId: number;
  claimId: number;
  address: string;
  category: string;
  windowStart: number;
  firstSeen: number;
  lastSeen: number;
  count: number;
  evidence: Record<string, unknown>;
  sources: string[];
  reporterCount: number;
  /** Reporting members that opted in to be named (`nameAsReporter`); the others are only counted. */
  namedReporterIds: number[];
  /** Ticket of the notification that carried it; null until composed. */
  ticket: string | null;
  /** When its notification reached the recipient (first delivery accepted, or composed for in-app); null before. */
  sentAt: number | null;
}

/** One delivery to make for a batch. */
export interface OutboxDraft {
  channel: Channel;
  /** E-mail address or webhook URL. */
  target: string;
  subject: string;
  body: string;
  /** Media type of `body`: null is the channel's default (e-mail text, webhook JSON). */
  contentType?: 'application/json' | 'text/csv' | null;
}

export interface OutboxRow extends OutboxDraft {
  id: number;
  memberId: number;
  batchId: number;
  ticket: string;
  /** Same on every retry: receivers drop repeats by it. */
  idempotencyKey: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** One member's part of a digest run. */
export interface ComposeItem {
  memberId: number;
  /** Unique per delivery: called once per channel and ticket. */
  idempotencyKey: (channel: Channel, ticket: string) => string;
  render: (reports: ReportRow[], ticket: string) => OutboxDraft[];
  /** Aggregation key: reports with the same key share one batch (ticket); absent, all share one. */
  groupOf?: (report: ReportRow) => string;
}

/** A report post's answer kept under its idempotency key, so a retried post is answered, not ingested again. */
export interface IngestReplay {
  /** Null while the first post is still (or was, when it crashed) between staging and answering. */
  reply: string | null;
}

/** What composing one member did: its tickets (one per aggregation group; `ticket` is the first). */
export interface ComposeResult {
  ticket: string;
  tickets: string[];
  reports: number;
  queued: number;
}

export type NotifyViewer = { kind: 'hub-admin' } | { kind: 'member'; memberId: number };

export interface NotificationStore {
  setContact(c: ContactInput, at: number): Promise<void>;
  /** The contact, secret included: for the delivery code only. */
  getContact(memberId: number): Promise<Contact | null>;
  /**
   * Appends a routed batch durably (one row, whatever its size) and returns its id and the staged backlog
   * in reports. Dedup happens when it is folded, so accepting a feed costs one sequential write.
   */
  stageReports(batch: StagedBatch, opts?: { idempotencyKey?: string; at?: number }): Promise<{ batchId: number; backlog: number; repeated?: true }>;
  /**
   * Claims a post's idempotency key (scoped by the caller, e.g. `m7:<key>`) when nothing is staged for it;
   * null when new, else what the first post stored. `stageReports` with a key claims it in its transaction.
   */
  claimIngestKey(key: string, at: number): Promise<IngestReplay | null>;
  /** Stores the answer of the post that claimed `key`. */
  saveIngestReply(key: string, reply: string): Promise<void>;
  /** Forgets keys claimed before `before` (retries come within minutes to days). */
  pruneIngestKeys(before: number): Promise<number>;
  /**
   * Folds staged batches, oldest first, into reports in one transaction: a new (member, address, category,
   * window) creates a report, a known one adds to its count, times, sources and reporters. Takes whole
   * batches until `maxRows` reports are taken (at least one batch); a batch is folded exactly once even
   * when two hubs fold at the same time.
   */
  foldStaged(opts?: { maxRows?: number; newOf?: number }): Promise<FoldResult>;
  /** Staged reports not folded yet. */
  stagedBacklog(): Promise<number>;
  /** Reports (folded) and the sum of their counts (events), over all members: the hub admin's totals. */
  reportTotals(): Promise<{ reports: number; events: number }>;
  listReports(viewer: NotifyViewer, opts?: { limit?: number }): Promise<ReportRow[]>;
  /** Members with reports not yet in a batch whose interval since the last batch has passed. */
  membersDue(at: number, intervalMs: Record<Interval, number>): Promise<number[]>;
  /**
   * In one transaction: takes the member's unbatched reports, opens a batch (ticket), renders its
   * deliveries with `render` and queues them. Nothing is queued (null) when there are no reports.
   */
  composeBatch(memberId: number, at: number, idempotencyKey: (channel: Channel, ticket: string) => string, render: (reports: ReportRow[], ticket: string) => OutboxDraft[]): Promise<ComposeResult | null>;
  /**
   * Queues deliveries that are not digests of reports (observation and room notifications): one batch with
   * a ticket and no reports; a draft whose idempotency key was queued before is skipped (one per key).
   */
  queueMessages(memberId: number, at: number, drafts: ReadonlyArray<OutboxDraft & { idempotencyKey: string }>): Promise<{ ticket: string; queued: number }>;
  /**
   * `composeBatch` for several members in one transaction (a digest run commits once per group, not once
   * per member); results in the order given, null where a member had nothing.
   */
  composeBatches(items: readonly ComposeItem[], at: number): Promise<Array<ComposeResult | null>>;
  /** Pending deliveries due at `at`, oldest first. */
  dueDeliveries(at: number, limit: number): Promise<OutboxRow[]>;
  markSent(id: number, at: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` null gives up (state `failed`). */
  markFailed(id: number, error: string, nextAttemptAt: number | null): Promise<void>;
  listOutbox(viewer: NotifyViewer): Promise<OutboxRow[]>;
}
