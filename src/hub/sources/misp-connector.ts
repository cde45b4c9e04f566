/**
 * Connector for an existing MISP server: `servers/getVersion` + `users/view/me` to check it and
 * `attributes/restSearch` in batches of at most 200 values (MISP fails on large value lists). MISP
 * matches a value against the full attribute value or either half of a composite one.
 */
import { z } from 'zod';
import type { HitContext } from '../../contracts/federation.ts';
import { mayLeaveOrganisation, tlpOf } from '../../core/sharing/tlp.ts';
import { SourceCallError, type BatchRequest, type FeedbackRelayOutcome, type SourceConnector } from './connector.ts';
import { jsonCaller } from './json-caller.ts';
import { sightingTypeOf } from '../../core/feedback/feedback-kind.ts';
import { mispSightingSource } from '../../core/feedback/feedback-comment.ts';

export interface MispSourceConfig {
  url: string;
  apiKey: string;
  verifyTls: boolean;
  caFile: string | null;
  /** Byte bound of one answer (default 16 MB). */
  maxAnswerBytes?: number;
}

const MispTag = z.object({ name: z.string() }).passthrough();
const MispAttribute = z
  .object({
    uuid: z.string(),
    type: z.string(),
    category: z.string().default(''),
    value: z.string(),
    to_ids: z.union([z.boolean(), z.number(), z.string()]).default(false),
    comment: z.string().nullish(),
    first_seen: z.string().nullish(),
    last_seen: z.string().nullish(),
    timestamp: z.union([z.string(), z.number()]).default(0),
    event_uuid: z.string().optional(),
    Event: z
      .object({ uuid: z.string().optional(), info: z.string().optional(), date: z.string().optional(), threat_level_id: z.union([z.string(), z.number()]).optional(), Orgc: z.object({ name: z.string() }).passthrough().optional() })
      .passthrough()
      .optional(),
    Tag: z.array(MispTag).optional(),
    warnings: z.array(z.object({ warninglist_name: z.string().optional(), name: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();
const RestSearchAnswer = z.object({ response: z.object({ Attribute: z.array(MispAttribute) }) });
type MispAttribute = z.infer<typeof MispAttribute>;

/** MISP's API key shape (`AppController::__loginByAuthKey`). */
export const MISP_KEY = /^[a-zA-Z0-9]{40}$/;

function toHit(a: MispAttribute, match: 'exact' | 'composite', orgName: string): HitContext {
  const truthy = a.to_ids === true || a.to_ids === 1 || a.to_ids === '1' || a.to_ids === 'true';
  return {
    match,
    attribute: {
      uuid: a.uuid,
      type: a.type,
      category: a.category,
      value: a.value,
      toIds: truthy,
      comment: a.comment ?? '',
      firstSeen: a.first_seen ?? null,
      lastSeen: a.last_seen ?? null,
      timestamp: Number(a.timestamp) || 0,
      tags: (a.Tag ?? []).map((t) => t.name),
    },
    event: {
      uuid: a.Event?.uuid ?? a.event_uuid ?? '',
      info: a.Event?.info ?? '',
      date: a.Event?.date ?? '',
      orgc: a.Event?.Orgc?.name ?? orgName,
      tags: [],
      threatLevel: Number(a.Event?.threat_level_id ?? 4) || 4,
    },
    warninglists: (a.warnings ?? []).map((w) => w.warninglist_name ?? w.name ?? 'warninglist'),
  };
}

/** A connector for one MISP server; `orgName` labels hits whose event carries no creator. */
export function mispConnector(cfg: MispSourceConfig, orgName: string): SourceConnector {
  const call = jsonCaller({ url: cfg.url, authorization: cfg.apiKey, verifyTls: cfg.verifyTls, caFile: cfg.caFile, ...(cfg.maxAnswerBytes ? { maxAnswerBytes: cfg.maxAnswerBytes } : {}) });
  return {
    batchSize: 200,
    async check(signal) {
      const t0 = performance.now();
      try {
        const v = (await call('GET', '/servers/getVersion', undefined, signal)) as { version?: unknown };
        if (typeof v?.version !== 'string') return { ok: false, latencyMs: null, message: 'not MISP: servers/getVersion has no version', version: null };
        const me = (await call('GET', '/users/view/me', undefined, signal)) as { User?: unknown };
        if (!me || typeof me !== 'object' || !('User' in me)) return { ok: false, latencyMs: null, message: 'not MISP: users/view/me has no User', version: v.version };
        return { ok: true, latencyMs: Math.round(performance.now() - t0), message: `MISP ${v.version}`, version: v.version };
      } catch (e) {
        const msg = (e as Error).message;
        return { ok: false, latencyMs: null, message: msg.startsWith('garbage') ? `not MISP (${msg})` : msg, version: null };
      }
    },
    async feedback(req, signal) {
      const out: FeedbackRelayOutcome[] = [];
      for (const i of req.items) {
        // MISP records the sighting under the hub key's organisation; a revealed author goes in `source`.
        const source = mispSightingSource(i.comment, i.reveal ? i.author : null);
        try {
          await call('POST', '/sightings/add', { uuid: i.attributeUuid, type: sightingTypeOf(i.kind), source }, signal);
          out.push('relayed');
        } catch (e) {
          if (!(e instanceof SourceCallError)) throw e;
          // A key without the sighting permission: the hub keeps the rest for the owner without asking again.
          if (e.reason === 'bad_key') {
            while (out.length < req.items.length) out.push('not_allowed');
            break;
          }
          if (e.reason === 'http_status') out.push('absent');
          else throw e;
        }
      }
      return out;
    },
    async search(req: BatchRequest, signal) {
      const byValue = new Map<string, number[]>();
      req.values.forEach((v, i) => {
        const k = v.value.toLowerCase();
        byValue.set(k, [...(byValue.get(k) ?? []), i]);
      });
      const body = await call(
        'POST',
        '/attributes/restSearch',
        // TLP:RED stays in its organisation: ask MISP to leave it out, and drop any that still comes back.
        { returnFormat: 'json', value: [...new Set(req.values.map((v) => v.value))], tags: ['!tlp:red'], includeEventTags: 1, includeWarninglistHits: 1, includeContext: 0, includeSightings: 0, includeCorrelations: 0 },
        signal,
      );
      const parsed = RestSearchAnswer.safeParse(body);
      if (!parsed.success) throw new SourceCallError('garbage answer (not a MISP restSearch response)', { transient: false, reason: 'garbage' });
      const out = new Map<number, HitContext[]>();
      const add = (i: number, h: HitContext): void => {
        out.set(i, [...(out.get(i) ?? []), h]);
      };
      for (const a of parsed.data.response.Attribute) {
        // With includeEventTags the attribute's Tag list carries its event's tags too.
        if (!mayLeaveOrganisation(tlpOf(a.Tag ?? []))) continue;
        const full = byValue.get(a.value.toLowerCase());
        if (full) {
          for (const i of full) add(i, toHit(a, 'exact', orgName));
          continue;
        }
        if (a.value.includes('|')) {
          const seen = new Set<number>();
          for (const half of a.value.split('|')) for (const i of byValue.get(half.toLowerCase()) ?? []) if (!seen.has(i)) (seen.add(i), add(i, toHit(a, 'composite', orgName)));
        }
      }
      return out;
    },
  };
}
