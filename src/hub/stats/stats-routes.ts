/**
 * Fastify plugin for `/api/v1/stats`: agent ingestion (idempotent by batch id) and community statistics.
 * Members see community totals; `mine=1` shows the caller's own contribution; another member's own
 * figures (`member=X`) only if X opted in. Community figures from fewer than `minMembers` members are
 * withheld (counted per bucket in `withheld`), in JSON and CSV alike.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseRequest } from '../../contracts/parse-request.ts';
import { RenkeiError } from '../../core/errors.ts';
import { combineWithheld, DEFAULT_MIN_SOURCES } from '../../core/stats/member-threshold.ts';
import type { IngestQuota, StatsStore } from '../../storage/stats/port.ts';
import { toCsv } from './csv-export.ts';
import { BaselineQuery, ExportQuery, OptInBody, TopQuery, TrendQuery } from '../../contracts/stats/stats-queries.ts';
import type { BaselineAnswer, TopAnswer, TrendAnswer } from '../../contracts/stats/stats-answers.ts';
import { installErrorHandler } from '../http/errors.ts';
import { StatsService } from './stats-service.ts';
import { createBatchIngest, type StatsAuditEntry } from './ingest-batch.ts';

/** Plugin options: the store and how to identify the caller. */
export interface StatsRoutesOptions {
  stats: StatsStore;
  resolvePrincipal: (req: FastifyRequest) => Promise<{ orgName: string; role: string; userId?: number } | null>;
  /** Per-member ingest quotas (default 1,000,000 rows per hour, 120 batches per minute). */
  quota?: IngestQuota;
  /** Writes an audit entry (the hub's audit log): ingests, refusals and opt-in changes, counts not contents. */
  audit?: (e: StatsAuditEntry) => Promise<void>;
  /** Minimum distinct sources agents must apply (told to agents via /config; batches made with less are refused). */
  k?: number;
  /** Fewest members behind a community figure (default 3); a member's own view is not restricted. */
  minMembers?: number;
  /** AS number → name for ASN labels (from the hub's IP data); unset: ASN rows carry no label. */
  asName?: (asn: number) => string | null;
}

export type { StatsAuditEntry };

/** Default quotas: far above one agent's hourly batch, low enough that one member cannot flood the hub. */
export const DEFAULT_INGEST_QUOTA: IngestQuota = { rowsPerHour: 1_000_000, batchesPerMinute: 120 };

const parse = parseRequest;


const HOUR = 3600;
const DAY = 86_400;
const iso = (s: number): string => new Date(s * 1000).toISOString();

/** Registers the statistics routes. */
export async function statsRoutes(app: FastifyInstance, opts: StatsRoutesOptions): Promise<void> {
  const k = opts.k ?? DEFAULT_MIN_SOURCES;
  const service = new StatsService(opts.stats, { minSources: k, ...(opts.minMembers !== undefined ? { minMembers: opts.minMembers } : {}), ...(opts.asName ? { asName: opts.asName } : {}) });

  // Standalone (agent tests) as well as inside the hub: the hub's one error edge either way.
  installErrorHandler(app);

  const quota = opts.quota ?? DEFAULT_INGEST_QUOTA;
  const audit = async (e: StatsAuditEntry): Promise<void> => {
    await opts.audit?.(e);
  };
  const principal = async (req: FastifyRequest): Promise<{ orgName: string; role: string; userId?: number }> => {
    const p = await opts.resolvePrincipal(req);
    if (!p) throw new RenkeiError('unauthenticated', 'an API key or session is required');
    return p;
  };

  /** Whose figures a request may see: undefined = community totals. */
  const scope = async (req: FastifyRequest, q: { mine?: boolean | undefined; member?: string | undefined }): Promise<string | undefined> => {
    const p = await principal(req);
    if (q.mine) return p.orgName;
    if (q.member === undefined || q.member === p.orgName) return q.member;
    if (!(await opts.stats.optedIn()).includes(q.member)) throw new RenkeiError('forbidden', 'that member has not opted in to show its own contribution');
    return q.member;
  };

  app.get('/config', async (req) => {
    await principal(req);
    return { sketchSalt: await opts.stats.sketchSalt(), k };
  });

  const ingest = createBatchIngest({ stats: opts.stats, k, quota, audit });
  app.post('/ingest', { bodyLimit: 64 * 1024 * 1024 }, async (req, reply) => {
    try {
      return { ok: true, ...(await ingest(await principal(req), req.body)) };
    } catch (e) {
      const after = e instanceof RenkeiError && e.code === 'rate_limited' ? (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
      if (after) reply.header('retry-after', String(after));
      throw e;
    }
  });

  const topView = async (req: FastifyRequest, query: unknown): Promise<TopAnswer> => {
    const q = parse(TopQuery, query, 'query');
    const member = await scope(req, q);
    const size = q.period === 'hour' ? HOUR : DAY;
    const to = q.to ?? Math.ceil(Date.now() / 1000 / HOUR) * HOUR;
    const from = q.from ?? to - (q.period === 'hour' ? DAY : 7 * DAY);
    if (from >= to) throw new RenkeiError('validation_failed', '`from` must be before `to`');
    if ((to - from) / size > 24 * 366) throw new RenkeiError('validation_failed', 'time range too long for this period');
    const r = await service.top({ dimension: q.dimension, period: q.period, from, to, limit: q.limit, ...(member !== undefined ? { member } : {}) });
    return { dimension: q.dimension, period: q.period, from: iso(from), to: iso(to), scope: member === undefined ? 'community' : `member:${member}`, ...r };
  };
  const trendView = async (req: FastifyRequest, query: unknown): Promise<TrendAnswer> => {
    const q = parse(TrendQuery, query, 'query');
    const member = await scope(req, q);
    const r = await service.trend({ dimension: q.dimension, key: q.key, weeks: q.weeks, to: q.to ?? Math.floor(Date.now() / 1000), ...(member !== undefined ? { member } : {}) });
    return { dimension: q.dimension, key: q.key, weeks: q.weeks, from: iso(r.from), to: iso(r.to), sensors: r.sensors, minMembers: r.minMembers, scope: member === undefined ? 'community' : `member:${member}`, points: r.points };
  };
  const baselineView = async (req: FastifyRequest, query: unknown): Promise<BaselineAnswer> => {
    const q = parse(BaselineQuery, query, 'query');
    const member = await scope(req, q);
    const hour = Math.floor((q.hour ?? Math.floor(Date.now() / 1000) - HOUR) / HOUR) * HOUR;
    const r = await service.baseline({ dimension: q.dimension, hour, weeks: q.weeks, limit: q.limit, ...(q.key !== undefined ? { key: q.key } : {}), ...(member !== undefined ? { member } : {}) });
    return { dimension: q.dimension, weeks: q.weeks, scope: member === undefined ? 'community' : `member:${member}`, ...r };
  };

  app.get('/top', (req) => topView(req, req.query));
  app.get('/trend', (req) => trendView(req, req.query));
  app.get('/baseline', (req) => baselineView(req, req.query));

  app.get('/export.csv', async (req, reply: FastifyReply) => {
    const { view, ...rest } = parse(ExportQuery, req.query, 'query') as { view: 'top' | 'trend' | 'baseline' } & Record<string, unknown>;
    let csv: string;
    if (view === 'top') {
      const r = await topView(req, rest);
      const rows = r.buckets.flatMap((b) => b.items.map((it, i) => [b.start, b.sensors, i + 1, it.key, it.label, it.events, it.sources, it.targets, it.perSensor, it.members]));
      csv = toCsv({ title: `top ${r.dimension} per ${r.period}`, from: r.from, to: r.to, sensors: r.sensors, scope: r.scope, minMembers: r.minMembers, withheld: combineWithheld(r.buckets.map((b) => b.withheld)) }, ['bucket_start', 'sensors', 'rank', r.dimension, 'label', 'events', 'distinct_sources', 'distinct_targets', 'events_per_sensor', 'members'], rows);
    } else if (view === 'trend') {
      const r = await trendView(req, rest);
      const rows = r.points.map((p) => [p.day, p.sensors, p.events, p.sources, p.targets, p.perSensor, p.members]);
      csv = toCsv({ title: `daily trend of ${r.dimension} ${r.key} over ${r.weeks} weeks`, from: r.from, to: r.to, sensors: r.sensors, scope: r.scope, minMembers: r.minMembers, withheld: combineWithheld(r.points.map((p) => p.withheld)) }, ['day', 'sensors', 'events', 'distinct_sources', 'distinct_targets', 'events_per_sensor', 'members'], rows);
    } else {
      const r = await baselineView(req, rest);
      const rows = r.items.map((it, i) => [i + 1, it.key, it.label, it.events, it.sources, it.deviation.current.toFixed(2), it.deviation.median.toFixed(2), it.deviation.ratio?.toFixed(2) ?? '', it.deviation.z, it.deviation.level, it.sentence.en]);
      const end = iso(Date.parse(r.hour) / 1000 + HOUR);
      csv = toCsv({ title: `${r.dimension} deviation from the ${r.weeks}-week baseline`, from: r.hour, to: end, sensors: r.sensors, scope: r.scope, minMembers: r.minMembers, withheld: r.withheld }, ['rank', r.dimension, 'label', 'events', 'distinct_sources', 'per_sensor', 'baseline_median', 'ratio', 'robust_z', 'level', 'sentence'], rows);
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="renkei-stats-${view}.csv"`)
      .send(csv);
  });

  app.put('/opt-in', async (req) => {
    const p = await principal(req);
    const body = parse(OptInBody, req.body, 'body');
    await opts.stats.setOptIn(p.orgName, body.optIn);
    await audit({ action: body.optIn ? 'stats-opt-in' : 'stats-opt-out', actorOrg: p.orgName, actorUserId: p.userId ?? null, count: null, detail: null });
    return { member: p.orgName, optIn: body.optIn };
  });

  app.get('/opt-in', async (req) => {
    const p = await principal(req);
    const members = await opts.stats.optedIn();
    return { member: p.orgName, optIn: members.includes(p.orgName), optedInMembers: members };
  });
}
