/**
 * The node's blind-search bookkeeping: hub keys pinned per `search` key, the assertion replay cache, node
 * settings (require blind, master secret), evaluation budgets (counts only), and the owner token tables
 * per epoch and audience. Two adapters (`sqlite.ts`, `postgres.ts`) share one contract suite.
 */
import type { BudgetDecision, BudgetUsage } from '../../core/blind/budget.ts';

export interface HubPin {
  keyId: number;
  /** The hub's Ed25519 public key, base64url. */
  publicKey: string;
  pinnedAt: number;
}

/** One OPRF input of the owner index: its tag and the attributes it stands for. */
export interface TokenRow {
  input: string;
  /** 16 hex digits. */
  tag: string;
  attributeId: number;
  match: string;
}

/** One published change of a token set (tags as base64url of the sorted 8-byte big-endian bodies). */
export interface StoredDelta {
  fromVersion: number;
  toVersion: number;
  added: string;
  removed: string;
}

export interface BlindStore {
  migrate(): Promise<void>;
  /** Pins (or re-pins) the hub key for a `search` key. */
  pinHub(keyId: number, publicKey: string, at: number): Promise<void>;
  hubPin(keyId: number): Promise<HubPin | null>;
  /** Records a nonce until `expiresAt`; false when it is already recorded and not expired. */
  rememberNonce(nonce: string, expiresAt: number, now: number): Promise<boolean>;
  getSetting(name: string): Promise<string | null>;
  setSetting(name: string, value: string): Promise<void>;
  /** Reads, decides and writes one organisation's usage in one transaction. */
  chargeBudget(org: string, windowStart: number, decide: (u: BudgetUsage | null) => BudgetDecision): Promise<BudgetDecision>;
  /** The evaluations each organisation used in a window (the audit view: counts only). */
  budgetUsage(windowStart: number): Promise<BudgetUsage[]>;
  /** Cached OPRF tags of inputs for an epoch (an input is evaluated once per epoch). */
  cachedTags(epoch: number, inputs: string[]): Promise<Map<string, string>>;
  cacheTags(epoch: number, rows: { input: string; tag: string }[]): Promise<void>;
  /** Every token row of an audience in an epoch (the builder diffs against them). */
  tokenRows(epoch: number, audience: string): Promise<TokenRow[]>;
  /** Applies one commit of an audience's set: row changes, the builder state and the wire delta, in one transaction. */
  applyTokens(epoch: number, audience: string, change: { added: TokenRow[]; removed: TokenRow[] }, state: string, delta: StoredDelta): Promise<void>;
  tokenState(epoch: number, audience: string): Promise<string | null>;
  /** Deltas of an audience's set from `fromVersion` on, in order. */
  deltasSince(epoch: number, audience: string, fromVersion: number): Promise<StoredDelta[]>;
  /** Token rows whose tag is `tag`, in the given audiences. */
  tokensByTag(epoch: number, audiences: string[], tag: string): Promise<(TokenRow & { audience: string })[]>;
  audiences(epoch: number): Promise<string[]>;
  /** Drops everything of epochs before `epoch`. */
  dropEpochsBefore(epoch: number): Promise<void>;
}
