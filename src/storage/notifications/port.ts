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

/** A routed report to record. `windowStart` is the dedup window the time falls in. */
export interface ReportInput {
  memberId: number;
  claimId: number;
  address: string;
  category: string;
  windowStart: number;
  time: number;
  evidence: Record<string, unknown>;
  /** Feed or channel name ("feed:honeypot", "observation", …): shown to the recipient. */
  source: string;
  /** The reporting member (never shown to the recipient); null for hub feeds. */
  reporterMemberId: number | null;
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

export type NotifyViewer = { kind: 'hub-admin' } | { kind: 'member'; memberId: number };

export interface NotificationStore {
  setContact(c: Contact, at: number): Promise<void>;
  /** The contact, secret included: for the delivery code only. */
  getContact(memberId: number): Promise<Contact | null>;
  /** Records reports: `new` for a fresh (address, category, window), `duplicate` when it only adds to one. */
  recordReports(rows: readonly ReportInput[]): Promise<Array<'new' | 'duplicate'>>;
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
  /** Pending deliveries due at `at`, oldest first. */
  dueDeliveries(at: number, limit: number): Promise<OutboxRow[]>;
  markSent(id: number, at: number): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` null gives up (state `failed`). */
  markFailed(id: number, error: string, nextAttemptAt: number | null): Promise<void>;
  listOutbox(viewer: NotifyViewer): Promise<OutboxRow[]>;
}
