/**
 * The node's own bookkeeping beside the intel store: API keys (hashed), the audit log and the owner
 * hit log. Two adapters (`sqlite.ts`, `postgres.ts`) share one contract suite (`node-meta.test.ts`)
 * and live on the intel store's connection.
 */
import type { NodeRole } from '../../core/roles.ts';
import type { HitLogEntry } from '../../core/model/hit-log-entry.ts';

export interface ApiKeyRecord {
  id: number;
  orgId: number;
  orgName: string;
  role: NodeRole;
  /** Hex SHA-256 of the key; the key itself is never stored. */
  keyHash: string;
  /** Last four characters, so an admin can tell keys apart in a listing. */
  last4: string;
  comment: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface NewApiKey {
  orgId: number;
  orgName: string;
  role: NodeRole;
  keyHash: string;
  last4: string;
  comment?: string;
}

export interface AuditEntryInput {
  at: number;
  keyId: number | null;
  orgName: string;
  /** e.g. `events.add`, `attributes.restSearch`, `federation.search`, `keys.create`. */
  action: string;
  /** Small JSON-able summary (counts, ids): never whole request bodies. */
  detail: Record<string, unknown>;
}

/** A hit log row with the organisation that owns the hit data (only it, or a node admin, reads it back). */
export interface OwnedHit extends HitLogEntry {
  ownerOrgId: number;
}

export interface AuditEntry extends AuditEntryInput {
  id: number;
}

/** Which hit log rows `listHits` reads. */
export interface HitLogQuery {
  since?: number;
  limit?: number;
  ownerOrgId?: number;
  newestFirst?: boolean;
  excludeSearcher?: string;
}

export interface NodeMetaStore {
  /** Creates the node's tables; idempotent. */
  migrate(): Promise<void>;
  createKey(k: NewApiKey): Promise<ApiKeyRecord>;
  /** The unrevoked key with this hash, or null. */
  findActiveKey(keyHash: string): Promise<ApiKeyRecord | null>;
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; false when no unrevoked key has this id. */
  revokeKey(id: number, at: number): Promise<boolean>;
  appendAudit(e: AuditEntryInput): Promise<void>;
  /** Appends several entries in one transaction (the node buffers search entries). */
  appendAuditBatch(entries: AuditEntryInput[]): Promise<void>;
  listAudit(opts?: { since?: number; limit?: number }): Promise<AuditEntry[]>;
  /** Appends hit log rows (callers pass hits only, never non-hit values). */
  recordHits(hits: OwnedHit[]): Promise<void>;
  /**
   * Hit log rows with `at >= since`, oldest first (newest first with `newestFirst`): with `ownerOrgId`, only
   * hits on that organisation's data (rows recorded before owners were recorded belong to nobody); without
   * it, all (node admins only). `excludeSearcher` leaves out one searching organisation's rows before the
   * limit applies (an owner's view of the others' searches).
   */
  listHits(opts?: HitLogQuery): Promise<HitLogEntry[]>;
  /** The hit log rows of one search on one attribute (feedback may only be given on a hit). */
  hitsOf(searchId: string, attributeUuid: string): Promise<HitLogEntry[]>;
}
