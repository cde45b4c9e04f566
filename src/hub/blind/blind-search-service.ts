/**
 * The hub's part of a blind search: it opens a search for the signed-in organisation, relays each call to
 * the member's Renkei node with a signed assertion, and keeps counts and the searcher's ciphertext as
 * history. Values never reach the hub; what passes through are blinded points, tags and sealed boxes.
 */
import { randomUUID } from 'node:crypto';
import type { SealedWire } from '../../contracts/blind/context.ts';
import type { BlindSearchFinish, BlindSearchStart } from '../../contracts/blind/hub-calls.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { AuditStore, MemberStore, SearchHistoryStore } from '../../storage/hub/port.ts';
import type { SecretBox } from '../auth/crypto.ts';
import type { Searcher } from '../search/search-service.ts';
import type { HubSigner } from './hub-signer.ts';
import { nodeRelay, type NodeRelay } from './node-relay.ts';

interface Open {
  who: Searcher;
  members: Map<string, NodeRelay | null>;
  startedAt: number;
  evaluated: number;
}

export interface HubBlindSearch {
  start(who: Searcher, req: BlindSearchStart): Promise<{ id: string; members: string[] }>;
  sets(who: Searcher, id: string, member: string, have: { audience: string; epoch: number; version: number }[]): ReturnType<NodeRelay['sets']>;
  evaluate(who: Searcher, id: string, member: string, epoch: number, blinded: string[]): ReturnType<NodeRelay['evaluate']>;
  context(who: Searcher, id: string, member: string, epoch: number, sealed: SealedWire): ReturnType<NodeRelay['context']>;
  finish(who: Searcher, id: string, f: BlindSearchFinish): Promise<void>;
}

/** Builds the service; open searches live in memory for `ttlMs` (their history row is written at start). */
export function createHubBlindSearch(deps: { store: MemberStore & SearchHistoryStore & AuditStore; box: SecretBox; signer: HubSigner; now: () => number; ttlMs?: number; timeoutMs?: number; instance?: string }): HubBlindSearch {
  const open = new Map<string, Open>();
  const ttl = deps.ttlMs ?? 15 * 60_000;
  const prune = () => {
    for (const [k, o] of open) if (deps.now() - o.startedAt > ttl) open.delete(k);
  };
  const get = (who: Searcher, id: string): Open => {
    prune();
    const o = open.get(id);
    // Another organisation's search is indistinguishable from a missing one.
    if (!o || o.who.orgId !== who.orgId) throw new RenkeiError('not_found', `no open blind search ${id}`);
    return o;
  };
  const relay = (o: Open, member: string): NodeRelay => {
    if (!o.members.has(member)) throw new RenkeiError('not_found', `member ${member} is not part of this search`);
    const r = o.members.get(member);
    if (!r) throw new RenkeiError('unprocessable', `member ${member} has no Renkei node and cannot be searched blind`, { reason: 'blind_unsupported' });
    return r;
  };
  return {
    async start(who, req) {
      prune();
      // Bounded: open searches are memory; one organisation cannot hold more than a share of them.
      if (open.size >= 10_000 || [...open.values()].filter((o) => o.who.orgId === who.orgId).length >= 200) {
        throw new RenkeiError('rate_limited', 'too many open blind searches; finish or wait for earlier ones', { reason: 'too_many_open' });
      }
      const all = await deps.store.listMembers();
      if (req.members) {
        const unknown = req.members.filter((n) => !all.some((m) => m.name === n));
        if (unknown.length > 0) throw new RenkeiError('validation_failed', `unknown members: ${unknown.join(', ')}`, { unknown });
      }
      const chosen = req.members ? all.filter((m) => req.members!.includes(m.name)) : all;
      const id = randomUUID();
      const members = new Map<string, NodeRelay | null>();
      for (const m of chosen) {
        const src = (await deps.store.listSources(m.id)).find((s) => s.kind === 'renkei');
        members.set(
          m.name,
          src ? nodeRelay({ url: src.url, apiKey: deps.box.open(src.secret), verifyTls: src.verifyTls, caFile: src.caFile }, deps.signer, { searchId: id, orgUuid: who.orgUuid, orgName: who.orgName }, deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) : null,
        );
      }
      const at = deps.now();
      await deps.store.startSearch({ id, orgId: who.orgId, userId: who.userId, createdAt: at, valueCount: req.valueCount, instance: deps.instance ?? null });
      await deps.store.audit({ at, actorUserId: who.userId, actorOrg: who.orgName, action: 'blind-search', count: req.valueCount, detail: `blind search ${id}: ${chosen.length} members` });
      open.set(id, { who, members, startedAt: at, evaluated: 0 });
      return { id, members: [...members.keys()] };
    },
    sets: (who, id, member, have) => relay(get(who, id), member).sets(have),
    async evaluate(who, id, member, epoch, blinded) {
      const o = get(who, id);
      const r = await relay(o, member).evaluate(epoch, blinded);
      o.evaluated += blinded.length;
      return r;
    },
    context: (who, id, member, epoch, sealed) => relay(get(who, id), member).context(epoch, sealed),
    async finish(who, id, f) {
      const o = get(who, id);
      const result: SearchResult & { blind: { sealed: SealedWire | null; members: { name: string; blind: boolean }[]; evaluated: number } } = {
        id,
        createdAt: o.startedAt,
        org: who.orgName,
        members: f.members.map(({ blind: _b, ...m }) => m),
        results: [],
        rejected: [],
        blind: { sealed: f.sealed, members: f.members.map((m) => ({ name: m.name, blind: m.blind })), evaluated: o.evaluated },
      };
      await deps.store.finishSearch(id, f.hitValueCount, JSON.stringify(result));
      await deps.store.audit({ at: deps.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'blind-search.done', count: o.evaluated, detail: `blind search ${id}: ${o.evaluated} blinded inputs relayed` });
      open.delete(id);
    },
  };
}
