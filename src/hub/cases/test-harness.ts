/** A hub on a temp SQLite file (no nodes) with two member orgs and the operator, for the case tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHub, type Hub } from '../create-hub.ts';

export interface CaseTestUser {
  id: number;
  login: string;
  key: string;
}

export interface CaseTestHub {
  hub: Hub;
  url: string;
  users: Record<'aAnalyst' | 'aOwner' | 'aAdmin' | 'bAnalyst' | 'bAdmin' | 'hubAdmin', CaseTestUser>;
  api(who: CaseTestUser, method: string, p: string, body?: unknown): Promise<{ status: number; text: string; json: unknown }>;
  close(): Promise<void>;
}

/** Starts the hub and creates one user per role and org. */
export async function startCaseTestHub(): Promise<CaseTestHub> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-cases-hub-'));
  const hub = await createHub({ db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: null, keyFile: path.join(dir, 'hub.key'), enrichment: { enabled: false, rangeDirs: [] }, cases: { maxHostsPerCase: 2000, maxImportRows: 1500 } });
  const url = await hub.listen();
  const mk = async (login: string, orgName: string, role: 'hub-admin' | 'member-admin' | 'analyst'): Promise<CaseTestUser> => {
    const u = await hub.ctx.auth.createUser({ login, password: null, orgName, role });
    return { id: u.id, login, key: (await hub.ctx.auth.createKey(u.id, 'test')).key };
  };
  const users = {
    aAnalyst: await mk('aoba-analyst', 'Aoba CSIRT', 'analyst'),
    aOwner: await mk('yamada.taro', 'Aoba CSIRT', 'analyst'),
    aAdmin: await mk('aoba-admin', 'Aoba CSIRT', 'member-admin'),
    bAnalyst: await mk('kinu-analyst', 'Kinu SOC', 'analyst'),
    bAdmin: await mk('kinu-admin', 'Kinu SOC', 'member-admin'),
    hubAdmin: await mk('operator', 'Hub Operator', 'hub-admin'),
  };
  return {
    hub,
    url,
    users,
    async api(who, method, p, body) {
      const res = await fetch(`${url}${p}`, { method, headers: { authorization: `Bearer ${who.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, text, json };
    },
    async close() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
