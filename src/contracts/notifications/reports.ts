/** Wire schemas of the notification routes. */
import { z } from 'zod';
import { REPORT_CATEGORIES } from '../../core/notifications/categories.ts';
import { AGGREGATE_FIELDS, DIRECTIVE_FORMATS } from '../../core/notifications/directive.ts';

/** One event about an address. Records are checked one by one: a bad one is reported, the rest go on. */
export const ReportRecord = z.object({
  address: z.string().min(1).max(64),
  category: z.enum(REPORT_CATEGORIES),
  /** Epoch milliseconds or ISO 8601. */
  time: z.union([z.number().int().nonnegative(), z.string().datetime({ offset: true })]),
  evidence: z.record(z.string(), z.unknown()).default({}),
});

export const ReportsInput = z.object({
  /** Feed or channel name shown to the recipient ("honeypot", "observation", …). */
  source: z.string().min(1).max(80).regex(/^[\w.:-]+$/),
  records: z.array(z.unknown()).min(1).max(10_000),
}).strict();

export const ContactInput = z.object({
  email: z.string().email().max(254).nullable().default(null),
  webhookUrl: z.string().url().max(2000).nullable().default(null),
  webhookSecret: z.string().min(16).max(200).nullable().default(null),
  locale: z.enum(['ja', 'en']).default('ja'),
  interval: z.enum(['immediate', 'hourly', 'daily']).default('daily'),
  /** The directive: what a notification is made of, and which reports share one (ticket). */
  format: z.enum(DIRECTIVE_FORMATS).default('email-digest'),
  aggregateBy: z.array(z.enum(AGGREGATE_FIELDS)).max(3).default([]),
  /** As a reporter, be named to the recipients (default: counted only). */
  nameAsReporter: z.boolean().default(false),
  memberId: z.number().int().positive().optional(),
}).strict();

/** `Idempotency-Key` of a report post: a retry with the same key ingests nothing again. */
export const IdempotencyKeyHeader = z.string().min(8).max(200).regex(/^[\w.:-]+$/);

/** `GET /api/v1/notifications/export?format=csv|xarf`. */
export const ExportQuery = z.object({ format: z.enum(['csv', 'xarf']).default('csv') }).strict();

/** DDoS vectors a coordination request names. */
export const DDOS_VECTORS = ['dns', 'ntp', 'memcached', 'ssdp', 'cldap', 'chargen', 'snmp', 'syn-flood', 'udp-flood', 'http-flood', 'other'] as const;

/**
 * A DDoS coordination request: the attack's sources and reflectors go to the ISPs owning their space
 * (each sees only its own); the target is shown to them only when not hidden.
 */
export const DdosRequestInput = z.object({
  title: z.string().min(1).max(200),
  target: z.string().min(1).max(100).optional(),
  hideTarget: z.boolean().default(true),
  vectors: z.array(z.enum(DDOS_VECTORS)).min(1).max(11),
  startedAt: z.union([z.number().int().nonnegative(), z.string().datetime({ offset: true })]),
  sources: z.array(z.string().min(1).max(64)).max(100_000).default([]),
  reflectors: z.array(z.string().min(1).max(64)).max(100_000).default([]),
}).strict();
