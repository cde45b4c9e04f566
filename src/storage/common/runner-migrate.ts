/**
 * Versioned migrations on a hub `SqlRunner` (same contract and `migrations` table as `sqlite/migrate.ts`
 * and `postgres/migrate.ts`): a feature store passes its ordered steps; step i is version i+1. On
 * PostgreSQL an advisory lock serialises two hubs starting on one schema.
 */
import type { SqlRunner } from '../hub/runner.ts';

/** Applies the steps of `module` not applied yet, in one transaction. */
export async function migrateOn(runner: SqlRunner, module: string, steps: readonly string[]): Promise<void> {
  await runner.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.all("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':migrations'))");
    await tx.exec(`CREATE TABLE IF NOT EXISTS migrations (
      module TEXT NOT NULL, version INTEGER NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))`);
    const rows = await tx.all<{ version: number | string }>('SELECT version FROM migrations WHERE module = ?', [module]);
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (let i = 0; i < steps.length; i++) {
      if (applied.has(i + 1)) continue;
      await tx.exec(steps[i]!);
      await tx.run('INSERT INTO migrations (module, version, applied_at) VALUES (?, ?, ?)', [module, i + 1, Math.floor(Date.now() / 1000)]);
    }
  });
}
