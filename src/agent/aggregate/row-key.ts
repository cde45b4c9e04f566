import type { AggregateRow } from '../../core/stats/aggregate-batch.ts';

/** The key part of an aggregate row (everything but the counts). */
export type RowKey = Omit<AggregateRow, 'events' | 'sources' | 'targets'>;
