/**
 * `openNodeStorage(db)`: the one storage call a node process makes. It opens the intel store and, on the
 * same connection (and PostgreSQL schema), the node's bookkeeping (keys, audit, hit log), the TAXII
 * store and the blind-search store, all migrated. Callers get ports only: no driver handle leaves storage/.
 */
import { blindStoreFor } from './blind/open-blind-store.ts';
import type { BlindStore } from './blind/port.ts';
import type { NodeMetaStore } from './node-meta/port.ts';
import { createPostgresNodeMeta } from './node-meta/postgres.ts';
import { createSqliteNodeMeta } from './node-meta/sqlite.ts';
import { openStore, type OpenedStore } from './open-store.ts';
import type { IntelStore } from './port.ts';
import { createTaxiiStore } from './taxii/create-taxii-store.ts';
import type { TaxiiStore } from './taxii/port.ts';

/** Every store a node needs, on one connection. */
export interface NodeStorage {
  intel: IntelStore;
  meta: NodeMetaStore;
  taxii: TaxiiStore;
  /** Blind-search state: pinned hub keys, budgets, settings. */
  blind: BlindStore;
  /** Closes the connection (or does nothing when the storage was built on a caller's store). */
  close(): Promise<void>;
}

/** Opens and migrates every node store on `db` (a SQLite file path or a postgres:// URL). */
export async function openNodeStorage(db: string): Promise<NodeStorage> {
  const opened = await openStore(db);
  try {
    return await nodeStorageOn(opened, { owns: true });
  } catch (e) {
    await opened.close();
    throw e;
  }
}

/**
 * The node stores on a store the caller opened (tests, the benchmark fixture). With `owns: false`
 * (the default) `close()` leaves the connection to the caller.
 */
export async function nodeStorageOn(opened: OpenedStore, opts: { owns?: boolean } = {}): Promise<NodeStorage> {
  const meta = opened.kind === 'sqlite' ? createSqliteNodeMeta(opened.db) : createPostgresNodeMeta(opened.pool, opened.schema);
  await meta.migrate();
  const taxii = createTaxiiStore(opened);
  await taxii.migrate();
  const blind = blindStoreFor(opened);
  await blind.migrate();
  return {
    intel: opened.store,
    meta,
    taxii,
    blind,
    close: opts.owns ? () => opened.close() : async () => {},
  };
}
