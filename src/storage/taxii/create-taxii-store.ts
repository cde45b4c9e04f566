import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { TaxiiStore } from './port.ts';
import { createSqliteTaxiiStore } from './sqlite.ts';
import { createPostgresTaxiiStore } from './postgres.ts';

/** The connection part of `openStore(...)`'s result that the TAXII store needs (structurally typed). */
export type TaxiiConnection = { kind: 'sqlite'; db: Database } | { kind: 'postgres'; pool: Pool; schema: string };

/** The TAXII store on the same connection (and schema) as the opened intel store. Call `migrate()` once. */
export function createTaxiiStore(opened: TaxiiConnection): TaxiiStore {
  return opened.kind === 'sqlite' ? createSqliteTaxiiStore(opened.db) : createPostgresTaxiiStore(opened.pool, opened.schema);
}
