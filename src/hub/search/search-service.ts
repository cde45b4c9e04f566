/**
 * The federated cross-search: normalise, fan out to every member's sources concurrently, stream each
 * member's answer as it arrives, enrich, keep the result as the searching organisation's history,
 * audit who searched how many values (never the values), and log MISP hits for their owners.
 */
import { randomUUID } from 'node:crypto';
import type { HitContext } from '../../contracts/federation.ts';
import type { MemberAnswer, MemberHit, MemberResult, Rejected, SearchRequest, SearchResult, SearchStreamEvent, ValueResult } from '../../contracts/hub-api.ts';
import { MATCH_KINDS, type MatchKind } from '../../contracts/match-kinds.ts';
import { normalize } from '../../core/indicators/normalize.ts';
import { rejectionCode } from '../../core/indicators/rejection-code.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { AuditStore, MemberRow, MemberStore, OwnerHitRow, OwnerHitStore, SearchHistoryStore, Transactional } from '../../storage/hub/port.ts';

/** The hub ports a search uses: members and sources, history, the audit log and the owner hit log. */
type SearchStores = MemberStore & SearchHistoryStore & AuditStore & OwnerHitStore;
import type { Enricher } from '../enrich/enricher.ts';
import type { SearchValue } from '../sources/connector.ts';
import type { SourceRegistry } from '../sources/source-registry.ts';
import { searchSource } from './search-source.ts';

export interface Searcher {
  userId: number;
  orgId: number;
  orgName: string;
  orgUuid: string;
}

export interface SearchConfig {
  deadlineMs: number;
  retries: number;
  backoffMs: number;
  /** Hits kept per value and member (default 1,000). */
  maxHitsPerValue?: number;
}

export interface SearchService {
  /** Runs one search; `emit` receives the stream events in order. Resolves with the stored result. */
  run(who: Searcher, req: SearchRequest, emit: (e: SearchStreamEvent, json?: string) => void): Promise<SearchResult>;
  /** The in-progress result of a running search, if any. */
  running(id: string): SearchResult | undefined;
  /** Resolves when every started search has been stored (called before closing the store). */
  drain(): Promise<void>;
  /**
   * Stops accepting searches, lets running ones finish for up to `graceMs`, then stops waiting for
   * their members (they end as `partial`, each stream still gets its final event); resolves once all
   * are stored.
   */
  shutdown(graceMs: number): Promise<void>;
  /**
   * Asks one member of a finished search again (it timed out, failed or was cut short) and stores the
   * search with that member's column replaced; answers like the stream's `member` event.
   */
  retryMember(who: Searcher, searchId: string, member: string): Promise<MemberAnswer>;
}


interface Accepted {
  values: { input: string; type: string; value: string }[];
  rejected: Rejected[];
}

function accept(inputs: string[]): Accepted {
  const out: Accepted = { values: [], rejected: [] };
  const seen = new Set<string>();
  for (const input of inputs) {
    if (input.trim() === '') continue;
    const n = normalize(input);
    if (!n.ok) {
      out.rejected.push({ input: n.input, error: n.error, ...rejectionCode(n.error) });
      continue;
    }
    const key = `${n.type}\u0000${n.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.values.push({ input, type: n.type, value: n.value });
  }
  return out;
}

/** Builds the search service. */
export function createSearchService(deps: { store: SearchStores & Transactional<SearchStores>; registry: SourceRegistry; enricher: Enricher | null; config: SearchConfig; now?: () => number; /** The hub process running the searches (`config.instance`). */ instance?: string }): SearchService {
  const now = deps.now ?? (() => Date.now());
  const live = new Map<string, SearchResult>();

  const searchMember = async (
    member: MemberRow,
    values: SearchValue[],
    base: { searchId: string; searcher: { name: string; uuid?: string }; kinds: MatchKind[] },
    later: ((tx: SearchStores) => Promise<void>)[],
  ) => {
    const sources = await deps.store.listSources(member.id);
    if (sources.length === 0) return { result: { name: member.name, status: 'error' as const, latencyMs: null, hits: 0, error: 'member has no sources', reason: 'no_sources' as const }, hits: new Map<number, HitContext[]>(), mispHits: new Map<number, HitContext[]>() };
    const outcomes = await Promise.all(
      sources.map(async (s) => {
        const o = await searchSource(deps.registry.connector(s, member), values, base, {
          ...deps.config,
          limiter: deps.registry.limiter(s.id),
          stop: stopping.signal,
        });
        const at = now();
        later.push((tx) => tx.setSourceStatus(s.id, o.status === 'ok' ? 'ok' : 'error', o.error, o.latencyMs, at));
        return { source: s, o };
      }),
    );
    const hits = new Map<number, HitContext[]>();
    const mispHits = new Map<number, HitContext[]>();
    for (const { source, o } of outcomes) {
      for (const [i, h] of o.hits) {
        hits.set(i, [...(hits.get(i) ?? []), ...h]);
        if (source.kind === 'misp') mispHits.set(i, [...(mispHits.get(i) ?? []), ...h]);
      }
    }
    const failed = outcomes.filter((x) => x.o.status === 'timeout' || x.o.status === 'error');
    const cut = outcomes.filter((x) => x.o.status === 'truncated');
    const status = failed.length > 0 ? (failed.every((x) => x.o.status === 'timeout') ? 'timeout' : 'error') : cut.length > 0 ? 'truncated' : 'ok';
    const noted = [...failed, ...cut];
    const error = noted.length === 0 ? null : noted.map((x) => (sources.length > 1 ? `source ${x.source.id}: ${x.o.error}` : x.o.error)).join('; ');
    let total = 0;
    for (const h of hits.values()) total += h.length;
    const result: MemberResult = { name: member.name, status, latencyMs: Math.max(...outcomes.map((x) => x.o.latencyMs)), hits: total, error, reason: noted[0]?.o.reason ?? null };
    return { result, hits, mispHits };
  };

  const pending = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  let accepting = true;
  const service: SearchService = {
    running: (id) => live.get(id),
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async shutdown(graceMs) {
      accepting = false;
      const timer = setTimeout(() => stopping.abort(), graceMs);
      try {
        await service.drain();
      } finally {
        clearTimeout(timer);
      }
    },
    run(who, req, emit) {
      return track(() => runOne(who, req, emit));
    },
    retryMember(who, searchId, member) {
      return track(() => retryOne(who, searchId, member));
    },
  };
  return service;

  function track<T>(start: () => Promise<T>): Promise<T> {
    if (!accepting) return Promise.reject(new RenkeiError('unavailable', 'the hub is shutting down; retry in a moment'));
    const p = start();
    pending.add(p);
    const forget = (): void => void pending.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Puts one member's hits into the result rows and collects its MISP hits for the owner hit log. */
  function attach(member: MemberRow, searchId: string, who: Searcher, results: ValueResult[], hits: Map<number, HitContext[]>, mispHits: Map<number, HitContext[]>, ownerHits: OwnerHitRow[]): MemberAnswer['hits'] {
    const streamed: MemberAnswer['hits'] = [];
    for (const [index, hs] of [...hits].sort((a, b) => a[0] - b[0])) {
      const row = results[index];
      if (!row) continue;
      // The creator shown is the member the hub reached, not whatever organisation the answer claims.
      const mh = hs.map((h): MemberHit => ({ ...h, event: { ...h.event, orgc: member.name }, member: member.name, enrichment: deps.enricher?.enrich(h.attribute.type, h.attribute.value) ?? null }));
      row.hits[member.name] = mh.length;
      row.details.push(...mh);
      streamed.push({ index, hits: mh });
    }
    for (const [index, hs] of mispHits) {
      const v = results[index];
      if (!v) continue;
      for (const h of hs) {
        ownerHits.push({ memberId: member.id, searchId, searcherOrg: who.orgName, value: v.value, type: v.type, match: h.match, attributeUuid: h.attribute.uuid, eventUuid: h.event.uuid, eventInfo: h.event.info, at: now() });
      }
    }
    return streamed;
  }

  /** Stores a finished (or retried) search: result, owner hits, source health and audit in one transaction. */
  async function store(who: Searcher, result: SearchResult, ownerHits: OwnerHitRow[], later: ((tx: SearchStores) => Promise<void>)[], action: string): Promise<string> {
    // Members answer in any order; the stored details follow the member list, so the same search reads the same.
    const rank = new Map(result.members.map((m, i) => [m.name, i]));
    for (const r of result.results) if (r.details.length > 1) r.details.sort((x, y) => (rank.get(x.member) ?? 0) - (rank.get(y.member) ?? 0));
    const hitValueCount = result.results.filter((r) => Object.keys(r.hits).length > 0).length;
    // Any member failing, timing out or cut short makes the search partial.
    const status = result.members.every((m) => m.status === 'ok') ? 'done' : 'partial';
    const resultJson = JSON.stringify(result);
    await deps.store.transaction(async (tx) => {
      await tx.finishSearch(result.id, hitValueCount, resultJson, status);
      if (ownerHits.length > 0) await tx.recordOwnerHits(ownerHits);
      for (const w of later) await w(tx);
      await tx.audit({ at: now(), actorUserId: who.userId, actorOrg: who.orgName, action, count: hitValueCount, detail: `search ${result.id}: ${status}, ${hitValueCount} of ${result.results.length} values hit` });
    });
    return resultJson;
  }

  async function retryOne(who: Searcher, searchId: string, name: string): Promise<MemberAnswer> {
    const row = await deps.store.getSearch(searchId);
    // Another organisation's search is indistinguishable from a missing one.
    if (!row || row.orgId !== who.orgId) throw new RenkeiError('not_found', `no search ${searchId}`);
    if (live.has(searchId)) throw new RenkeiError('conflict', `search ${searchId} is still running`);
    if (!row.resultJson) throw new RenkeiError('not_found', `search ${searchId} has no stored result (${row.status})`);
    const result = JSON.parse(row.resultJson) as SearchResult;
    const mi = result.members.findIndex((m) => m.name === name);
    const member = (await deps.store.listMembers()).find((m) => m.name === name);
    if (mi < 0 || !member) throw new RenkeiError('not_found', `member ${name} is not part of search ${searchId}`);
    if (result.members[mi]!.status === 'ok') throw new RenkeiError('conflict', `member ${name} already answered search ${searchId}`);
    // Whatever the member sent before is replaced, so a retry never counts a hit twice.
    for (const r of result.results) {
      delete r.hits[name];
      r.details = r.details.filter((d) => d.member !== name);
    }
    const later: ((tx: SearchStores) => Promise<void>)[] = [];
    const values: SearchValue[] = result.results.map((v) => ({ type: v.type, value: v.value }));
    const { result: mr, hits, mispHits } = await searchMember(member, values, { searchId, searcher: { name: who.orgName, uuid: who.orgUuid }, kinds: [...MATCH_KINDS] as MatchKind[] }, later);
    const ownerHits: OwnerHitRow[] = [];
    const answer = { member: mr, hits: attach(member, searchId, who, result.results, hits, mispHits, ownerHits) };
    result.members[mi] = mr;
    await store(who, result, ownerHits, later, 'search-retry');
    return answer;
  }

  async function runOne(who: Searcher, req: SearchRequest, emit: (e: SearchStreamEvent, json?: string) => void): Promise<SearchResult> {
    const { values, rejected } = accept(req.values);
    const allMembers = await deps.store.listMembers();
    const members = req.members ? allMembers.filter((m) => req.members!.includes(m.name)) : allMembers;
    if (req.members) {
      const unknown = req.members.filter((n) => !allMembers.some((m) => m.name === n));
      if (unknown.length > 0) throw new RenkeiError('validation_failed', `unknown members: ${unknown.join(', ')}`, { unknown });
    }
    const id = randomUUID();
    const createdAt = now();
    // History row and audit entry together, before any member sees a value: a crash later leaves a
    // `running` row that start-up marks `interrupted`, and the audit still says who searched.
    await deps.store.transaction(async (tx) => {
      await tx.startSearch({ id, orgId: who.orgId, userId: who.userId, createdAt, valueCount: values.length, instance: deps.instance ?? null });
      await tx.audit({ at: createdAt, actorUserId: who.userId, actorOrg: who.orgName, action: 'search', count: values.length, detail: `search ${id}: ${members.length} members, ${rejected.length} rejected` });
    });

    const results: ValueResult[] = values.map((v) => ({ ...v, hits: {}, enrichment: deps.enricher?.enrich(v.type, v.value) ?? null, details: [] }));
    const result: SearchResult = { id, createdAt, org: who.orgName, members: members.map((m) => ({ name: m.name, status: 'pending', latencyMs: null, hits: 0, error: null, reason: null })), results, rejected };
    live.set(id, result);
    emit({ type: 'accepted', id, members: members.map((m) => m.name), values, rejected });

    const kinds = (req.kinds ?? [...MATCH_KINDS]) as MatchKind[];
    const base = { searchId: id, searcher: { name: who.orgName, uuid: who.orgUuid }, kinds };
    const sendValues: SearchValue[] = values.map((v) => ({ type: v.type, value: v.value }));
    const ownerHits: OwnerHitRow[] = [];
    const later: ((tx: SearchStores) => Promise<void>)[] = [];
    await Promise.all(
      members.map(async (member, mi) => {
        const { result: mr, hits, mispHits } = values.length === 0
          ? { result: { name: member.name, status: 'ok' as const, latencyMs: 0, hits: 0, error: null, reason: null }, hits: new Map<number, HitContext[]>(), mispHits: new Map<number, HitContext[]>() }
          : await searchMember(member, sendValues, base, later);
        const streamed = attach(member, id, who, results, hits, mispHits, ownerHits);
        result.members[mi] = mr;
        emit({ type: 'member', member: mr, hits: streamed });
      }),
    );
    // Result, owner hit log, source health and the closing audit entry commit together, and before the
    // searcher hears "done": once a client has the answer, a crash cannot lose any of it.
    let resultJson: string;
    try {
      resultJson = await store(who, result, ownerHits, later, 'search-done');
    } finally {
      live.delete(id);
    }
    // The stored JSON is reused for the stream's last line rather than serialised twice.
    emit({ type: 'done', result }, `{"type":"done","result":${resultJson}}`);
    return result;
  }
}
