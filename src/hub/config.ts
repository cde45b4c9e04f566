/** The hub's typed configuration: environment → zod-validated config, with overrides for tests. */
import os from 'node:os';
import { z } from 'zod';
import { configError } from '../contracts/parse-request.ts';
import { DEFAULT_MIN_MEMBERS, DEFAULT_MIN_SOURCES } from '../core/stats/member-threshold.ts';
import { ReportsConfig, reportsConfigFromEnv } from './reports/reports-config.ts';

export const HubConfig = z.object({
  /** SQLite path or PostgreSQL URL. */
  db: z.string().min(1).default('renkei-hub.db'),
  /** PostgreSQL schema for the hub's tables (tests use one per suite). */
  pgSchema: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8443),
  /** PEM files: with both, the hub serves HTTPS (and sends HSTS). */
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  /**
   * Behind a reverse proxy: which hops to trust for X-Forwarded-For/-Proto (Fastify `trustProxy`: true,
   * a hop count, or addresses/CIDRs). The sign-in limit per address then counts the forwarded client address.
   */
  trustProxy: z.union([z.boolean(), z.number().int().min(1), z.array(z.string().min(1))]).default(false),
  /** Key sealing source credentials at rest (`RENKEI_HUB_SECRET`); when absent, read from `keyFile`. */
  secret: z.string().min(16).optional(),
  /** Seal key file, created with mode 0600 on first start (default: `<db>.key` beside SQLite, else `renkei-hub.key`). */
  keyFile: z.string().min(1).optional(),
  /** Search results older than this many days are purged; the history keeps their counts. */
  historyDays: z.coerce.number().int().min(1).max(36_500).default(90),
  /**
   * This hub process's name among the hubs sharing one database (`RENKEI_HUB_INSTANCE`; set one per process
   * when several run on one host). A restarted process marks its own cut-off searches `interrupted` at
   * once; another's only once it has missed three heartbeats (`heartbeatMs`).
   */
  instance: z.string().min(1).max(200).default(os.hostname()),
  heartbeatMs: z.coerce.number().int().min(100).default(10_000),
  search: z
    .object({
      deadlineMs: z.coerce.number().int().positive().default(10_000),
      retries: z.coerce.number().int().min(0).max(5).default(2),
      backoffMs: z.coerce.number().int().min(0).default(100),
      perSourceConcurrency: z.coerce.number().int().positive().default(8),
      renkeiBatchSize: z.coerce.number().int().positive().default(2000),
      checkTimeoutMs: z.coerce.number().int().positive().default(5000),
      /** Bounds on one member answer: hits kept per value, bytes read per request (the member then shows "answer truncated"). */
      maxHitsPerValue: z.coerce.number().int().positive().default(1000),
      maxAnswerBytes: z.coerce.number().int().positive().default(16 * 1024 * 1024),
    })
    .default({ deadlineMs: 10_000, retries: 2, backoffMs: 100, perSourceConcurrency: 8, renkeiBatchSize: 2000, checkTimeoutMs: 5000, maxHitsPerValue: 1000, maxAnswerBytes: 16 * 1024 * 1024 }),
  auth: z
    .object({
      sessionTtlMs: z.coerce.number().int().positive().default(12 * 3600_000),
      maxFailedLogins: z.coerce.number().int().positive().default(5),
      lockoutMs: z.coerce.number().int().positive().default(15 * 60_000),
      /** `Secure` cookie attribute; browsers accept it on http://localhost and 127.0.0.1. */
      cookieSecure: z.boolean().default(true),
      /** Sign-in attempts per client address per minute: lockout guards one account, this guards password spraying. */
      signInsPerMinute: z.coerce.number().int().positive().default(60),
    })
    .default({ sessionTtlMs: 12 * 3600_000, maxFailedLogins: 5, lockoutMs: 15 * 60_000, cookieSecure: true, signInsPerMinute: 60 }),
  /**
   * NATS for members whose source URL is `nats:<member token>` (their nodes dial out): server URL(s),
   * the hub's credentials file, the longest wait for one reply, and the batch size (a NATS message is
   * at most 1 MB, so batches are smaller than over HTTP; an answer over the limit is split as over HTTP).
   */
  nats: z
    .object({
      url: z.string().min(1).nullable().default(null),
      creds: z.string().min(1).nullable().default(null),
      requestTimeoutMs: z.coerce.number().int().positive().default(30_000),
      batchSize: z.coerce.number().int().positive().default(500),
      /** Ingest agents' statistics batches from JetStream (`hub/stats-jetstream/`); stream and subject overridable for tests. */
      statsConsumer: z.boolean().default(false),
      statsStream: z.string().regex(/^[A-Za-z0-9_-]+$/).default('RENKEI_STATS'),
      statsSubject: z.string().min(1).default('renkei.v1.stats.ingest'),
      /** A batch delivered to a consumer that died unacknowledged is redelivered after this long. */
      statsAckWaitMs: z.coerce.number().int().min(1000).default(30_000),
      /** Signal live changes (room events) to the other hubs on the same NATS (`hub/bus/`); on whenever a URL is set. */
      bus: z.boolean().default(true),
    })
    .default({ url: null, creds: null, requestTimeoutMs: 30_000, batchSize: 500, bus: true, statsConsumer: false, statsStream: 'RENKEI_STATS', statsSubject: 'renkei.v1.stats.ingest', statsAckWaitMs: 30_000 }),
  enrichment: z
    .object({ enabled: z.boolean().default(true), rangeDirs: z.array(z.string()).default([]) })
    .default({ enabled: true, rangeDirs: [] }),
  cases: z
    .object({
      /** Hosts one case may hold, and rows one CSV import takes (the rest are reported per row). */
      maxHostsPerCase: z.coerce.number().int().min(1).default(50_000),
      maxImportRows: z.coerce.number().int().min(1).default(20_000),
    })
    .default({ maxHostsPerCase: 50_000, maxImportRows: 20_000 }),
  stats: z
    .object({
      /** Fewest distinct members behind a community statistic; smaller figures are withheld (1 turns this off). */
      minMembers: z.coerce.number().int().min(1).max(1000).default(DEFAULT_MIN_MEMBERS),
      /** Fewest distinct sources agents must have required per row (their k); batches made with less are refused. */
      minSources: z.coerce.number().int().min(1).max(1000).default(DEFAULT_MIN_SOURCES),
      /** Per-member ingest quotas: aggregate rows per hour and batches per minute. */
      rowsPerHour: z.coerce.number().int().min(1).default(1_000_000),
      batchesPerMinute: z.coerce.number().int().min(1).default(120),
    })
    .default({ minMembers: DEFAULT_MIN_MEMBERS, minSources: DEFAULT_MIN_SOURCES, rowsPerHour: 1_000_000, batchesPerMinute: 120 }),
  observations: z
    .object({
      /** Fewest organisations whose answers make a tally or a question result visible (RENKEI_HUB_MIN_MEMBERS). */
      minMembers: z.coerce.number().int().min(1).max(1000).default(3),
      /** How often a live room stream re-reads the store besides the bus signals (a missed signal costs at most this). */
      pollMs: z.coerce.number().int().min(100).default(5000),
    })
    .default({ minMembers: 3, pollMs: 5000 }),
  /** Abuse notifications to the members owning the addresses (SMTP relay, dedup window, retries, tick). */
  notifications: z
    .object({
      smtpHost: z.string().min(1).nullable().default(null),
      smtpPort: z.coerce.number().int().min(1).max(65535).default(25),
      smtpSecure: z.boolean().default(false),
      smtpUser: z.string().min(1).optional(),
      smtpPass: z.string().optional(),
      from: z.string().min(3).default('renkei@localhost'),
      windowMs: z.coerce.number().int().positive().default(86_400_000),
      maxAttempts: z.coerce.number().int().min(1).max(50).default(8),
      backoffMs: z.coerce.number().int().min(0).default(60_000),
      timeoutMs: z.coerce.number().int().positive().default(10_000),
      /** How often the listening hub composes due batches and sends the outbox; 0 turns the timer off. */
      tickMs: z.coerce.number().int().min(0).default(30_000),
    })
    .default({ smtpHost: null, smtpPort: 25, smtpSecure: false, from: 'renkei@localhost', windowMs: 86_400_000, maxAttempts: 8, backoffMs: 60_000, timeoutMs: 10_000, tickMs: 30_000 }),
  /**
   * Show source-check failures in detail for private/loopback targets too. Off by default so checks do
   * not tell "connection refused" from other failures inside the hub's network; on for `demo`.
   */
  allowPrivateSources: z.boolean().default(false),
  /** Executive threat reports (issuer, licence, public k, damage example, Chromium for PDF). */
  reports: ReportsConfig,
  /** Watched lists (history workbench): how often the listening hub looks for due watches; 0 only at start. */
  watches: z.object({ tickMs: z.coerce.number().int().min(0).default(60_000) }).default({ tickMs: 60_000 }),
  /** On SIGTERM/close: how long running searches may go on before the hub stops waiting for members. */
  drainMs: z.coerce.number().int().min(0).default(15_000),
  /** Directory of the built web UI; served at `/` when it holds index.html. */
  webDir: z.string().nullable().default('dist/web'),
  logger: z.boolean().default(false),
});
export type HubConfig = z.infer<typeof HubConfig>;

/** RENKEI_HUB_TRUST_PROXY: `true`/`false`, a hop count, or comma-separated addresses/CIDRs. */
function trustProxyFromEnv(v: string | undefined): boolean | number | string[] | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  if (/^(true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}
export type HubConfigInput = z.input<typeof HubConfig>;

const bool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : !/^(0|false|no|off)$/i.test(v));

/** Reads `RENKEI_HUB_*` variables, overlays explicit options, validates. */
export function hubConfigFromEnv(env: NodeJS.ProcessEnv, overrides: HubConfigInput = {}): HubConfig {
  const fromEnv: Record<string, unknown> = {
    db: env.RENKEI_HUB_DB,
    pgSchema: env.RENKEI_HUB_PG_SCHEMA,
    host: env.RENKEI_HUB_HOST,
    port: env.RENKEI_HUB_PORT,
    tlsCert: env.RENKEI_HUB_TLS_CERT,
    tlsKey: env.RENKEI_HUB_TLS_KEY,
    trustProxy: trustProxyFromEnv(env.RENKEI_HUB_TRUST_PROXY),
    secret: env.RENKEI_HUB_SECRET,
    keyFile: env.RENKEI_HUB_KEY_FILE,
    historyDays: env.RENKEI_HUB_HISTORY_DAYS,
    instance: env.RENKEI_HUB_INSTANCE || undefined,
    heartbeatMs: env.RENKEI_HUB_HEARTBEAT_MS,
    search: env.RENKEI_HUB_DEADLINE_MS ? { deadlineMs: env.RENKEI_HUB_DEADLINE_MS } : undefined,
    auth:
      env.RENKEI_HUB_COOKIE_SECURE || env.RENKEI_HUB_SIGNINS_PER_MINUTE
        ? {
            ...(env.RENKEI_HUB_COOKIE_SECURE ? { cookieSecure: bool(env.RENKEI_HUB_COOKIE_SECURE) } : {}),
            ...(env.RENKEI_HUB_SIGNINS_PER_MINUTE ? { signInsPerMinute: env.RENKEI_HUB_SIGNINS_PER_MINUTE } : {}),
          }
        : undefined,
    enrichment: env.RENKEI_HUB_RANGES_DIR || env.RENKEI_HUB_ENRICH
      ? { enabled: bool(env.RENKEI_HUB_ENRICH) ?? true, rangeDirs: (env.RENKEI_HUB_RANGES_DIR ?? '').split(':').filter(Boolean) }
      : undefined,
    stats:
      env.RENKEI_HUB_STATS_MIN_MEMBERS || env.RENKEI_HUB_STATS_MIN_SOURCES || env.RENKEI_HUB_STATS_ROWS_PER_HOUR || env.RENKEI_HUB_STATS_BATCHES_PER_MINUTE
        ? {
            ...(env.RENKEI_HUB_STATS_MIN_MEMBERS ? { minMembers: env.RENKEI_HUB_STATS_MIN_MEMBERS } : {}),
            ...(env.RENKEI_HUB_STATS_MIN_SOURCES ? { minSources: env.RENKEI_HUB_STATS_MIN_SOURCES } : {}),
            ...(env.RENKEI_HUB_STATS_ROWS_PER_HOUR ? { rowsPerHour: env.RENKEI_HUB_STATS_ROWS_PER_HOUR } : {}),
            ...(env.RENKEI_HUB_STATS_BATCHES_PER_MINUTE ? { batchesPerMinute: env.RENKEI_HUB_STATS_BATCHES_PER_MINUTE } : {}),
          }
        : undefined,
    observations:
      env.RENKEI_HUB_MIN_MEMBERS || env.RENKEI_HUB_ROOM_POLL_MS
        ? { ...(env.RENKEI_HUB_MIN_MEMBERS ? { minMembers: env.RENKEI_HUB_MIN_MEMBERS } : {}), ...(env.RENKEI_HUB_ROOM_POLL_MS ? { pollMs: env.RENKEI_HUB_ROOM_POLL_MS } : {}) }
        : undefined,
    notifications:
      env.RENKEI_HUB_SMTP_HOST || env.RENKEI_HUB_NOTIFY_TICK_MS || env.RENKEI_HUB_NOTIFY_BACKOFF_MS
        ? {
            ...(env.RENKEI_HUB_SMTP_HOST ? { smtpHost: env.RENKEI_HUB_SMTP_HOST } : {}),
            ...(env.RENKEI_HUB_SMTP_PORT ? { smtpPort: env.RENKEI_HUB_SMTP_PORT } : {}),
            ...(env.RENKEI_HUB_SMTP_FROM ? { from: env.RENKEI_HUB_SMTP_FROM } : {}),
            ...(env.RENKEI_HUB_SMTP_USER ? { smtpUser: env.RENKEI_HUB_SMTP_USER, smtpPass: env.RENKEI_HUB_SMTP_PASS } : {}),
            ...(env.RENKEI_HUB_NOTIFY_TICK_MS ? { tickMs: env.RENKEI_HUB_NOTIFY_TICK_MS } : {}),
            ...(env.RENKEI_HUB_NOTIFY_BACKOFF_MS ? { backoffMs: env.RENKEI_HUB_NOTIFY_BACKOFF_MS } : {}),
          }
        : undefined,
    nats:
      env.RENKEI_HUB_NATS_URL || env.RENKEI_HUB_NATS_CREDS
        ? {
            url: env.RENKEI_HUB_NATS_URL || null,
            creds: env.RENKEI_HUB_NATS_CREDS || null,
            ...(env.RENKEI_HUB_NATS_STATS ? { statsConsumer: bool(env.RENKEI_HUB_NATS_STATS) } : {}),
            ...(env.RENKEI_HUB_NATS_BUS ? { bus: bool(env.RENKEI_HUB_NATS_BUS) } : {}),
            ...(env.RENKEI_HUB_NATS_STATS_STREAM ? { statsStream: env.RENKEI_HUB_NATS_STATS_STREAM } : {}),
            ...(env.RENKEI_HUB_NATS_STATS_SUBJECT ? { statsSubject: env.RENKEI_HUB_NATS_STATS_SUBJECT } : {}),
            ...(env.RENKEI_HUB_NATS_STATS_ACK_WAIT_MS ? { statsAckWaitMs: env.RENKEI_HUB_NATS_STATS_ACK_WAIT_MS } : {}),
          }
        : undefined,
    webDir: env.RENKEI_HUB_WEB_DIR,
    logger: bool(env.RENKEI_HUB_LOG),
    drainMs: env.RENKEI_HUB_DRAIN_MS,
    watches: env.RENKEI_HUB_WATCH_TICK_MS ? { tickMs: env.RENKEI_HUB_WATCH_TICK_MS } : undefined,
    allowPrivateSources: bool(env.RENKEI_HUB_ALLOW_PRIVATE_SOURCES),
    reports: reportsConfigFromEnv(env),
  };
  const merged = { ...Object.fromEntries(Object.entries(fromEnv).filter(([, v]) => v !== undefined)), ...overrides };
  const r = HubConfig.safeParse(merged);
  if (!r.success) throw configError(r.error, 'hub');
  return r.data;
}
