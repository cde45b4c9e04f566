/**
 * Test and benchmark harness: the TAXII plugin on a real Fastify server on 127.0.0.1 (port 0) over a
 * real store (SQLite temp file or a unique PostgreSQL schema), with real API keys in the node's key table.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import type { NodeRole } from '../principal.ts';
import { createAuthenticator } from '../auth.ts';
import { generateApiKey, hashApiKey } from '../keys/api-key.ts';
import { createSqliteNodeMeta } from '../../storage/node-meta/sqlite.ts';
import { createPostgresNodeMeta } from '../../storage/node-meta/postgres.ts';
import { createTestStore, type TestStore } from '../../testkit/store-factory.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { TaxiiStore } from '../../storage/taxii/port.ts';
import { createTaxiiStore } from '../../storage/taxii/create-taxii-store.ts';
import { taxiiPlugin, type TaxiiPluginOptions } from './plugin.ts';
import { seedTaxiiData } from './seed.ts';
import { TAXII_MEDIA } from './media.ts';

export const FIXTURE_PATH = path.resolve(process.cwd(), '../shared/data/stix/taxii-fixture/medallion-default_data.json');

export interface TaxiiHarness {
  /** Server root, e.g. `http://127.0.0.1:1234/taxii2`. */
  base: string;
  store: IntelStore;
  taxii: TaxiiStore;
  opened: TestStore;
  adminOrgId: number;
  /** `Authorization` header of the admin key of the seeding organisation. */
  admin: string;
  /** Creates an organisation (if needed) and a key for it; returns its org id and Authorization header. */
  addUser(orgName: string, role: NodeRole): Promise<{ orgId: number; auth: string }>;
  /** GET/POST/DELETE with TAXII headers; `auth: null` sends no credentials. */
  req(method: string, pathAndQuery: string, opts?: { auth?: string | null; body?: string | Uint8Array; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a server; `seed` loads medallion's default_data.json with every object owned by the admin's organisation. */
export async function startTaxiiHarness(kind: 'sqlite' | 'postgres', opts: { seed?: boolean; plugin?: Partial<TaxiiPluginOptions> } = {}): Promise<TaxiiHarness> {
  const opened = await createTestStore(kind);
  const meta = opened.kind === 'sqlite' ? createSqliteNodeMeta(opened.db) : createPostgresNodeMeta(opened.pool, opened.schema);
  await meta.migrate();
  const taxii = createTaxiiStore(opened);
  await taxii.migrate();
  const store = opened.store;
  const addUser = async (orgName: string, role: NodeRole) => {
    const org = await store.ensureOrg({ name: orgName });
    const key = generateApiKey();
    await meta.createKey({ orgId: org.id, orgName: org.name, role, keyHash: hashApiKey(key), last4: key.slice(-4) });
    return { orgId: org.id, auth: `Basic ${Buffer.from(`${org.name}:${key}`).toString('base64')}` };
  };
  const admin = await addUser('Malware Research Group', 'admin');
  if (opts.seed) await seedTaxiiData(taxii, JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')), { ownerOrgId: admin.orgId });
  const app = Fastify({ logger: false });
  await app.register(taxiiPlugin, { store, taxii, authenticate: createAuthenticator(store, meta), ...opts.plugin, prefix: '/taxii2' } as TaxiiPluginOptions);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `${address}/taxii2`;
  return {
    base, store, taxii, opened, adminOrgId: admin.orgId, admin: admin.auth, addUser,
    async req(method, pathAndQuery, o = {}) {
      const headers: Record<string, string> = { accept: TAXII_MEDIA, ...(o.body !== undefined ? { 'content-type': TAXII_MEDIA } : {}), ...o.headers };
      const auth = o.auth === undefined ? admin.auth : o.auth;
      if (auth !== null) headers.authorization = auth;
      return fetch(`${base}${pathAndQuery}`, { method, headers, ...(o.body !== undefined ? { body: o.body as BodyInit } : {}) });
    },
    async close() {
      await app.close();
      await opened.cleanup();
    },
  };
}
