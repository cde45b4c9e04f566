/**
 * Node configuration: environment → typed, validated `NodeConfig`; command-line flags override env.
 * Validation failures become one readable `config_invalid` error listing every problem.
 */
import { z } from 'zod';
import { configError } from '../contracts/parse-request.ts';

export const NodeConfigSchema = z
  .object({
    /** SQLite file path or postgres:// URL. */
    db: z.string().min(1),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8420),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    /** Largest accepted request body in bytes (bigger → 413). */
    bodyLimit: z.coerce.number().int().min(1024).max(1024 ** 3).default(32 * 1024 * 1024),
    /** Requests per key per window (429 beyond). */
    rateLimitMax: z.coerce.number().int().min(1).default(100_000),
    rateLimitWindowMs: z.coerce.number().int().min(1000).default(60_000),
    /** Directory of MISP warninglist JSON files for `enforceWarninglist` and hit context. */
    warninglistsDir: z.string().min(1).optional(),
    /** Reported by /servers/getVersion. */
    uuid: z.string().optional(),
    /** Blind search: OPRF evaluations per searching organisation per day, and the largest batch. */
    blindBudgetPerDay: z.coerce.number().int().min(1).default(20_000),
    blindBatchCap: z.coerce.number().int().min(1).max(4096).default(4096),
    /** Blind search: token sets are rebuilt on demand when older than this (seconds). */
    blindRefreshSeconds: z.coerce.number().int().min(0).default(60),
    /** Blind search: smallest padded token set (sizes are bucketed from here). */
    blindMinSetSize: z.coerce.number().int().min(1).default(1024),
    /**
     * Dial out to the hub's NATS (server URL(s), comma-separated) and serve federation there as well as
     * over HTTP; `natsCreds` is the credentials file, `natsMember` the member token (`renkei.v1.node.<member>.>`),
     * taken from the credentials file's user when not given.
     */
    natsUrl: z.string().min(1).optional(),
    natsCreds: z.string().min(1).optional(),
    natsMember: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a NATS member token is 1–64 of a-z, 0-9, _ and -').optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict()
  .refine((c) => Boolean(c.tlsCert) === Boolean(c.tlsKey), { message: 'TLS needs both a certificate and a key', path: ['tlsCert'] })
  .refine((c) => c.natsUrl !== undefined || (c.natsCreds === undefined && c.natsMember === undefined), { message: 'NATS credentials or member need a NATS URL', path: ['natsUrl'] });

export type NodeConfig = z.infer<typeof NodeConfigSchema>;
export type NodeConfigInput = z.input<typeof NodeConfigSchema>;

const ENV: Record<string, keyof NodeConfigInput> = {
  RENKEI_DB: 'db',
  RENKEI_HOST: 'host',
  RENKEI_PORT: 'port',
  RENKEI_TLS_CERT: 'tlsCert',
  RENKEI_TLS_KEY: 'tlsKey',
  RENKEI_BODY_LIMIT: 'bodyLimit',
  RENKEI_RATE_LIMIT_MAX: 'rateLimitMax',
  RENKEI_RATE_LIMIT_WINDOW_MS: 'rateLimitWindowMs',
  RENKEI_WARNINGLISTS: 'warninglistsDir',
  RENKEI_NODE_UUID: 'uuid',
  RENKEI_LOG_LEVEL: 'logLevel',
  RENKEI_NATS_URL: 'natsUrl',
  RENKEI_NATS_CREDS: 'natsCreds',
  RENKEI_NATS_MEMBER: 'natsMember',
  RENKEI_BLIND_BUDGET_PER_DAY: 'blindBudgetPerDay',
  RENKEI_BLIND_REFRESH_SECONDS: 'blindRefreshSeconds',
};

/** Builds the node config from environment variables, then `overrides` (flags); throws `config_invalid`. */
export function loadNodeConfig(env: Record<string, string | undefined>, overrides: Partial<NodeConfigInput> = {}): NodeConfig {
  const raw: Record<string, unknown> = { db: 'renkei-node.sqlite' };
  for (const [name, key] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) raw[k] = v;
  return parseNodeConfig(raw);
}

/** Validates a config object. */
export function parseNodeConfig(raw: unknown): NodeConfig {
  const r = NodeConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  throw configError(r.error, 'node');
}
