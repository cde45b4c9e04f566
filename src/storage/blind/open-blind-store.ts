import type { OpenedStore } from '../open-store.ts';
import type { BlindStore } from './port.ts';
import { createPostgresBlindStore } from './postgres.ts';
import { createSqliteBlindStore } from './sqlite.ts';

/** The blind store on the same connection as the node's intel store. */
export function blindStoreFor(opened: OpenedStore): BlindStore {
  return opened.kind === 'sqlite' ? createSqliteBlindStore(opened.db) : createPostgresBlindStore(opened.pool, opened.schema);
}
