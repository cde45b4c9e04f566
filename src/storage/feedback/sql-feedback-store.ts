/**
 * The feedback store on the hub's SQL runner (SQLite and PostgreSQL alike). Owner reads select the
 * author label, never the giving organisation; aggregates count distinct organisations per kind.
 */
import type { FeedbackAggregate } from '../../core/feedback/feedback-aggregate.ts';
import type { FeedbackKind } from '../../core/feedback/feedback-kind.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { aggregateKey, type FeedbackRelay, type FeedbackStore, type NewFeedback, type OwnerFeedback, type StoredFeedback } from './port.ts';
import { feedbackSteps } from './schema.ts';

type Row = Record<string, unknown>;
/** Pairs per `IN`-style batch of aggregate lookups (2 params each). */
const BATCH = 400;

const ownerFrom = (r: Row): OwnerFeedback => ({
  id: Number(r.id),
  searchId: String(r.search_id),
  memberId: Number(r.member_id),
  value: String(r.value),
  type: String(r.type),
  attributeUuid: String(r.attribute_uuid),
  eventUuid: String(r.event_uuid),
  eventInfo: String(r.event_info),
  kind: String(r.kind) as FeedbackKind,
  comment: String(r.comment),
  author: String(r.author),
  relay: String(r.relay) as FeedbackRelay,
  at: Number(r.at),
});

const storedFrom = (r: Row): StoredFeedback => ({ ...ownerFrom(r), orgId: Number(r.org_id), userId: Number(r.user_id), reveal: Number(r.reveal) === 1 });

/** Owner reads name these columns only: no org or user id can leave through them. */
const OWNER_COLUMNS = 'id, search_id, member_id, value, type, attribute_uuid, event_uuid, event_info, kind, comment, author, relay, at';

/** A feedback store on `runner`; call `migrate()` first. */
export function createSqlFeedbackStore(runner: SqlRunner): FeedbackStore {
  return {
    migrate: () => migrateOn(runner, 'feedback', feedbackSteps(runner.dialect)),
    async record(rows: NewFeedback[]) {
      if (rows.length === 0) return [];
      return runner.transaction(async (tx) => {
        const out: StoredFeedback[] = [];
        for (const f of rows) {
          const got = await tx.all(
            `INSERT INTO hub_feedback (search_id, org_id, user_id, member_id, value, type, attribute_uuid, event_uuid, event_info, kind, comment, reveal, author, relay, at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
             ON CONFLICT (org_id, search_id, member_id, attribute_uuid, kind) DO NOTHING RETURNING *`,
            [f.searchId, f.orgId, f.userId, f.memberId, f.value, f.type, f.attributeUuid, f.eventUuid, f.eventInfo, f.kind, f.comment, f.reveal ? 1 : 0, f.author, f.at],
          );
          if (got[0]) out.push(storedFrom(got[0]));
        }
        return out;
      });
    },
    async setRelay(ids, relay) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const part = ids.slice(i, i + BATCH);
        await runner.run(`UPDATE hub_feedback SET relay = ? WHERE id IN (${part.map(() => '?').join(', ')})`, [relay, ...part]);
      }
    },
    async listGiven(orgId, searchId) {
      return (await runner.all('SELECT * FROM hub_feedback WHERE org_id = ? AND search_id = ? ORDER BY id', [orgId, searchId])).map(storedFrom);
    },
    async listForOwner(memberId, q) {
      const where = ['member_id = ?'];
      const params: unknown[] = [memberId];
      if (q.value !== undefined) (where.push('value = ?'), params.push(q.value));
      if (q.eventUuid !== undefined) (where.push('event_uuid = ?'), params.push(q.eventUuid));
      params.push(q.limit);
      return (await runner.all(`SELECT ${OWNER_COLUMNS} FROM hub_feedback WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`, params)).map(ownerFrom);
    },
    async ownerTotals(memberId, by, limit) {
      const [key, second] = by === 'value' ? ['value', 'type'] : ['event_uuid', 'event_info'];
      const rows = await runner.all(
        `SELECT ${key} AS k, MAX(${second}) AS s,
           COUNT(DISTINCT CASE WHEN kind = 'seen' THEN org_id END) AS seen,
           COUNT(DISTINCT CASE WHEN kind = 'false_positive' THEN org_id END) AS fp,
           COUNT(DISTINCT CASE WHEN kind = 'expired' THEN org_id END) AS ex
         FROM hub_feedback WHERE member_id = ? GROUP BY ${by === 'value' ? 'value, type' : 'event_uuid'} ORDER BY COUNT(*) DESC, k LIMIT ?`,
        [memberId, limit],
      );
      return rows.map((r) => ({ key: String(r.k), type: by === 'value' ? String(r.s) : '', label: by === 'event' ? String(r.s) : '', seen: Number(r.seen), falsePositive: Number(r.fp), expired: Number(r.ex) }));
    },
    async aggregates(hits) {
      const out = new Map<string, FeedbackAggregate>();
      const unique = [...new Map(hits.map((h) => [aggregateKey(h.memberId, h.attributeUuid), h])).values()];
      for (let i = 0; i < unique.length; i += BATCH) {
        const part = unique.slice(i, i + BATCH);
        const rows = await runner.all(
          `SELECT member_id, attribute_uuid, kind, COUNT(DISTINCT org_id) AS n FROM hub_feedback
           WHERE ${part.map(() => '(member_id = ? AND attribute_uuid = ?)').join(' OR ')} GROUP BY member_id, attribute_uuid, kind`,
          part.flatMap((h) => [h.memberId, h.attributeUuid]),
        );
        for (const r of rows) {
          const k = aggregateKey(Number(r.member_id), String(r.attribute_uuid));
          const a = out.get(k) ?? { seen: 0, falsePositive: 0, expired: 0 };
          const n = Number(r.n);
          if (r.kind === 'seen') a.seen = n;
          else if (r.kind === 'false_positive') a.falsePositive = n;
          else if (r.kind === 'expired') a.expired = n;
          out.set(k, a);
        }
      }
      return out;
    },
  };
}
