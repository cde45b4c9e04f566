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
import { renderEmailDigest, renderWebhookPayload } from '../../core/notifications/render-digest.ts';
import { ReportRecord } from '../../contracts/notifications/reports.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { Contact, Interval, NotificationStore, NotifyViewer, OutboxDraft, OutboxRow, ReportInput, ReportRow } from '../../storage/notifications/port.ts';
import type { AddressSpaceService } from '../address-space/address-space-service.ts';
import type { Deliver } from './delivery.ts';

export interface NotificationSettings {
  windowMs: number;
  maxAttempts: number;
  backoffMs: number;
  hubName: string;
}

/** Per-record outcome. Reporters see `accepted` (whether an address is registered is not theirs to learn). */
export interface RecordOutcome {
  index: number;
  status: 'routed' | 'duplicate' | 'outside' | 'accepted' | 'invalid';
  reason?: string;
}

export const INTERVAL_MS: Record<Interval, number> = { immediate: 0, hourly: 3600_000, daily: 86_400_000 };

export interface NotificationService {
  /** Routes events from `source`; `reporterMemberId` null for hub feeds. `detail` shows routed/outside (hub admin). */
  ingest(source: string, records: readonly unknown[], reporterMemberId: number | null, detail: boolean): Promise<{ outcomes: RecordOutcome[]; accepted: number; routed: number; duplicates: number; outside: number; invalid: number }>;
  /** Opens batches for members whose interval has passed; returns the tickets. */
  compose(): Promise<string[]>;
  /** Sends due deliveries; returns how many were sent and failed this round. */
  deliver(limit?: number): Promise<{ sent: number; failed: number }>;
  /**
   * Queues one message to a member's configured channels (e-mail and/or webhook, as `channels` allows),
   * delivered by the same outbox, retries and signatures as digests. `key` makes it at most once per member.
   */
  queueMessage(memberId: number, key: string, channels: { email: boolean; webhook: boolean }, render: (locale: 'ja' | 'en') => { subject: string; text: string; payload: Record<string, unknown> }): Promise<number>;
  setContact(c: Contact): Promise<void>;
  /** The contact without its secret. */
  contactView(memberId: number): Promise<(Omit<Contact, 'webhookSecret'> & { hasWebhookSecret: boolean }) | null>;
  reports(viewer: NotifyViewer): Promise<ReportRow[]>;
  outbox(viewer: NotifyViewer): Promise<OutboxRow[]>;
}

/** Builds the service. */
export function createNotificationService(deps: { store: NotificationStore; hub: HubStore; addressSpace: AddressSpaceService; deliver: Deliver; settings: NotificationSettings; now: () => number }): NotificationService {
  const { store, settings } = deps;
  return {
    async ingest(source, records, reporterMemberId, detail) {
      const outcomes: RecordOutcome[] = [];
      const rows: ReportInput[] = [];
      const rowIndex: number[] = [];
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
        rows.push({ memberId: owner.memberId, claimId: owner.claimId, address: ip.canonical, category: p.data.category, windowStart: windowStart(time, settings.windowMs), time, evidence: p.data.evidence, source, reporterMemberId });
        rowIndex.push(index);
        outcomes.push({ index, status: 'routed' });
      }
      const states = rows.length > 0 ? await store.recordReports(rows) : [];
      // Outcomes are pushed in record order, so position = record index.
      states.forEach((s, i) => {
        outcomes[rowIndex[i]!]!.status = detail ? (s === 'new' ? 'routed' : 'duplicate') : 'accepted';
      });
      const count = (s: RecordOutcome['status']) => outcomes.filter((o) => o.status === s).length;
      // A reporter gets no counts that would tell how many of its addresses someone registered.
      return {
        outcomes,
        accepted: outcomes.length - count('invalid'),
        routed: detail ? states.filter((s) => s === 'new').length : 0,
        duplicates: detail ? states.filter((s) => s === 'duplicate').length : 0,
        outside: detail ? count('outside') : 0,
        invalid: count('invalid'),
      };
    },
    async compose() {
      const at = deps.now();
      const tickets: string[] = [];
      for (const memberId of await store.membersDue(at, INTERVAL_MS)) {
        const contact = await store.getContact(memberId);
        const member = await deps.hub.getMember(memberId);
        if (!contact || !member) continue;
        const keys: Record<string, string> = { email: randomUUID(), webhook: randomUUID() };
        const out = await store.composeBatch(memberId, at, (ch) => keys[ch]!, (reports, ticket) => {
          const drafts: OutboxDraft[] = [];
          if (contact.email) drafts.push({ channel: 'email', target: contact.email, ...renderEmailDigest(contact.locale, member.name, ticket, reports) });
          if (contact.webhookUrl) drafts.push({ channel: 'webhook', target: contact.webhookUrl, subject: ticket, body: renderWebhookPayload(settings.hubName, ticket, keys.webhook!, reports) });
          return drafts;
        });
        if (out) tickets.push(out.ticket);
      }
      return tickets;
    },
    async deliver(limit = 100) {
      let sent = 0;
      let failed = 0;
      for (const row of await store.dueDeliveries(deps.now(), limit)) {
        const contact = await store.getContact(row.memberId);
        try {
          await deps.deliver(row, contact?.webhookSecret ?? null);
          await store.markSent(row.id, deps.now());
          sent++;
        } catch (e) {
          const attempts = row.attempts + 1;
          const next = attempts >= settings.maxAttempts ? null : deps.now() + settings.backoffMs * 2 ** (attempts - 1);
          await store.markFailed(row.id, (e as Error).message || String(e), next);
          failed++;
        }
      }
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
    reports: (viewer) => store.listReports(viewer),
    outbox: (viewer) => store.listOutbox(viewer),
  };
}
