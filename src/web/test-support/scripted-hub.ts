/**
 * A scripted hub for component tests: a `fetch` implementation that answers the contract's routes from
 * in-memory state, streaming search answers line by line, so the real client and NDJSON reader are exercised.
 */
import { normalize } from '../../core/indicators/normalize.ts';
import type { Me, Member, MemberHit, MemberResult, OwnerHit, SearchResult, SearchStreamEvent, SearchSummary, SourceCheck, ValueResult } from '../../contracts/hub-api.ts';

export interface ScriptedHub {
  fetch: typeof fetch;
  calls: { method: string; path: string; body: unknown; headers: Record<string, string> }[];
  state: {
    me: Me | null;
    password: string;
    members: Member[];
    searches: Map<string, SearchResult>;
    /** History rows without a stored result (running, interrupted, purged), listed after the searches. */
    summaries: SearchSummary[];
    hits: OwnerHit[];
    check: SourceCheck;
    /** value → member → hits, used to answer searches. */
    holdings: Record<string, Record<string, MemberHit[]>>;
    failNext: { path: string; status: number; code: string; message: string } | null;
    /** Members that time out until they are retried. */
    silent: Set<string>;
  };
}

const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const fail = (status: number, code: string, message: string) => json(status, { error: { code, message } });

/** A hit context as a member would return it. */
export function memberHit(member: string, value: string, over: Partial<MemberHit> = {}): MemberHit {
  return {
    member,
    match: 'exact',
    attribute: { uuid: `attr-${member}-${value}`, type: 'ip-dst', category: 'Network activity', value, toIds: true, comment: '', firstSeen: '2024-03-01T00:00:00Z', lastSeen: '2024-04-01T00:00:00Z', timestamp: 1711929600, tags: ['tlp:green'] },
    event: { uuid: `event-${member}`, info: `BlackTech C2 seen by ${member}`, date: '2024-03-01', orgc: member, tags: ['misp-galaxy:threat-actor="BlackTech"'], threatLevel: 1 },
    warninglists: [],
    enrichment: { asn: 16509, asName: 'AMAZON-02', country: 'JP', hosting: 'VPS/Cloud: Amazon AWS' },
    ...over,
  };
}

/** Creates the scripted hub; `delayMs` spaces out the streamed member answers. */
export function scriptedHub(opts: { members?: string[]; delayMs?: number; me?: Me } = {}): ScriptedHub {
  const memberNames = opts.members ?? ['alpha', 'bravo', 'charlie'];
  const defaultMe: Me = { user: { id: 1, login: 'analyst-a', org: 'alpha', role: 'member-admin', locale: 'ja' }, csrfToken: 'csrf-123' };
  const hub: ScriptedHub = {
    calls: [],
    state: {
      me: null,
      password: 'correct horse battery',
      members: memberNames.map((name, i) => ({
        id: i + 1,
        name,
        orgUuid: `org-${i}`,
        sources: [{ id: 10 + i, memberId: i + 1, kind: 'renkei', url: `http://127.0.0.1:90${i}0`, verifyTls: true, status: 'ok', lastError: null, lastLatencyMs: 12 }],
      })),
      searches: new Map(),
      summaries: [],
      hits: [],
      check: { ok: true, latencyMs: 23, message: 'renkei node answered', version: '0.1.0' },
      holdings: {},
      failNext: null,
      silent: new Set(),
    },
    fetch: async (input, init) => {
      const url = new URL(String(input), 'http://hub.test');
      const method = (init?.method ?? 'GET').toUpperCase();
      const path = url.pathname.replace(/^\/api\/v1/, '');
      const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      hub.calls.push({ method, path, body, headers });
      const s = hub.state;
      if (s.failNext && s.failNext.path === path) {
        const f = s.failNext;
        s.failNext = null;
        return fail(f.status, f.code, f.message);
      }
      if (path === '/session' && method === 'POST') {
        const b = body as { login: string; password: string };
        if (b.password !== s.password) return fail(401, 'unauthenticated', 'wrong login or password');
        s.me = opts.me ?? { ...defaultMe, user: { ...defaultMe.user, login: b.login } };
        return json(200, s.me);
      }
      if (path === '/me') return s.me ? json(200, s.me) : fail(401, 'unauthenticated', 'not signed in');
      if (!s.me) return fail(401, 'unauthenticated', 'not signed in');
      if (method !== 'GET' && headers['x-csrf-token'] !== s.me.csrfToken) return fail(403, 'forbidden', 'bad csrf token');
      if (path === '/session' && method === 'DELETE') {
        s.me = null;
        return json(204, null);
      }
      if (path === '/searches' && method === 'POST') return streamSearch(hub, memberNames, body as { values: string[] }, opts.delayMs ?? 5);
      if (path === '/searches' && method === 'GET') {
        const list: SearchSummary[] = [...s.searches.values()].map((r) => ({
          id: r.id,
          createdAt: r.createdAt,
          user: s.me!.user.login,
          status: r.members.every((m) => m.status === 'ok') ? ('done' as const) : ('partial' as const),
          valueCount: r.results.length,
          resultKept: true,
          hitValueCount: r.results.filter((v) => Object.keys(v.hits).length > 0).length,
        }));
        return json(200, { searches: [...list, ...s.summaries] });
      }
      // The history workbench: no labels and no watch notifications in the scripted world.
      if (path === '/search-labels' && method === 'GET') return json(200, { labels: [] });
      if (path === '/watch-notifications' && method === 'GET') return json(200, { notifications: [], unseen: 0 });
      const retry = /^\/searches\/([^/]+)\/members\/([^/]+)\/retry$/.exec(path);
      if (retry && method === 'POST') {
        const r = s.searches.get(decodeURIComponent(retry[1]!));
        const name = decodeURIComponent(retry[2]!);
        if (!r) return fail(404, 'not_found', 'no search');
        s.silent.delete(name);
        const hits = answerOf(hub, name, r.results);
        const member: MemberResult = { name, status: 'ok', latencyMs: 15, hits: hits.reduce((n, h) => n + h.hits.length, 0), error: null, reason: null };
        r.members = r.members.map((m) => (m.name === name ? member : m));
        return json(200, { member, hits });
      }
      if (/^\/searches\/[^/]+\/feedback$/.test(path) && method === 'GET') return json(200, { given: [], aggregates: [] });
      const searchId = /^\/searches\/(.+)$/.exec(path)?.[1];
      if (searchId) {
        const r = s.searches.get(decodeURIComponent(searchId));
        return r ? json(200, r) : fail(404, 'not_found', `no search ${searchId}`);
      }
      if (path === '/hits') return json(200, { hits: s.hits });
      if (path === '/members' && method === 'GET') return json(200, { members: s.members });
      if (path === '/members' && method === 'POST') {
        const m: Member = { id: s.members.length + 1, name: (body as { name: string }).name, orgUuid: 'new', sources: [] };
        s.members.push(m);
        return json(201, m);
      }
      const srcMember = /^\/members\/(\d+)\/sources$/.exec(path)?.[1];
      if (srcMember && method === 'POST') {
        const m = s.members.find((x) => x.id === Number(srcMember));
        if (!m) return fail(404, 'not_found', 'no member');
        const b = body as { kind: 'renkei' | 'misp'; url: string; verifyTls: boolean };
        const src = { id: 100 + m.sources.length, memberId: m.id, kind: b.kind, url: b.url, verifyTls: b.verifyTls, status: 'unknown' as const, lastError: null, lastLatencyMs: null };
        m.sources.push(src);
        return json(201, src);
      }
      if (/^\/sources\/\d+\/test$/.test(path)) return json(200, s.check);
      const healthId = /^\/sources\/(\d+)\/health$/.exec(path)?.[1];
      if (healthId) {
        const src = s.members.flatMap((m) => m.sources).find((x) => x.id === Number(healthId));
        return json(200, { source: src, latency: [1, 2, 3].map((i) => ({ at: 1_700_000_000 + i * 60, ms: 10 * i, ok: true })) });
      }
      if (path === '/stats/top')
        return json(200, {
          sensors: 3,
          minMembers: 3,
          buckets: [
            { start: '2026-11-20T00:00:00Z', sensors: 3, items: [{ key: '23', label: 'telnet', events: 40, sources: 12, members: 3 }], withheld: { items: 1, events: 10 } },
            { start: '2026-11-21T00:00:00Z', sensors: 3, items: [{ key: '445', label: null, events: 50, sources: 9, members: 3 }], withheld: { items: 0, events: 0 } },
          ],
        });
      if (path === '/stats/trend') return json(200, { points: [{ day: '2026-11-20', events: 10 }, { day: '2026-11-21', events: 50 }] });
      if (path === '/stats/baseline')
        return json(200, { items: [{ key: '445', label: null, events: 50, deviation: { level: 'high' }, sentence: { en: 'Port 445 is 5 times its usual level.', ja: 'ポート 445 は平常時の 5 倍です。' } }] });
      if (path === '/users' && method === 'GET') return json(200, { users: [s.me.user] });
      if (path === '/users' && method === 'POST') return json(201, { id: 2, org: s.me.user.org, locale: 'ja', ...(body as object) });
      if (path === '/keys' && method === 'GET') return json(200, { keys: [{ id: 1, label: 'cli', createdAt: 1_700_000_000, lastUsedAt: null, prefix: 'rk_ab' }] });
      if (path === '/keys' && method === 'POST') return json(201, { key: 'rk_secret_value', info: { id: 2 } });
      return fail(404, 'not_found', `no route ${method} ${path}`);
    },
  };
  return hub;
}

/** One member's hits for the values, by index, from the scripted holdings. */
function answerOf(hub: ScriptedHub, name: string, values: { value: string }[]): { index: number; hits: MemberHit[] }[] {
  return values.map((v, index) => ({ index, hits: hub.state.holdings[v.value]?.[name] ?? [] })).filter((h) => h.hits.length > 0);
}

function streamSearch(hub: ScriptedHub, memberNames: string[], body: { values: string[] }, delayMs: number): Response {
  const id = `search-${hub.state.searches.size + 1}`;
  // Like the hub: normalise with the core normaliser, reject what it cannot read.
  const read = body.values.map((v) => normalize(v));
  const values = read.flatMap((n) => (n.ok ? [{ input: n.input, type: n.type, value: n.value }] : []));
  const rejected = read.flatMap((n) => (n.ok ? [] : [{ input: n.input, error: n.error }]));
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(ctl) {
      const send = (e: SearchStreamEvent) => ctl.enqueue(enc.encode(JSON.stringify(e) + '\n'));
      send({ type: 'accepted', id, members: memberNames, values, rejected });
      const results: ValueResult[] = values.map((v) => ({ ...v, hits: {}, enrichment: null, details: [] }));
      const members: MemberResult[] = [];
      for (const name of memberNames) {
        await new Promise((r) => setTimeout(r, delayMs));
        const silent = hub.state.silent.has(name);
        const hits = silent ? [] : answerOf(hub, name, values);
        for (const h of hits) {
          const r = results[h.index]!;
          r.hits[name] = h.hits.length;
          r.details.push(...h.hits);
          r.enrichment = h.hits[0]!.enrichment;
        }
        const mr: MemberResult = silent
          ? { name, status: 'timeout', latencyMs: 3000, hits: 0, error: 'timeout: no answer before the deadline', reason: 'timeout' }
          : { name, status: 'ok', latencyMs: 10 + members.length, hits: hits.reduce((n, h) => n + h.hits.length, 0), error: null, reason: null };
        members.push(mr);
        // Split the line in two chunks to exercise the reader's buffering.
        const line = JSON.stringify({ type: 'member', member: mr, hits } satisfies SearchStreamEvent) + '\n';
        ctl.enqueue(enc.encode(line.slice(0, 7)));
        ctl.enqueue(enc.encode(line.slice(7)));
      }
      const result: SearchResult = { id, createdAt: Date.now(), org: hub.state.me!.user.org, members, results, rejected };
      hub.state.searches.set(id, result);
      send({ type: 'done', result });
      ctl.close();
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
}
