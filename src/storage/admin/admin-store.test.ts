/**
 * Contract suite of the hub administration store on SQLite and PostgreSQL: disabling ends sessions and
 * keeps the first time, a password reset clears the lockout and ends sessions, key expiry is read with
 * the key, the audit log filters by action, organisation, actor and time, and a rename touches the
 * member and its organisation together (a taken name changes neither).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import type { HubStore } from '../hub/port.ts';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../hub/runner.ts';
import { createSqlHubStore } from '../hub/sql-hub-store.ts';
import type { AdminStore } from './port.ts';
import { createSqlAdminStore } from './sql-admin-store.ts';

const engines: Array<[string, () => Promise<{ runner: SqlRunner; cleanup(): Promise<void> }>]> = [
  ['sqlite', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-admin-'));
    const runner = sqliteRunner(path.join(dir, 'hub.db'));
    return { runner, cleanup: async () => (await runner.close(), rmSync(dir, { recursive: true, force: true })) };
  }],
  ['postgres', async () => {
    const schema = uniqueSchema('admin');
    const runner = postgresRunner(testPgUrl(), schema);
    return { runner, cleanup: async () => (await runner.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`), await runner.close()) };
  }],
];

describe.each(engines)('admin store on %s', (_name, open) => {
  let hub: HubStore;
  let admin: AdminStore;
  let cleanup: () => Promise<void>;
  let ids: { alice: number; bob: number; carol: number; aoba: number; kinu: number };
  beforeAll(async () => {
    const o = await open();
    cleanup = o.cleanup;
    hub = createSqlHubStore(o.runner);
    await hub.migrate();
    admin = createSqlAdminStore(o.runner);
    await admin.migrate();
    await admin.migrate(); // idempotent
    const aobaOrg = await hub.ensureOrg('Aoba CSIRT');
    const kinuOrg = await hub.ensureOrg('Kinu SOC');
    const alice = await hub.createUser({ login: 'alice', orgId: aobaOrg.id, role: 'member-admin', passwordHash: 'h1' });
    const bob = await hub.createUser({ login: 'bob', orgId: aobaOrg.id, role: 'analyst', passwordHash: 'h2' });
    const carol = await hub.createUser({ login: 'carol', orgId: kinuOrg.id, role: 'analyst', passwordHash: 'h3' });
    const aoba = await hub.createMember(aobaOrg.id, 'Aoba CSIRT');
    await hub.createMember(kinuOrg.id, 'Kinu SOC');
    ids = { alice: alice.id, bob: bob.id, carol: carol.id, aoba: aoba.id, kinu: kinuOrg.id };
  });
  afterAll(async () => cleanup?.());

  it('disables a user (ending its sessions, keeping the first time) and enables it again', async () => {
    await hub.createSession({ idHash: 'bob-s1', userId: ids.bob, csrfToken: 'c', expiresAt: 9e12 });
    await hub.createSession({ idHash: 'carol-s1', userId: ids.carol, csrfToken: 'c', expiresAt: 9e12 });
    expect(await admin.setDisabled(ids.bob, 1000, ids.alice)).toBe(true);
    expect(await admin.setDisabled(ids.bob, 2000, ids.alice)).toBe(true);
    expect(await hub.getSession('bob-s1')).toBeNull();
    expect(await hub.getSession('carol-s1')).toEqual({ userId: ids.carol, csrfToken: 'c', expiresAt: 9e12 });
    expect(Object.fromEntries(await admin.disabledUsers([ids.alice, ids.bob, ids.carol]))).toEqual({ [ids.bob]: 1000 });
    expect(await admin.access(ids.bob, null)).toEqual({ disabledAt: 1000, keyExpiresAt: null });
    expect(await admin.setDisabled(ids.bob, null, ids.alice)).toBe(true);
    expect(await admin.access(ids.bob, null)).toEqual({ disabledAt: null, keyExpiresAt: null });
    expect(await admin.setDisabled(99_999, 1, ids.alice)).toBe(false);
  });

  it('changes a role, and resets a password clearing the lockout and ending sessions', async () => {
    expect(await admin.setRole(ids.bob, 'member-admin')).toBe(true);
    expect((await hub.getUser(ids.bob))!.role).toBe('member-admin');
    await hub.setLoginState(ids.carol, 7, 5_000_000);
    await hub.createSession({ idHash: 'carol-s2', userId: ids.carol, csrfToken: 'c', expiresAt: 9e12 });
    expect(await admin.setPassword(ids.carol, 'new-hash')).toBe(true);
    const carol = (await hub.getUser(ids.carol))!;
    expect([carol.passwordHash, carol.failedLogins, carol.lockedUntil]).toEqual(['new-hash', 0, null]);
    expect(await hub.getSession('carol-s2')).toBeNull();
    expect(await admin.setPassword(99_999, 'x')).toBe(false);
  });

  it('reads key expiry with the key and clears it', async () => {
    const k1 = await hub.createApiKey({ userId: ids.alice, label: 'ci', prefix: 'rk_aaaa', hash: 'hash-1', createdAt: 100 });
    const k2 = await hub.createApiKey({ userId: ids.bob, label: 'misp', prefix: 'rk_bbbb', hash: 'hash-2', createdAt: 200 });
    await hub.touchApiKey(k2.id, 250);
    expect(await admin.setKeyExpiry(k1.id, 5000)).toBe(true);
    expect(await admin.setKeyExpiry(k1.id, 6000)).toBe(true);
    expect(await admin.listKeys([ids.bob, ids.alice])).toEqual([
      { id: k1.id, userId: ids.alice, label: 'ci', prefix: 'rk_aaaa', createdAt: 100, lastUsedAt: null, expiresAt: 6000 },
      { id: k2.id, userId: ids.bob, label: 'misp', prefix: 'rk_bbbb', createdAt: 200, lastUsedAt: 250, expiresAt: null },
    ]);
    expect(await admin.access(ids.alice, k1.id)).toEqual({ disabledAt: null, keyExpiresAt: 6000 });
    expect(await admin.setKeyExpiry(k1.id, null)).toBe(true);
    expect((await admin.getKey(k1.id))!.expiresAt).toBeNull();
    expect(await admin.setKeyExpiry(99_999, 1)).toBe(false);
    expect(await admin.getKey(99_999)).toBeNull();
  });

  it('filters the audit log by action, organisation, actor and time, newest first, with the actor login', async () => {
    await hub.audit({ at: 10, actorUserId: ids.alice, actorOrg: 'Aoba CSIRT', action: 'user-role', count: 1, detail: 'a' });
    await hub.audit({ at: 20, actorUserId: ids.carol, actorOrg: 'Kinu SOC', action: 'key-add', count: 1, detail: 'b' });
    await hub.audit({ at: 30, actorUserId: null, actorOrg: null, action: 'sign-in-failed', count: null, detail: 'unknown login' });
    await hub.audit({ at: 40, actorUserId: ids.alice, actorOrg: 'Aoba CSIRT', action: 'key-add', count: 1, detail: 'c' });
    const detail = async (f: Parameters<AdminStore['searchAudit']>[0]) => (await admin.searchAudit(f)).map((e) => e.detail);
    expect(await detail({ limit: 10 })).toEqual(['c', 'unknown login', 'b', 'a']);
    expect(await detail({ action: 'key-add', limit: 10 })).toEqual(['c', 'b']);
    expect(await detail({ org: 'Aoba CSIRT', limit: 10 })).toEqual(['c', 'a']);
    expect(await detail({ actor: 'carol', limit: 10 })).toEqual(['b']);
    expect(await detail({ since: 20, until: 40, limit: 10 })).toEqual(['unknown login', 'b']);
    expect(await detail({ limit: 1 })).toEqual(['c']);
    const [top] = await admin.searchAudit({ limit: 1 });
    expect(top).toEqual({ id: top!.id, at: 40, actorUserId: ids.alice, actorLogin: 'alice', actorOrg: 'Aoba CSIRT', action: 'key-add', count: 1, detail: 'c' });
  });

  it('renames a member with its organisation; a taken name changes neither', async () => {
    expect(await admin.renameMember(ids.aoba, 'Aoba CERT')).toBe(true);
    expect((await hub.getMember(ids.aoba))!.name).toBe('Aoba CERT');
    expect((await hub.getUser('alice'))!.orgName).toBe('Aoba CERT');
    await expect(admin.renameMember(ids.aoba, 'Kinu SOC')).rejects.toMatchObject({ code: 'conflict' });
    expect((await hub.getMember(ids.aoba))!.name).toBe('Aoba CERT');
    expect((await hub.getUser('alice'))!.orgName).toBe('Aoba CERT');
    expect(await admin.renameMember(99_999, 'x')).toBe(false);
  });

  it('updates a source, keeping its sealed key when none is given, and records the check', async () => {
    const s = await hub.addSource({ memberId: ids.aoba, kind: 'renkei', url: 'https://old.example/', secret: 'sealed-1', verifyTls: true, caFile: null });
    await hub.setSourceStatus(s.id, 'error', 'unreachable', null, 50);
    expect(await admin.updateSource(s.id, { url: 'https://new.example/', verifyTls: false, secret: null, latencyMs: 12, at: 60 })).toBe(true);
    expect(await hub.getSource(s.id)).toEqual({ ...s, url: 'https://new.example/', verifyTls: false, secret: 'sealed-1', status: 'ok', lastError: null, lastLatencyMs: 12 });
    await admin.updateSource(s.id, { url: 'https://new.example/', verifyTls: true, secret: 'sealed-2', latencyMs: 9, at: 70 });
    expect((await hub.getSource(s.id))!.secret).toBe('sealed-2');
    expect((await hub.latencyHistory(s.id, 10)).slice(-2)).toEqual([{ at: 60, ms: 12, ok: true }, { at: 70, ms: 9, ok: true }]);
    expect(await admin.updateSource(99_999, { url: 'https://x.example/', verifyTls: true, secret: null, latencyMs: null, at: 1 })).toBe(false);
  });
});
