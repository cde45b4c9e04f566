/**
 * Contract suite of the hub store port: the same tests on SQLite (a fresh temp file per test) and PostgreSQL
 * (a unique schema of the RENKEI_TEST_PG database per test, dropped after), plus one scenario whose every read
 * must come out identical on both engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRenkeiError } from '../../core/errors.ts';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { openHubStore } from './open-hub-store.ts';
import type { HubStore, OwnerHitRow } from './port.ts';

type Kind = 'sqlite' | 'postgres';

interface Opened {
  store: HubStore;
  /** Opens a second store on the same database (as a restarted hub would). */
  reopen(): Promise<HubStore>;
  cleanup(): Promise<void>;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-hub-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openFresh(kind: Kind): Promise<Opened> {
  const extra: HubStore[] = [];
  if (kind === 'sqlite') {
    const file = path.join(dir, `${uniqueSchema('hub')}.db`);
    const store = await openHubStore(file);
    return {
      store,
      reopen: async () => {
        const s = await openHubStore(file);
        extra.push(s);
        return s;
      },
      cleanup: async () => {
        for (const s of extra) await s.close();
        await store.close();
      },
    };
  }
  const url = testPgUrl();
  const schema = uniqueSchema('hub');
  const store = await openHubStore(url, { schema });
  return {
    store,
    reopen: async () => {
      const s = await openHubStore(url, { schema });
      extra.push(s);
      return s;
    },
    cleanup: async () => {
      for (const s of extra) await s.close();
      await store.close();
      const raw = new pg.Pool({ connectionString: url, max: 1 });
      await raw.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await raw.end();
    },
  };
}

/** The stable code of a rejected promise, or a description of whatever else it threw. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isRenkeiError(e) ? e.code : `raw ${(e as { code?: unknown }).code ?? String(e)}`;
  }
  return 'resolved';
}

const T0 = Date.UTC(2026, 10, 20, 9); // realistic epoch milliseconds: beyond 32-bit, BIGINT on PostgreSQL
const UUID_A = '0b3f1f2e-5a7c-4c1d-9e8f-111111111111';
const UUID_B = '0b3f1f2e-5a7c-4c1d-9e8f-222222222222';
const JA = '日本サイバー防衛センター 🛡️';
const LONG = `${'長い値🚀'.repeat(5_000)}-end`; // 25k code points, beyond any VARCHAR-ish limit

function hit(memberId: number, at: number, over: Partial<OwnerHitRow> = {}): OwnerHitRow {
  return {
    memberId, searchId: 's-1', searcherOrg: 'Searcher', value: `198.51.100.${at % 250}`, type: 'ip-dst', match: 'exact',
    attributeUuid: `attr-${at}`, eventUuid: 'ev-1', eventInfo: 'Phishing wave', at, ...over,
  };
}

function contract(kind: Kind) {
  describe(`hub store (${kind})`, () => {
    let o: Opened;
    let s: HubStore;
    beforeEach(async () => {
      o = await openFresh(kind);
      s = o.store;
    });
    afterEach(async () => o?.cleanup());

    /** An org with one user, the common starting point. */
    const orgWithUser = async (org: string, login: string) => {
      const g = await s.ensureOrg(org);
      const u = await s.createUser({ login, orgId: g.id, role: 'analyst', passwordHash: 'h' });
      return { org: g, user: u };
    };

    it('migrates twice, and a reopened store on the same database keeps the data', async () => {
      const org = await s.ensureOrg('Acme', UUID_A);
      await s.setSetting('secret-box-key', 'k1');
      await s.migrate();
      await s.migrate();
      expect(await s.getOrg('Acme')).toEqual(org);
      const again = await o.reopen(); // openHubStore migrates once more on an existing schema
      expect(await again.getOrg(org.id)).toEqual({ id: org.id, uuid: UUID_A, name: 'Acme' });
      expect(await again.getSetting('secret-box-key')).toBe('k1');
      expect((await again.ensureOrg('Beta')).id).toBeGreaterThan(org.id);
    });

    it('stores settings: null when missing, insert, overwrite', async () => {
      expect(await s.getSetting('nope')).toBeNull();
      await s.setSetting('a', 'one');
      await s.setSetting('b', '');
      expect(await s.getSetting('a')).toBe('one');
      expect(await s.getSetting('b')).toBe('');
      await s.setSetting('a', 'two');
      expect(await s.getSetting('a')).toBe('two');
      expect(await s.getSetting('b')).toBe('');
    });

    it('ensures organisations idempotently by name, keeping the first uuid', async () => {
      const a = await s.ensureOrg('Acme', UUID_A);
      expect(a).toEqual({ id: expect.any(Number), uuid: UUID_A, name: 'Acme' });
      expect(await s.ensureOrg('Acme', UUID_B)).toEqual(a);
      expect(await s.ensureOrg('Acme')).toEqual(a);
      const b = await s.ensureOrg('Beta');
      expect(b.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(b.id).not.toBe(a.id);
      expect(b.uuid).not.toBe(a.uuid);
      expect(await s.listOrgs()).toEqual([a, b]);
    });

    it('gets organisations by id and by name, null when missing', async () => {
      const a = await s.ensureOrg('Acme', UUID_A);
      const n = await s.ensureOrg('42'); // a numeric-looking name is still a name
      expect(await s.getOrg(a.id)).toEqual(a);
      expect(await s.getOrg('Acme')).toEqual(a);
      expect(await s.getOrg('42')).toEqual(n);
      expect(await s.getOrg(n.id + a.id + 100)).toBeNull();
      expect(await s.getOrg('Nobody')).toBeNull();
      expect(await s.getOrg('acme')).toBeNull(); // names are case-sensitive on both engines
      expect((await s.listOrgs()).map((g) => g.name)).toEqual(['42', 'Acme']);
    });

    it('creates users with defaults and reads them by id and login', async () => {
      const org = await s.ensureOrg('Acme');
      const u = await s.createUser({ login: 'alice', orgId: org.id, role: 'member-admin', passwordHash: 'scrypt$x' });
      expect(u).toEqual({ id: expect.any(Number), login: 'alice', orgId: org.id, orgName: 'Acme', role: 'member-admin', locale: 'ja', passwordHash: 'scrypt$x', failedLogins: 0, lockedUntil: null });
      const b = await s.createUser({ login: 'bob', orgId: org.id, role: 'hub-admin', passwordHash: null, locale: 'en' });
      expect(b).toMatchObject({ login: 'bob', role: 'hub-admin', locale: 'en', passwordHash: null });
      expect(await s.getUser(u.id)).toEqual(u);
      expect(await s.getUser('alice')).toEqual(u);
      expect(await s.getUser('Alice')).toBeNull();
      expect(await s.getUser(b.id + 100)).toBeNull();
      expect(await s.getUser('nobody')).toBeNull();
    });

    it('refuses a duplicate login with the stable conflict code and leaves the first user intact', async () => {
      const org = await s.ensureOrg('Acme');
      const other = await s.ensureOrg('Other');
      const first = await s.createUser({ login: 'alice', orgId: org.id, role: 'analyst', passwordHash: 'h1' });
      expect(await codeOf(s.createUser({ login: 'alice', orgId: other.id, role: 'hub-admin', passwordHash: 'h2' }))).toBe('conflict');
      expect(await s.getUser('alice')).toEqual(first);
      expect(await s.listUsers()).toEqual([first]);
      // The store still works after the failed insert.
      expect((await s.createUser({ login: 'alice2', orgId: org.id, role: 'analyst', passwordHash: null })).login).toBe('alice2');
      // Two racing sign-ups (both past the auth service's getUser pre-check): one wins, the other gets the same stable code.
      const raced = await Promise.all([0, 1].map((i) => codeOf(s.createUser({ login: 'carol', orgId: org.id, role: 'analyst', passwordHash: `h${i}` }))));
      expect(raced.sort()).toEqual(['conflict', 'resolved']);
    });

    it('rejects a user of an organisation that does not exist', async () => {
      await expect(s.createUser({ login: 'ghost', orgId: 999, role: 'analyst', passwordHash: null })).rejects.toThrow();
      expect(await s.getUser('ghost')).toBeNull();
    });

    it('lists users sorted by login, all or per organisation only', async () => {
      const a = await s.ensureOrg('A');
      const b = await s.ensureOrg('B');
      const zed = await s.createUser({ login: 'zed', orgId: a.id, role: 'analyst', passwordHash: null });
      const amy = await s.createUser({ login: 'amy', orgId: b.id, role: 'analyst', passwordHash: null });
      const max = await s.createUser({ login: 'max', orgId: a.id, role: 'member-admin', passwordHash: null });
      expect(await s.listUsers()).toEqual([amy, max, zed]);
      expect(await s.listUsers(a.id)).toEqual([max, zed]);
      expect(await s.listUsers(b.id)).toEqual([amy]);
      expect(await s.listUsers(b.id + a.id + 100)).toEqual([]);
    });

    it('round-trips the login state, including clearing the lock back to null', async () => {
      const { user } = await orgWithUser('Acme', 'alice');
      const { user: bob } = await orgWithUser('Acme', 'bob');
      const until = T0 + 15 * 60_000;
      await s.setLoginState(user.id, 4, null);
      expect(await s.getUser(user.id)).toMatchObject({ failedLogins: 4, lockedUntil: null });
      await s.setLoginState(user.id, 0, until);
      expect(await s.getUser(user.id)).toMatchObject({ failedLogins: 0, lockedUntil: until });
      expect(typeof (await s.getUser(user.id))!.lockedUntil).toBe('number');
      await s.setLoginState(user.id, 0, null);
      expect(await s.getUser('alice')).toEqual({ ...user, failedLogins: 0, lockedUntil: null });
      expect(await s.getUser(bob.id)).toEqual(bob);
      await s.setLoginState(9999, 3, until); // unknown user: nothing to update, no error
    });

    it('finds API keys by hash and lists them per user only', async () => {
      const { user: alice } = await orgWithUser('Acme', 'alice');
      const { user: bob } = await orgWithUser('Acme', 'bob');
      const k1 = await s.createApiKey({ userId: alice.id, label: 'ci', prefix: 'rk_aaaa', hash: 'hash-1', createdAt: T0 });
      expect(k1).toEqual({ id: expect.any(Number), userId: alice.id, label: 'ci', prefix: 'rk_aaaa', createdAt: T0, lastUsedAt: null });
      const k2 = await s.createApiKey({ userId: bob.id, label: 'bob', prefix: 'rk_bbbb', hash: 'hash-2', createdAt: T0 + 1 });
      const k3 = await s.createApiKey({ userId: alice.id, label: 'ラベル', prefix: 'rk_cccc', hash: 'hash-3', createdAt: T0 + 2 });
      expect(await s.findApiKey('hash-1')).toEqual(k1);
      expect(await s.findApiKey('hash-3')).toEqual(k3);
      expect(await s.findApiKey('HASH-1')).toBeNull();
      expect(await s.findApiKey('')).toBeNull();
      expect(await s.listApiKeys(alice.id)).toEqual([k1, k3]);
      expect(await s.listApiKeys(bob.id)).toEqual([k2]);
      expect(await s.listApiKeys(9999)).toEqual([]);
      // Hashes are unique: a second key with the same hash is refused.
      await expect(s.createApiKey({ userId: bob.id, label: 'dup', prefix: 'rk_dddd', hash: 'hash-1', createdAt: T0 })).rejects.toThrow();
      expect(await s.findApiKey('hash-1')).toEqual(k1);
    });

    it('deletes an API key only for its owning user', async () => {
      const { user: alice } = await orgWithUser('Acme', 'alice');
      const { user: bob } = await orgWithUser('Other', 'bob');
      const k = await s.createApiKey({ userId: alice.id, label: 'ci', prefix: 'rk_aaaa', hash: 'hash-1', createdAt: T0 });
      expect(await s.deleteApiKey(k.id, bob.id)).toBe(false);
      expect(await s.findApiKey('hash-1')).toEqual(k);
      expect(await s.deleteApiKey(k.id + 100, alice.id)).toBe(false);
      expect(await s.deleteApiKey(k.id, alice.id)).toBe(true);
      expect(await s.findApiKey('hash-1')).toBeNull();
      expect(await s.listApiKeys(alice.id)).toEqual([]);
      expect(await s.deleteApiKey(k.id, alice.id)).toBe(false);
    });

    it('touches only the named key, and later touches overwrite lastUsedAt', async () => {
      const { user } = await orgWithUser('Acme', 'alice');
      const k1 = await s.createApiKey({ userId: user.id, label: 'a', prefix: 'rk_a', hash: 'h1', createdAt: T0 });
      const k2 = await s.createApiKey({ userId: user.id, label: 'b', prefix: 'rk_b', hash: 'h2', createdAt: T0 });
      await s.touchApiKey(k1.id, T0 + 61_000);
      expect(await s.findApiKey('h1')).toEqual({ ...k1, lastUsedAt: T0 + 61_000 });
      expect(await s.findApiKey('h2')).toEqual(k2);
      await s.touchApiKey(k1.id, T0 + 3_600_000);
      expect((await s.listApiKeys(user.id)).map((k) => k.lastUsedAt)).toEqual([T0 + 3_600_000, null]);
      await s.touchApiKey(9999, T0); // unknown key: no error
    });

    it('creates, reads and deletes sessions; expired ones are still returned (the auth service checks expiry)', async () => {
      const { user } = await orgWithUser('Acme', 'alice');
      await s.createSession({ idHash: 'sess-1', userId: user.id, csrfToken: 'csrf-1', expiresAt: T0 + 3_600_000 });
      await s.createSession({ idHash: 'sess-old', userId: user.id, csrfToken: 'csrf-2', expiresAt: 1 });
      expect(await s.getSession('sess-1')).toEqual({ userId: user.id, csrfToken: 'csrf-1', expiresAt: T0 + 3_600_000 });
      expect(await s.getSession('sess-old')).toEqual({ userId: user.id, csrfToken: 'csrf-2', expiresAt: 1 });
      expect(await s.getSession('nope')).toBeNull();
      await s.deleteSession('sess-old');
      expect(await s.getSession('sess-old')).toBeNull();
      expect(await s.getSession('sess-1')).not.toBeNull();
      await s.deleteSession('sess-old'); // deleting twice is harmless
      await expect(s.createSession({ idHash: 'sess-1', userId: user.id, csrfToken: 'x', expiresAt: T0 })).rejects.toThrow();
      expect((await s.getSession('sess-1'))!.csrfToken).toBe('csrf-1');
    });

    it('creates members and gets them by id, name and organisation', async () => {
      const acme = await s.ensureOrg('Acme', UUID_A);
      const beta = await s.ensureOrg('Beta', UUID_B);
      const lone = await s.ensureOrg('Lone');
      const m1 = await s.createMember(acme.id, 'Acme');
      expect(m1).toEqual({ id: expect.any(Number), orgId: acme.id, name: 'Acme', orgUuid: UUID_A });
      const m2 = await s.createMember(beta.id, 'Beta CERT');
      expect(m2.orgUuid).toBe(UUID_B);
      expect(await s.getMember(m1.id)).toEqual(m1);
      expect(await s.getMember('Beta CERT')).toEqual(m2);
      expect(await s.getMember('Beta')).toBeNull();
      expect(await s.getMember(m2.id + 100)).toBeNull();
      expect(await s.getMemberByOrg(beta.id)).toEqual(m2);
      expect(await s.getMemberByOrg(lone.id)).toBeNull();
      expect(await s.listMembers()).toEqual([m1, m2]);
    });

    it('refuses a second member with the same name or organisation with the stable conflict code', async () => {
      const acme = await s.ensureOrg('Acme');
      const beta = await s.ensureOrg('Beta');
      const m = await s.createMember(acme.id, 'Acme');
      expect(await codeOf(s.createMember(beta.id, 'Acme'))).toBe('conflict');
      expect(await codeOf(s.createMember(acme.id, 'Acme again'))).toBe('conflict');
      expect(await s.listMembers()).toEqual([m]);
    });

    it('adds, reads, lists and deletes sources', async () => {
      const m1 = await s.createMember((await s.ensureOrg('A')).id, 'A');
      const m2 = await s.createMember((await s.ensureOrg('B')).id, 'B');
      const a = await s.addSource({ memberId: m1.id, kind: 'misp', url: 'https://misp.a.example', secret: 'sealed:1', verifyTls: true, caFile: null });
      expect(a).toEqual({ id: expect.any(Number), memberId: m1.id, kind: 'misp', url: 'https://misp.a.example', secret: 'sealed:1', verifyTls: true, caFile: null, status: 'unknown', lastError: null, lastLatencyMs: null });
      const b = await s.addSource({ memberId: m2.id, kind: 'renkei', url: 'https://node.b.example', secret: 'sealed:2', verifyTls: false, caFile: '/etc/ca/b.pem' });
      expect(b).toMatchObject({ kind: 'renkei', verifyTls: false, caFile: '/etc/ca/b.pem' });
      const c = await s.addSource({ memberId: m1.id, kind: 'renkei', url: 'https://node.a.example', secret: 'sealed:3', verifyTls: true, caFile: null });
      expect(await s.getSource(b.id)).toEqual(b);
      expect(await s.getSource(c.id + 100)).toBeNull();
      expect(await s.listSources()).toEqual([a, b, c]);
      expect(await s.listSources(m1.id)).toEqual([a, c]);
      expect(await s.listSources(m2.id)).toEqual([b]);
      expect(await s.deleteSource(a.id)).toBe(true);
      expect(await s.deleteSource(a.id)).toBe(false);
      expect(await s.getSource(a.id)).toBeNull();
      expect(await s.listSources(m1.id)).toEqual([c]);
      await expect(s.addSource({ memberId: 9999, kind: 'misp', url: 'u', secret: 's', verifyTls: true, caFile: null })).rejects.toThrow();
    });

    it('records source status and keeps the newest latency points, oldest of them first, per source', async () => {
      const m = await s.createMember((await s.ensureOrg('A')).id, 'A');
      const src = await s.addSource({ memberId: m.id, kind: 'misp', url: 'https://a', secret: 's', verifyTls: true, caFile: null });
      const other = await s.addSource({ memberId: m.id, kind: 'misp', url: 'https://b', secret: 's', verifyTls: true, caFile: null });
      expect(await s.latencyHistory(src.id, 10)).toEqual([]);
      // Written out of time order: the history is ordered by `at`, not by insertion.
      await s.setSourceStatus(src.id, 'ok', null, 12.5, T0 + 2_000);
      await s.setSourceStatus(src.id, 'ok', null, 30.25, T0);
      await s.setSourceStatus(src.id, 'error', 'unreachable: ECONNREFUSED', null, T0 + 3_000);
      await s.setSourceStatus(src.id, 'ok', null, 8, T0 + 1_000);
      await s.setSourceStatus(other.id, 'ok', null, 99, T0 + 5_000);
      expect(await s.getSource(src.id)).toMatchObject({ status: 'ok', lastError: null, lastLatencyMs: 8 }); // the last call wins
      expect(await s.latencyHistory(src.id, 10)).toEqual([
        { at: T0, ms: 30.25, ok: true },
        { at: T0 + 1_000, ms: 8, ok: true },
        { at: T0 + 2_000, ms: 12.5, ok: true },
        { at: T0 + 3_000, ms: null, ok: false },
      ]);
      // The limit keeps the newest points (what a chart of recent health needs), still in time order.
      expect(await s.latencyHistory(src.id, 2)).toEqual([
        { at: T0 + 2_000, ms: 12.5, ok: true },
        { at: T0 + 3_000, ms: null, ok: false },
      ]);
      expect(await s.latencyHistory(other.id, 10)).toEqual([{ at: T0 + 5_000, ms: 99, ok: true }]);
      await s.setSourceStatus(src.id, 'error', 'bad key', 41.5, T0 + 4_000);
      expect(await s.getSource(src.id)).toMatchObject({ status: 'error', lastError: 'bad key', lastLatencyMs: 41.5 });
      expect(await s.latencyHistory(src.id, 1)).toEqual([{ at: T0 + 4_000, ms: 41.5, ok: false }]);
      expect(await s.getSource(other.id)).toMatchObject({ status: 'ok', lastLatencyMs: 99 });
      expect(await s.deleteSource(src.id)).toBe(true);
      expect(await s.latencyHistory(src.id, 10)).toEqual([]); // history goes with its source
    });

    it('deleting a member removes its sources, their history and its hit log, but keeps its organisation and users', async () => {
      const { org, user } = await orgWithUser('Acme', 'alice');
      const m = await s.createMember(org.id, 'Acme');
      const keep = await s.createMember((await s.ensureOrg('Keep')).id, 'Keep');
      const src = await s.addSource({ memberId: m.id, kind: 'misp', url: 'https://a', secret: 's', verifyTls: true, caFile: null });
      const kept = await s.addSource({ memberId: keep.id, kind: 'misp', url: 'https://k', secret: 's', verifyTls: true, caFile: null });
      await s.setSourceStatus(src.id, 'ok', null, 10, T0);
      await s.setSourceStatus(kept.id, 'ok', null, 11, T0);
      await s.recordOwnerHits([hit(m.id, T0), hit(keep.id, T0)]);
      expect(await s.deleteMember(m.id)).toBe(true);
      expect(await s.getMember(m.id)).toBeNull();
      expect(await s.getMemberByOrg(org.id)).toBeNull();
      expect(await s.getSource(src.id)).toBeNull();
      expect(await s.listSources()).toEqual([{ ...kept, status: 'ok', lastLatencyMs: 11 }]);
      expect(await s.latencyHistory(src.id, 10)).toEqual([]);
      expect(await s.listOwnerHits(m.id, 0, 10)).toEqual([]);
      expect(await s.listOwnerHits(keep.id, 0, 10)).toHaveLength(1);
      expect(await s.latencyHistory(kept.id, 10)).toHaveLength(1);
      expect(await s.getOrg(org.id)).toEqual(org);
      expect(await s.getUser(user.id)).toEqual(user);
      expect(await s.deleteMember(m.id)).toBe(false);
      // The organisation can become a member again.
      expect((await s.createMember(org.id, 'Acme')).orgId).toBe(org.id);
    });

    it('starts, finishes and reads searches', async () => {
      const { org, user } = await orgWithUser('Acme', 'alice');
      await s.startSearch({ id: 'srch-1', orgId: org.id, userId: user.id, createdAt: T0, valueCount: 3 });
      expect(await s.getSearch('srch-1')).toEqual({ id: 'srch-1', orgId: org.id, userId: user.id, userLogin: 'alice', createdAt: T0, status: 'running', valueCount: 3, hitValueCount: 0, resultJson: null });
      const result = JSON.stringify({ id: 'srch-1', hits: [{ value: '198.51.100.7', org: JA }] });
      await s.finishSearch('srch-1', 1, result);
      expect(await s.getSearch('srch-1')).toEqual({ id: 'srch-1', orgId: org.id, userId: user.id, userLogin: 'alice', createdAt: T0, status: 'done', valueCount: 3, hitValueCount: 1, resultJson: result });
      expect(await s.getSearch('srch-2')).toBeNull();
      await s.finishSearch('srch-2', 5, '{}'); // unknown search: nothing to finish, no error
      expect(await s.getSearch('srch-2')).toBeNull();
      // A search whose user is gone still reads, with a placeholder login.
      await s.startSearch({ id: 'srch-3', orgId: org.id, userId: 9999, createdAt: T0, valueCount: 1 });
      expect((await s.getSearch('srch-3'))!.userLogin).toBe('(deleted)');
      await expect(s.startSearch({ id: 'srch-1', orgId: org.id, userId: user.id, createdAt: T0, valueCount: 1 })).rejects.toThrow();
      expect((await s.getSearch('srch-1'))!.status).toBe('done');
    });

    it('lists searches per organisation only, newest first, limited', async () => {
      const a = await orgWithUser('A', 'ann');
      const b = await orgWithUser('B', 'ben');
      for (const [i, at] of [T0 + 2, T0, T0 + 4, T0 + 1, T0 + 3].entries()) {
        await s.startSearch({ id: `a-${i}`, orgId: a.org.id, userId: a.user.id, createdAt: at, valueCount: i + 1 });
      }
      await s.startSearch({ id: 'b-0', orgId: b.org.id, userId: b.user.id, createdAt: T0 + 10, valueCount: 7 });
      await s.finishSearch('a-1', 0, '{"hits":[]}');
      const listA = await s.listSearches(a.org.id, 10);
      expect(listA.map((r) => r.id)).toEqual(['a-2', 'a-4', 'a-0', 'a-3', 'a-1']);
      expect(listA.every((r) => r.orgId === a.org.id && r.userLogin === 'ann')).toBe(true);
      expect(listA[4]).toMatchObject({ status: 'done', resultJson: '{"hits":[]}' });
      expect((await s.listSearches(a.org.id, 2)).map((r) => r.id)).toEqual(['a-2', 'a-4']);
      expect(await s.listSearches(b.org.id, 10)).toEqual([await s.getSearch('b-0')]);
      expect(await s.listSearches(b.org.id + a.org.id + 100, 10)).toEqual([]);
    });

    it('keeps the audit log newest entry first, limited, with nullable fields', async () => {
      expect(await s.listAudit(10)).toEqual([]);
      const entries = [
        { at: T0, actorUserId: 1, actorOrg: 'Acme', action: 'sign-in', count: null, detail: null },
        { at: T0 + 5, actorUserId: null, actorOrg: null, action: 'hub-start', count: null, detail: 'v1' },
        { at: T0 + 1, actorUserId: 2, actorOrg: JA, action: 'search', count: 250, detail: '3 members' }, // written later, earlier clock
        { at: T0 + 6, actorUserId: 1, actorOrg: 'Acme', action: 'user-add', count: 0, detail: '' },
      ];
      for (const e of entries) await s.audit(e);
      expect(await s.listAudit(10)).toEqual([...entries].reverse()); // by write order: the log is append-only
      expect(await s.listAudit(2)).toEqual([entries[3], entries[2]]);
    });

    it('records owner hits and lists them per member, since a time, newest first, limited', async () => {
      const m = await s.createMember((await s.ensureOrg('A')).id, 'A');
      const n = await s.createMember((await s.ensureOrg('B')).id, 'B');
      await s.recordOwnerHits([]); // nothing to write
      expect(await s.listOwnerHits(m.id, 0, 10)).toEqual([]);
      const first = [hit(m.id, T0 + 10), hit(m.id, T0), hit(n.id, T0 + 20), hit(m.id, T0 + 20, { value: 'evil.example', type: 'domain' })];
      await s.recordOwnerHits(first);
      await s.recordOwnerHits([hit(m.id, T0 + 10, { attributeUuid: 'attr-later-same-ms', searchId: 's-2', searcherOrg: JA })]);
      const all = await s.listOwnerHits(m.id, 0, 10);
      // Newest first; equal times in reverse write order.
      expect(all.map((h) => [h.at, h.attributeUuid])).toEqual([
        [T0 + 20, `attr-${T0 + 20}`],
        [T0 + 10, 'attr-later-same-ms'],
        [T0 + 10, `attr-${T0 + 10}`],
        [T0, `attr-${T0}`],
      ]);
      expect(all[0]).toEqual(first[3]);
      expect(all.every((h) => h.memberId === m.id)).toBe(true);
      expect((await s.listOwnerHits(m.id, T0 + 10, 10)).map((h) => h.at)).toEqual([T0 + 20, T0 + 10, T0 + 10]); // since is inclusive
      expect((await s.listOwnerHits(m.id, T0 + 21, 10))).toEqual([]);
      expect((await s.listOwnerHits(m.id, 0, 2)).map((h) => h.attributeUuid)).toEqual([`attr-${T0 + 20}`, 'attr-later-same-ms']);
      expect(await s.listOwnerHits(n.id, 0, 10)).toEqual([first[2]]);
      // One searcher left out before the limit: the next rows fill the page.
      expect((await s.listOwnerHits(m.id, 0, 2, JA)).map((h) => h.attributeUuid)).toEqual([`attr-${T0 + 20}`, `attr-${T0 + 10}`]);
      expect((await s.listOwnerHits(m.id, 0, 10, first[0]!.searcherOrg)).map((h) => h.attributeUuid)).toEqual(['attr-later-same-ms']);
    });

    it('records more owner hits than one insert statement carries', async () => {
      const m = await s.createMember((await s.ensureOrg('A')).id, 'A');
      const rows = Array.from({ length: 250 }, (_, i) => hit(m.id, T0 + i, { attributeUuid: `a-${i}` }));
      await s.recordOwnerHits(rows);
      const listed = await s.listOwnerHits(m.id, 0, 1_000);
      expect(listed).toHaveLength(250);
      expect(listed).toEqual([...rows].reverse());
      expect((await s.listOwnerHits(m.id, T0 + 200, 1_000)).map((h) => h.attributeUuid)).toEqual(rows.slice(200).reverse().map((h) => h.attributeUuid));
    });

    it('keeps Unicode and long strings intact everywhere', async () => {
      const org = await s.ensureOrg(JA);
      expect(await s.getOrg(JA)).toEqual(org);
      const u = await s.createUser({ login: 'ユーザー😀', orgId: org.id, role: 'analyst', passwordHash: LONG });
      expect(await s.getUser('ユーザー😀')).toEqual({ ...u, orgName: JA, passwordHash: LONG });
      await s.setSetting('長い', LONG);
      expect(await s.getSetting('長い')).toBe(LONG);
      const key = await s.createApiKey({ userId: u.id, label: LONG, prefix: 'rk_日本', hash: `h-${LONG}`, createdAt: T0 });
      expect(await s.findApiKey(`h-${LONG}`)).toEqual({ ...key, label: LONG });
      const m = await s.createMember(org.id, JA);
      expect(await s.getMember(JA)).toEqual(m);
      const src = await s.addSource({ memberId: m.id, kind: 'misp', url: 'https://例え.jp/ミスプ', secret: LONG, verifyTls: true, caFile: '/証明書/ca.pem' });
      await s.setSourceStatus(src.id, 'error', `接続できません: ${LONG}`, null, T0);
      expect(await s.getSource(src.id)).toEqual({ ...src, url: 'https://例え.jp/ミスプ', secret: LONG, caFile: '/証明書/ca.pem', status: 'error', lastError: `接続できません: ${LONG}`, lastLatencyMs: null });
      const big = JSON.stringify({ info: LONG, values: Array.from({ length: 2_000 }, (_, i) => `値-${i}-🔎`) });
      await s.startSearch({ id: 'srch-ユ', orgId: org.id, userId: u.id, createdAt: T0, valueCount: 2_000 });
      await s.finishSearch('srch-ユ', 2_000, big);
      expect(await s.getSearch('srch-ユ')).toMatchObject({ userLogin: 'ユーザー😀', resultJson: big });
      await s.audit({ at: T0, actorUserId: u.id, actorOrg: JA, action: '検索', count: 1, detail: LONG });
      expect(await s.listAudit(1)).toEqual([{ at: T0, actorUserId: u.id, actorOrg: JA, action: '検索', count: 1, detail: LONG }]);
      const h = hit(m.id, T0, { value: 'ドメイン.例え', searcherOrg: JA, eventInfo: LONG, match: 'サブドメイン' });
      await s.recordOwnerHits([h]);
      expect(await s.listOwnerHits(m.id, 0, 1)).toEqual([h]);
    });
  });
}

contract('sqlite');
contract('postgres');

/** One scenario over every method, read back in full: the engines must agree field for field. */
async function scenario(s: HubStore): Promise<unknown> {
  const a = await s.ensureOrg('Acme', UUID_A);
  const b = await s.ensureOrg(JA, UUID_B);
  const alice = await s.createUser({ login: 'alice', orgId: a.id, role: 'member-admin', passwordHash: 'h' });
  const bob = await s.createUser({ login: 'Bob', orgId: b.id, role: 'analyst', passwordHash: null, locale: 'en' });
  await s.setLoginState(bob.id, 2, T0 + 1);
  await s.setSetting('k', 'v');
  const k1 = await s.createApiKey({ userId: alice.id, label: 'ci', prefix: 'rk_1', hash: 'h1', createdAt: T0 });
  await s.createApiKey({ userId: bob.id, label: 'b', prefix: 'rk_2', hash: 'h2', createdAt: T0 + 1 });
  await s.touchApiKey(k1.id, T0 + 99);
  const deletedOther = await s.deleteApiKey(k1.id, bob.id);
  await s.createSession({ idHash: 'sess', userId: alice.id, csrfToken: 'c', expiresAt: T0 });
  const mA = await s.createMember(a.id, 'Acme');
  const mB = await s.createMember(b.id, JA);
  const src = await s.addSource({ memberId: mA.id, kind: 'misp', url: 'https://a', secret: 'x', verifyTls: false, caFile: null });
  await s.addSource({ memberId: mB.id, kind: 'renkei', url: 'https://b', secret: 'y', verifyTls: true, caFile: '/ca' });
  for (let i = 0; i < 5; i++) await s.setSourceStatus(src.id, i % 2 ? 'error' : 'ok', i % 2 ? `e${i}` : null, i % 2 ? null : i + 0.5, T0 + i * 10);
  await s.startSearch({ id: 'q1', orgId: a.id, userId: alice.id, createdAt: T0, valueCount: 2 });
  await s.startSearch({ id: 'q2', orgId: a.id, userId: alice.id, createdAt: T0 + 1, valueCount: 3 });
  await s.startSearch({ id: 'q3', orgId: b.id, userId: bob.id, createdAt: T0 + 2, valueCount: 1 });
  await s.finishSearch('q1', 1, '{"r":1}');
  await s.audit({ at: T0, actorUserId: alice.id, actorOrg: 'Acme', action: 'a', count: 1, detail: null });
  await s.audit({ at: T0 - 1, actorUserId: null, actorOrg: null, action: 'b', count: null, detail: 'd' });
  await s.recordOwnerHits(Array.from({ length: 120 }, (_, i) => hit(i % 3 ? mA.id : mB.id, T0 + (i % 7), { attributeUuid: `u${i}` })));
  const deletedB = await s.deleteMember(mB.id);
  return {
    orgs: await s.listOrgs(), byId: await s.getOrg(b.id), users: await s.listUsers(), usersA: await s.listUsers(a.id),
    setting: await s.getSetting('k'), keysAlice: await s.listApiKeys(alice.id), keyBob: await s.findApiKey('h2'), deletedOther,
    session: await s.getSession('sess'), members: await s.listMembers(), deletedB, sources: await s.listSources(),
    latency: await s.latencyHistory(src.id, 3), searchesA: await s.listSearches(a.id, 10), searchesB: await s.listSearches(b.id, 10),
    audit: await s.listAudit(10), hitsA: await s.listOwnerHits(mA.id, T0 + 2, 50), hitsB: await s.listOwnerHits(mB.id, 0, 50),
  };
}

describe('hub store on both engines', () => {
  it('gives identical results for the same sequence of calls', async () => {
    const lite = await openFresh('sqlite');
    const post = await openFresh('postgres');
    try {
      const fromLite = await scenario(lite.store);
      const fromPost = await scenario(post.store);
      expect(fromPost).toEqual(fromLite);
      expect((fromLite as { hitsA: unknown[] }).hitsA.length).toBeGreaterThan(30);
    } finally {
      await lite.cleanup();
      await post.cleanup();
    }
  });
});
