/**
 * The federation API over NATS request/reply. The hub requests `renkei.v1.node.<member>.<op>`; the
 * member's node replicas serve `renkei.v1.node.<member>.>` in one queue group. Bodies are the JSON of
 * the HTTP API (`federation.ts`); the node's search key travels in the `authorization` header as over
 * HTTP, so the node authenticates and audits exactly as for its HTTP routes. A refused request is
 * answered with the `Renkei-Error` header (the error code) and `{error:{code,message}}`.
 */
import { z } from 'zod';

/** Subject root of every node's federation service. */
export const NODE_SUBJECT_ROOT = 'renkei.v1.node';

/** Queue group node replicas join, so one request reaches one replica. */
export const NODE_QUEUE_GROUP = 'renkei-node';

/** Header naming the error code of a refused request (absent on success). */
export const ERROR_HEADER = 'Renkei-Error';

/** A member's subject token: one NATS token, no wildcards or dots, lower case. */
export const MemberToken = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a NATS member token is 1–64 of a-z, 0-9, _ and -, starting with a letter or digit');

export type NodeOp = 'search' | 'hits' | 'feedback';

/** The subject one operation of `member`'s node is served on. */
export function nodeSubject(member: string, op: NodeOp): string {
  return `${NODE_SUBJECT_ROOT}.${member}.${op}`;
}

/** Every subject of `member`'s node (what it subscribes to). */
export function nodeSubjects(member: string): string {
  return `${NODE_SUBJECT_ROOT}.${member}.>`;
}

/** The body of a hits request over NATS (the query string of `GET /federation/v1/hits`). */
export const NatsHitsRequest = z
  .object({ since: z.number().int().min(0).optional(), limit: z.number().int().optional(), org: z.string().min(1).max(200).optional(), order: z.enum(['oldest', 'newest']).optional(), excludeSearcher: z.string().min(1).max(200).optional() })
  .strict();

/** A source URL for a member reached over NATS: `nats:<member token>` (the hub's NATS connection is configured once). */
export const NATS_SOURCE_SCHEME = 'nats:';

/** The member token of a `nats:<token>` source URL, or null when the URL is not a NATS source. */
export function natsMemberOf(url: string): string | null {
  if (!url.startsWith(NATS_SOURCE_SCHEME)) return null;
  const token = url.slice(NATS_SOURCE_SCHEME.length).replace(/^\/\//, '');
  return MemberToken.safeParse(token).success ? token : null;
}
