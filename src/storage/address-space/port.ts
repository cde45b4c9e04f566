/**
 * Registered address space: members' claims on prefixes and AS numbers, and the hub admin's decision.
 * Read rule (enforced here, for every path): a member sees only its own claims; the hub admin sees all.
 */

export type ClaimKind = 'prefix' | 'asn';
export type ClaimState = 'pending' | 'approved' | 'rejected';

/** What the bundled IP-to-ASN data says about a prefix claim (null for AS-number claims). */
export interface ClaimCheck {
  /** `announced`: announced by an AS the member claims; `other_as`: announced, but by others; `not_announced`: not in the data. */
  verdict: 'announced' | 'other_as' | 'not_announced';
  /** AS numbers seen on the prefix's first and last address (distinct, in that order). */
  asns: number[];
  /** The member's AS claims (any state) at check time. */
  claimedAsns: number[];
}

export interface ClaimRow {
  id: number;
  memberId: number;
  kind: ClaimKind;
  /** Canonical text: `203.0.113.0/24`, `2001:db8::/32`, or `AS64500`. */
  value: string;
  state: ClaimState;
  check: ClaimCheck | null;
  note: string | null;
  createdBy: number;
  createdAt: number;
  decidedBy: number | null;
  decidedAt: number | null;
}

/** Who is reading: the hub admin, or one member (its id). */
export type ClaimViewer = { kind: 'hub-admin' } | { kind: 'member'; memberId: number };

export interface NewClaim {
  memberId: number;
  kind: ClaimKind;
  value: string;
  check: ClaimCheck | null;
  createdBy: number;
  at: number;
}

export interface AddressSpaceStore {
  /** Adds a pending claim; throws `conflict` when this member already claims the value. */
  addClaim(claim: NewClaim): Promise<ClaimRow>;
  /** Claims the viewer may see, by id. */
  listClaims(viewer: ClaimViewer): Promise<ClaimRow[]>;
  /** One claim if the viewer may see it, else null (another member's claim is indistinguishable from none). */
  getClaim(id: number, viewer: ClaimViewer): Promise<ClaimRow | null>;
  /** Sets a decision; returns the updated row or null when there is no such claim. */
  decide(id: number, state: 'approved' | 'rejected', by: number, at: number, note: string | null): Promise<ClaimRow | null>;
  /** Deletes a claim; true when it existed. */
  removeClaim(id: number): Promise<boolean>;
  /** Every approved prefix claim in approval order (the order ties are settled in). */
  approvedPrefixes(): Promise<ClaimRow[]>;
  /** A counter bumped on every change, so a cached prefix table knows when to rebuild. */
  version(): Promise<number>;
}
