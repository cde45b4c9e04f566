/**
 * The notification pipeline (after IntelMQ + certbund-contact + mailgen): events about addresses are routed
 * by longest-prefix match to the member owning the address, and only to it (addresses outside approved
 * registered space are dropped); they are deduplicated per (address, category, window), batched per member
 * at its interval with a ticket, and delivered from an outbox with retries and backoff. Every step is a
 * committed state change, so a hub killed at any point resumes without losing or duplicating a batch.
 */
import { randomUUID } from 'node:crypto';
import { RenkeiError } from '../../core/errors.ts';
import { parseIp } from '../../core/indicators/ip.ts';
import { windowStart } from '../../core/notifications/categories.ts';
import { renderDirectiveDrafts } from '../../core/notifications/render-digest.ts';
import { ReportRecord } from '../../contracts/notifications/reports.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import { reportKey, type Contact, type ContactInput, type Interval, type ComposeItem, type NotificationStore, type NotifyViewer, type OutboxDraft, type OutboxRow, type ReportRow, type StagedReport } from '../../storage/notifications/port.ts';
import type { AddressSpaceService } from '../address-space/address-space-service.ts';
import type { Deliver } from './delivery.ts';

export interface NotificationSettings {
  windowMs: number;
  maxAttempts: number;
  backoffMs: number;
  hubName: string;
  /** Fold at once when the staged backlog is at most this many reports (exact duplicate outcomes). */
  foldNowRows: number;
  /** Fold in the request that brings the backlog to this many reports (bounds the backlog). */
  foldAtRows: number;
}

/** Defaults for the fold thresholds: small posts fold at once, feeds fold in bulk. */
export const FOLD_DEFAULTS = { foldNowRows: 2000, foldAtRows: 250_000 } as const;

/** Per-record outcome. Reporters see `accepted` (whether an address is registered is not theirs to learn). */
export interface RecordOutcome {
  index: number;
  status: 'routed' | 'duplicate' | 'outside' | 'accepted' | 'invalid';
  reason?: string;
}

/** What an ingest call answers. */
export interface IngestResult {
  outcomes: RecordOutcome[];
  accepted: number;
  routed: number;
  duplicates: number;
  outside: number;
  invalid: number;
  /** True when the post repeated an earlier one's idempotency key: nothing was ingested again. */
  replayed?: true;
}

export interface IngestOptions {
  /**
   * The client's idempotency key (e.g. an agent's spool batch id): a retried post with the same key, from
   * the same reporter, is answered with the first answer and ingests nothing.
   */
  idempotencyKey?: string;
}

/** How long a post's idempotency key is remembered. */
const INGEST_KEY_TTL_MS = 7 * 86_400_000;

/** Deliveries in flight at once (matches the SMTP pool's connections plus webhook requests). */
const DELIVERY_CONCURRENCY = 8;
/** Members composed per transaction in a digest run. */
const COMPOSE_GROUP = 50;

export const INTERVAL_MS: Record<Interval, number> = { immediate: 0, hourly: 3600_000, daily: 86_400_000 };

export interface NotificationService {
  /**
   * Routes events from `source`; `reporterMemberId` null for hub feeds. `detail` shows routed/outside (hub
   * admin): `duplicate` marks a repeat of an earlier record of the request, and of an earlier request when
   * the backlog was small enough to fold at once; otherwise repeats across requests merge when folded.
   */
  ingest(source: string, records: readonly unknown[], reporterMemberId: number | null, detail: boolean, opts?: IngestOptions): Promise<IngestResult>;
  /**
   * Folds staged batches into reports now (also done before composing, before an inbox is read, and
   * whenever the backlog reaches `foldAtRows`). Returns reports created and staged reports merged.
   */
  fold(): Promise<{ created: number; merged: number }>;
  /** Opens batches for members whose interval has passed; returns the tickets. */
  compose(): Promise<string[]>;
  /** Sends due deliveries; returns how many were sent and failed this round. */
  deliver(limit?: number): Promise<{ sent: number; failed: number }>;
  /**
   * Queues one message to a member's configured channels (e-mail and/or webhook, as `channels` allows),
   * delivered by the same outbox, retries and signatures as digests. `key` makes it at most once per member.
   */
  queueMessage(memberId: number, key: string, channels: { email: boolean; webhook: boolean }, render: (locale: 'ja' | 'en') => { subject: string; text: string; payload: Record<string, unknown> }): Promise<number>;
  setContact(c: ContactInput): Promise<void>;
  /** The contact without its secret. */
  contactView(memberId: number): Promise<(Omit<Contact, 'webhookSecret'> & { hasWebhookSecret: boolean }) | null>;
  reports(viewer: NotifyViewer): Promise<ReportRow[]>;
  outbox(viewer: NotifyViewer): Promise<OutboxRow[]>;
}

/** Totals of the outcomes; a reporter (`detail` false) gets no counts that would tell how many of its addresses someone registered. */
function summarise(outcomes: RecordOutcome[], detail: boolean): IngestResult {
  const count = (s: RecordOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return {
    outcomes,
    accepted: outcomes.length - count('invalid'),
    routed: detail ? count('routed') : 0,
    duplicates: detail ? count('duplicate') : 0,
    outside: detail ? count('outside') : 0,
    invalid: count('invalid'),
  };
}

/** The aggregation key of a report under a directive (`prefix` is the registration that owns it). */
export function aggregateKey(fields: Contact['aggregateBy'], r: ReportRow): string {
  return fields.map((f) => (f === 'prefix' ? String(r.claimId) : f === 'category' ? r.category : r.address)).join('\t');
}

/** Builds the service. */
export function createNotificationService(deps: { store: NotificationStore; hub: HubStore; addressSpace: AddressSpaceService; deliver: Deliver; settings: NotificationSettings; now: () => number }): NotificationService {
  const { store, settings } = deps;
  /** Folds every staged batch (in bounded transactions); returns the reports created and merged. */
  const foldAll = async (): Promise<{ created: number; merged: number }> => {
    let created = 0;
    let merged = 0;
    for (;;) {
      const f = await store.foldStaged({ maxRows: settings.foldAtRows * 2 });
      if (f.batches === 0) return { created, merged };
      created += f.created;
      merged += f.merged;
    }
  };
  return {
    async ingest(source, records, reporterMemberId, detail, opts = {}) {
      // Keys are per reporter (hub feeds share one scope): one member cannot replay another's answers.
      const idemKey = opts.idempotencyKey === undefined ? undefined : `${reporterMemberId === null ? 'hub' : `m${reporterMemberId}`}:${opts.idempotencyKey}`;
      const outcomes: RecordOutcome[] = [];
      // Repeats inside the request merge into their first record's report right away.
      const byKey = new Map<string, { report: StagedReport; index: number }>();
      // One table for the whole request: every record is routed against the same registrations.
      const ownerOf = await deps.addressSpace.ownerLookup();
      for (let index = 0; index < records.length; index++) {
        const p = ReportRecord.safeParse(records[index]);
        if (!p.success) {
          outcomes.push({ index, status: 'invalid', reason: p.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ') });
          continue;
        }
        const time = typeof p.data.time === 'number' ? p.data.time : Date.parse(p.data.time);
        const ip = parseIp(p.data.address.trim());
        if (!ip) {
          outcomes.push({ index, status: 'invalid', reason: `address: not an IP address: ${p.data.address}` });
          continue;
        }
        const owner = ownerOf(ip.canonical);
        if (owner === null) {
          // Outside approved registered space: recorded nowhere, sent nowhere.
          outcomes.push({ index, status: detail ? 'outside' : 'accepted' });
          continue;
        }
        const ws = windowStart(time, settings.windowMs);
        const key = reportKey(owner.memberId, ip.canonical, p.data.category, ws);
        const seen = byKey.get(key);
        if (seen) {
          const r = seen.report;
          r.count++;
          if (time < r.firstSeen) r.firstSeen = time;
          if (time > r.lastSeen) r.lastSeen = time;
          outcomes.push({ index, status: detail ? 'duplicate' : 'accepted' });
          continue;
        }
        byKey.set(key, { index, report: { memberId: owner.memberId, claimId: owner.claimId, address: ip.canonical, category: p.data.category, windowStart: ws, firstSeen: time, lastSeen: time, count: 1, evidence: p.data.evidence } });
        outcomes.push({ index, status: detail ? 'routed' : 'accepted' });
      }
      const replay = async (): Promise<IngestResult> => {
        const prior = await store.claimIngestKey(idemKey!, deps.now());
        // The first post crashed after staging, before answering: what it staged stands; this answer is recomputed.
        return { ...(prior?.reply ? (JSON.parse(prior.reply) as IngestResult) : summarise(outcomes, detail)), replayed: true };
      };
      if (byKey.size === 0 && idemKey !== undefined && (await store.claimIngestKey(idemKey, deps.now())) !== null) return replay();
      if (byKey.size > 0) {
        const reports = [...byKey.values()].map((v) => v.report);
        const { batchId, backlog, repeated } = await store.stageReports({ source, reporterMemberId, reports }, idemKey === undefined ? {} : { idempotencyKey: idemKey, at: deps.now() });
        if (repeated) return replay();
        if (backlog <= settings.foldNowRows) {
          // A small backlog is folded at once, so the caller learns which records repeat earlier reports.
          const f = await store.foldStaged({ newOf: batchId });
          if (detail) for (const [key, v] of byKey) if (!f.createdBy.has(key)) outcomes[v.index]!.status = 'duplicate';
        } else if (backlog >= settings.foldAtRows) await foldAll();
      }
      const result = summarise(outcomes, detail);
      if (idemKey !== undefined) {
        await store.saveIngestReply(idemKey, JSON.stringify(result));
        if (Math.random() < 0.01) await store.pruneIngestKeys(deps.now() - INGEST_KEY_TTL_MS);
      }
      return result;
    },
    fold: foldAll,
    async compose() {
      await foldAll();
      const at = deps.now();
      const tickets: string[] = [];
      const due = await store.membersDue(at, INTERVAL_MS);
      // Members are composed in groups, one transaction each: a digest run commits a few dozen times, not
      // once per member, and a crash leaves every group either fully queued or untouched.
      for (let i = 0; i < due.length; i += COMPOSE_GROUP) {
        const items: ComposeItem[] = [];
        for (const memberId of due.slice(i, i + COMPOSE_GROUP)) {
          const contact = await store.getContact(memberId);
          const member = await deps.hub.getMember(memberId);
          if (!contact || !member) continue;
          // One key per delivery, fixed when queued: every retry and a resend after a crash carry it.
          const base = randomUUID();
          const keyOf = (ch: string, ticket: string) => `${base}:${ticket}:${ch}`;
          items.push({
            memberId,
            idempotencyKey: keyOf,
            ...(contact.aggregateBy.length > 0 ? { groupOf: (r: ReportRow) => aggregateKey(contact.aggregateBy, r) } : {}),
            render: (reports, ticket): OutboxDraft[] => renderDirectiveDrafts({ format: contact.format, locale: contact.locale, email: contact.email, webhookUrl: contact.webhookUrl }, { hub: settings.hubName, member: member.name, ticket, webhookKey: keyOf('webhook', ticket) }, reports),
          });
        }
        for (const out of await store.composeBatches(items, at)) if (out) tickets.push(...out.tickets);
      }
      return tickets;
    },
    async deliver(limit = 100) {
      let sent = 0;
      let failed = 0;
      const rows = await store.dueDeliveries(deps.now(), limit);
      const secrets = new Map<number, Promise<string | null>>();
      const secretOf = (memberId: number) => {
        let s = secrets.get(memberId);
        if (!s) secrets.set(memberId, (s = store.getContact(memberId).then((c) => c?.webhookSecret ?? null)));
        return s;
      };
      // A few deliveries in flight (the SMTP transport pools its connections): each row is still marked
      // sent only after its receiver accepted it, so a crash re-sends at most the rows in flight.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < rows.length) {
          const row = rows[next++]!;
          try {
            await deps.deliver(row, await secretOf(row.memberId));
            await store.markSent(row.id, deps.now());
            sent++;
          } catch (e) {
            const attempts = row.attempts + 1;
            const retryAt = attempts >= settings.maxAttempts ? null : deps.now() + settings.backoffMs * 2 ** (attempts - 1);
            await store.markFailed(row.id, (e as Error).message || String(e), retryAt);
            failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, rows.length) }, worker));
      return { sent, failed };
    },
    async queueMessage(memberId, key, channels, render) {
      const contact = await store.getContact(memberId);
      if (!contact) return 0;
      const m = render(contact.locale);
      const drafts: Array<OutboxDraft & { idempotencyKey: string }> = [];
      if (channels.email && contact.email) drafts.push({ channel: 'email', target: contact.email, subject: m.subject, body: m.text, idempotencyKey: `${key}:email` });
      if (channels.webhook && contact.webhookUrl) {
        drafts.push({ channel: 'webhook', target: contact.webhookUrl, subject: m.subject, body: JSON.stringify({ hub: settings.hubName, idempotency_key: `${key}:webhook`, ...m.payload }), idempotencyKey: `${key}:webhook` });
      }
      if (drafts.length === 0) return 0;
      return (await store.queueMessages(memberId, deps.now(), drafts)).queued;
    },
    async setContact(c) {
      if (c.webhookUrl && !c.webhookSecret) {
        const old = await store.getContact(c.memberId);
        // Keeping the stored secret when the form leaves it blank; a webhook without one cannot be signed.
        if (!old?.webhookSecret) throw new RenkeiError('validation_failed', 'a webhook needs a signing secret (webhookSecret, 16+ characters)');
        c = { ...c, webhookSecret: old.webhookSecret };
      }
      await store.setContact(c, deps.now());
    },
    async contactView(memberId) {
      const c = await store.getContact(memberId);
      if (!c) return null;
      const { webhookSecret, ...rest } = c;
      return { ...rest, hasWebhookSecret: webhookSecret !== null };
    },
    async reports(viewer) {
      // Read-your-writes: what was accepted is in the inbox.
      await foldAll();
      return store.listReports(viewer);
    },
    outbox: (viewer) => store.listOutbox(viewer),
  };
}
