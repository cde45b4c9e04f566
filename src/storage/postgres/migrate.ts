/**
 * Versioned migrations on a shared PostgreSQL pool (same contract as `sqlite/migrate.ts`): each module
 * passes its ordered SQL steps; applied steps are recorded in `migrations` keyed (module, version).
 * An advisory lock serialises concurrent starters on the same schema.
 */
import type { Pool } from 'pg';

/**
 * Applies the steps of `module` not applied yet, all in one transaction, in the pool's current schema or,
 * for an adapter that qualifies its tables itself, in `schema` (so its `migrations` rows live beside them).
 */
export async function runMigrations(pool: Pool, module: string, steps: readonly string[], schema?: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (schema !== undefined) await client.query(`SET LOCAL search_path TO "${schema.replaceAll('"', '""')}"`);
    await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':migrations'))");
    await client.query(`CREATE TABLE IF NOT EXISTS migrations (
      module TEXT NOT NULL, version INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM migrations WHERE module = $1', [module]);
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (let i = 0; i < steps.length; i++) {
      if (applied.has(i + 1)) continue;
      await client.query(steps[i]!);
      await client.query('INSERT INTO migrations (module, version, applied_at) VALUES ($1, $2, $3)', [module, i + 1, Math.floor(Date.now() / 1000)]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
