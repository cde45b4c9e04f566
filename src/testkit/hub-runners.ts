/** Hub SQL runners on both engines for feature-store contract suites: a fresh SQLite file or PostgreSQL schema per open. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../storage/hub/runner.ts';
import { testPgUrl, uniqueSchema } from './store-factory.ts';

export interface OpenedRunner {
  runner: SqlRunner;
  /** A second runner on the same database (a restarted hub). */
  reopen(): SqlRunner;
  cleanup(): Promise<void>;
}

/** `[engine, open]` pairs; `label` names the temp dir or schema. */
export function hubRunnerEngines(label: string): Array<[string, () => Promise<OpenedRunner>]> {
  const slug = label.replace(/[^a-z0-9]/g, '_');
  return [
    ['sqlite', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `renkei-${slug}-`));
      const file = path.join(dir, 'hub.db');
      const extra: SqlRunner[] = [];
      const runner = sqliteRunner(file);
      return {
        runner,
        reopen: () => {
          const r = sqliteRunner(file);
          extra.push(r);
          return r;
        },
        cleanup: async () => {
          for (const r of [runner, ...extra]) await r.close().catch(() => undefined);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }],
    ['postgres', async () => {
      const url = testPgUrl();
      const schema = uniqueSchema(slug);
      const extra: SqlRunner[] = [];
      const runner = postgresRunner(url, schema);
      return {
        runner,
        reopen: () => {
          const r = postgresRunner(url, schema);
          extra.push(r);
          return r;
        },
        cleanup: async () => {
          await runner.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
          for (const r of [runner, ...extra]) await r.close().catch(() => undefined);
        },
      };
    }],
  ];
}
