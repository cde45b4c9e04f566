/**
 * Registered address space: members claim prefixes and AS numbers, each prefix claim is checked against the
 * bundled IP-to-ASN data, a hub admin approves or rejects, and `owner(address)` answers which approved
 * registration owns an address (most specific wins; ties go to the earlier approval). The prefix table is
 * rebuilt only when the store's change counter moves.
 */
import { buildPrefixTable, type PrefixTable } from '../../core/address-space/prefix-table.ts';
import { checkAnnouncement } from '../../core/address-space/announcement-check.ts';
import { findClaimConflicts, type ClaimConflict } from '../../core/address-space/claim-conflicts.ts';
import { parseClaimValue } from '../../core/address-space/claim-value.ts';
import { RenkeiError } from '../../core/errors.ts';
import { parseIpv4Number } from '../../core/indicators/ip.ts';
import type { AddressSpaceStore, ClaimRow, ClaimViewer } from '../../storage/address-space/port.ts';
import type { HubStore } from '../../storage/hub/port.ts';
import type { HubPrincipal } from '../auth/auth-service.ts';

/** Address → origin AS from the bundled data; null when the data is not loaded. */
export type AsnLookup = () => Promise<((address: string) => number | null) | null>;

export interface Owner {
  memberId: number;
  claimId: number;
  prefix: string;
}

export interface AddressSpaceService {
  /** What `who` may read: all for the hub admin, else its own member's claims (none without a member). */
  viewerOf(who: HubPrincipal): Promise<ClaimViewer>;
  claim(who: HubPrincipal, input: { kind: 'prefix' | 'asn'; value: string; memberId?: number | undefined }): Promise<ClaimRow>;
  list(who: HubPrincipal): Promise<ClaimRow[]>;
  decide(who: HubPrincipal, id: number, state: 'approved' | 'rejected', note: string | null): Promise<ClaimRow>;
  remove(who: HubPrincipal, id: number): Promise<void>;
  /** Conflicts among pending and approved claims (hub admin only). */
  conflicts(who: HubPrincipal): Promise<ClaimConflict[]>;
  /** The approved registration owning an address, or null (also for non-addresses). */
  owner(address: string): Promise<Owner | null>;
  /** A synchronous owner lookup over the current approved registrations (for a batch of addresses). */
  ownerLookup(): Promise<(address: string) => Owner | null>;
  /** Every approved prefix, without owners: what agents download. */
  registeredPrefixes(): Promise<string[]>;
}

/** Builds the service over its store and the hub store (members). */
export function createAddressSpaceService(deps: { store: AddressSpaceStore; hub: HubStore; asnLookup: AsnLookup; now: () => number }): AddressSpaceService {
  const { store, hub } = deps;
  let cached: { version: number; table: PrefixTable<Owner>; prefixes: string[] } | null = null;
  const table = async () => {
    const version = await store.version();
    if (cached && cached.version === version) return cached;
    const rows = await store.approvedPrefixes();
    const { table: t } = buildPrefixTable(rows.map((r) => ({ prefix: r.value, id: { memberId: r.memberId, claimId: r.id, prefix: r.value } })));
    cached = { version, table: t, prefixes: [...new Set(rows.map((r) => r.value))] };
    return cached;
  };
  const viewerOf = async (who: HubPrincipal): Promise<ClaimViewer> => {
    if (who.role === 'hub-admin') return { kind: 'hub-admin' };
    const m = await hub.getMemberByOrg(who.orgId);
    // No member: a viewer matching nothing.
    return { kind: 'member', memberId: m ? m.id : -1 };
  };
  const requireHubAdmin = (who: HubPrincipal): void => {
    if (who.role !== 'hub-admin') throw new RenkeiError('forbidden', 'only a hub admin may do this');
  };
  return {
    viewerOf,
    async claim(who, input) {
      let memberId: number;
      if (who.role === 'hub-admin') {
        if (input.memberId === undefined) throw new RenkeiError('validation_failed', 'a hub admin names the member (memberId)');
        if (!(await hub.getMember(input.memberId))) throw new RenkeiError('not_found', `no member ${input.memberId}`);
        memberId = input.memberId;
      } else if (who.role === 'member-admin') {
        const own = await hub.getMemberByOrg(who.orgId);
        if (!own) throw new RenkeiError('forbidden', 'your organisation is not a member');
        if (input.memberId !== undefined && input.memberId !== own.id) throw new RenkeiError('forbidden', 'a member admin registers address space for its own member only');
        memberId = own.id;
      } else throw new RenkeiError('forbidden', 'needs role member-admin or hub-admin');
      const parsed = parseClaimValue(input.kind, input.value);
      if ('error' in parsed) throw new RenkeiError('validation_failed', parsed.error, { value: input.value });
      let check = null;
      if (parsed.kind === 'prefix') {
        const asnOf = await deps.asnLookup();
        if (asnOf) {
          const mine = await store.listClaims({ kind: 'member', memberId });
          const asns = mine.filter((c) => c.kind === 'asn' && c.state !== 'rejected').map((c) => Number(c.value.slice(2)));
          check = checkAnnouncement(parsed.prefix, asns, asnOf);
        }
      }
      return store.addClaim({ memberId, kind: parsed.kind, value: parsed.value, check, createdBy: who.userId, at: deps.now() });
    },
    async list(who) {
      return store.listClaims(await viewerOf(who));
    },
    async decide(who, id, state, note) {
      requireHubAdmin(who);
      const row = await store.decide(id, state, who.userId, deps.now(), note);
      if (!row) throw new RenkeiError('not_found', `no claim ${id}`);
      return row;
    },
    async remove(who, id) {
      if (who.role === 'analyst') throw new RenkeiError('forbidden', 'needs role member-admin or hub-admin');
      const row = await store.getClaim(id, await viewerOf(who));
      if (!row) throw new RenkeiError('not_found', `no claim ${id}`);
      await store.removeClaim(id);
    },
    async conflicts(who) {
      requireHubAdmin(who);
      const rows = (await store.listClaims({ kind: 'hub-admin' })).filter((r) => r.kind === 'prefix' && r.state !== 'rejected');
      const { conflicts } = findClaimConflicts(rows.map((r) => ({ prefix: r.value, owner: String(r.memberId) })));
      // Positions → claim ids, so the admin sees which claims to settle.
      return conflicts.map((c) =>
        c.kind === 'same_prefix'
          ? { ...c, claims: c.claims.map((i) => rows[i]!.id) }
          : { ...c, inner: { ...c.inner, claim: rows[c.inner.claim]!.id }, outer: { ...c.outer, claim: rows[c.outer.claim]!.id } },
      );
    },
    async owner(address) {
      const t = await table();
      try {
        return t.table.lookupText(address) ?? null;
      } catch {
        return null;
      }
    },
    async ownerLookup() {
      const t = (await table()).table;
      return (address) => {
        // Dotted quads (what feeds mostly carry) skip the general parser.
        const v4 = parseIpv4Number(address);
        if (v4 !== null) return t.lookupV4(v4) ?? null;
        try {
          return t.lookupText(address) ?? null;
        } catch {
          return null;
        }
      };
    },
    async registeredPrefixes() {
      return (await table()).prefixes;
    },
  };
}
