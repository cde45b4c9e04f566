/**
 * The notification pipeline's state, modelled on IntelMQ mailgen: reports routed to an owning member
 * (deduplicated per address, category and window), batches (one ticket each) and an outbox of deliveries
 * with states, so an interrupted run resumes without loss or duplicates. Read rule (here, for every path):
 * a member reads only reports and deliveries addressed to it; reporter identities never leave this store.
 */

export type Channel = 'email' | 'webhook';
export type Interval = 'immediate' | 'hourly' | 'daily';

/** A member's delivery settings (its "directive"). */
export interface Contact {
  memberId: number;
  email: string | null;
  webhookUrl: string | null;
  /** HMAC key for webhook signatures; never returned to readers (see `hasWebhookSecret`). */
  webhookSecret: string | null;
  locale: 'ja' | 'en';
  interval: Interval;
}

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
  /** Ticket of the notification that carried it; null until composed. */
  ticket: string | null;
}

/** One delivery to make for a batch. */
export interface OutboxDraft {
  channel: Channel;
  /** E-mail address or webhook URL. */
  target: string;
  subject: string;
  body: string;
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
  idempotencyKey: (channel: Channel) => string;
  render: (reports: ReportRow[], ticket: string) => OutboxDraft[];
}

export type NotifyViewer = { kind: 'hub-admin' } | { kind: 'member'; memberId: number };

export interface NotificationStore {
  setContact(c: Contact, at: number): Promise<void>;
  /** The contact, secret included: for the delivery code only. */
  getContact(memberId: number): Promise<Contact | null>;
  /**
   * Appends a routed batch durably (one row, whatever its size) and returns its id and the staged backlog
   * in reports. Dedup happens when it is folded, so accepting a feed costs one sequential write.
   */
  stageReports(batch: StagedBatch): Promise<{ batchId: number; backlog: number }>;
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
  composeBatch(memberId: number, at: number, idempotencyKey: (channel: Channel) => string, render: (reports: ReportRow[], ticket: string) => OutboxDraft[]): Promise<{ ticket: string; reports: number; queued: number } | null>;
  /**
   * Queues deliveries that are not digests of reports (observation and room notifications): one batch with
   * a ticket and no reports; a draft whose idempotency key was queued before is skipped (one per key).
   */
  queueMessages(memberId: number, at: number, drafts: ReadonlyArray<OutboxDraft & { idempotencyKey: string }>): Promise<{ ticket: string; queued: number }>;
  /**
   * `composeBatch` for several members in one transaction (a digest run commits once per group, not once
   * per member); results in the order given, null where a member had nothing.
   */
  composeBatches(items: readonly ComposeItem[], at: number): Promise<Array<{ ticket: string; reports: number; queued: number } | null>>;
  /** Pending deliveries due at `at`, oldest first. */
  dueDeliveries(at: number, limit: number): Promise<OutboxRow[]>;
  markSent(id: number, at: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` null gives up (state `failed`). */
  markFailed(id: number, error: string, nextAttemptAt: number | null): Promise<void>;
  listOutbox(viewer: NotifyViewer): Promise<OutboxRow[]>;
}
