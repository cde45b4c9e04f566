/**
 * Versioned migrations on a shared SQLite connection. Each module (intel, node-meta, hub, stats, taxii)
 * passes its own ordered SQL steps; applied steps are recorded in `migrations` keyed (module, version).
 */
import type { Database } from 'better-sqlite3';

/** Applies the steps of `module` not applied yet, each in its own transaction (step i is version i+1). */
export function runMigrations(db: Database, module: string, steps: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (module, version))`);
  const applied = new Set(
    (db.prepare('SELECT version FROM migrations WHERE module = ?').all(module) as Array<{ version: number }>).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO migrations (module, version, applied_at) VALUES (?, ?, ?)');
  steps.forEach((sql, i) => {
    const version = i + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      record.run(module, version, Math.floor(Date.now() / 1000));
    }).immediate();
  });
}
