/** The observations store on the hub's `SqlRunner` (SQLite and PostgreSQL with the same queries). */
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { groupQueries } from './group-queries.ts';
import { observationQueries } from './observation-queries.ts';
import { outboxQueries } from './outbox-queries.ts';
import type { ObservationsStore } from './port.ts';
import { questionQueries } from './question-queries.ts';
import { roomQueries } from './room-queries.ts';
import { subscriptionQueries } from './subscription-queries.ts';
import { observationSteps } from './schema.ts';

/** Builds the store; `close` is a no-op (the runner belongs to the hub storage). */
export function createSqlObservationsStore(db: SqlRunner): ObservationsStore {
  return {
    migrate: () => migrateOn(db, 'observations', observationSteps(db.dialect)),
    ...groupQueries(db),
    ...observationQueries(db),
    ...questionQueries(db),
    ...roomQueries(db),
    ...subscriptionQueries(db),
    ...outboxQueries(db),
    async close() {},
  };
}
