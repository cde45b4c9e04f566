/** `renkei agent aggregate`: runs the pipeline over inputs and returns what would be sent, sending nothing. */
import { randomBytes } from 'node:crypto';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import type { IpInfoService } from '../../geo/ip-info.ts';
import { listInputs } from '../input/file-source.ts';
import type { CsvMapping } from '../parse/csv.ts';
import type { LogFormat } from '../parse/detect.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import type { ParseSummary } from '../pipeline/summary.ts';
import { randomSensorId, toBatches } from './batches.ts';
import type { NameAllowList } from '../pipeline/name-policy.ts';
import { orderByContentTime } from './content-order.ts';
import { formatOf, ingestFile, ingestStream, type Cursor } from './ingest.ts';

/** Options for a dry run. Without a key or salt, throwaway random ones are used (counts are the same). */
export interface AggregateOnceOptions {
  inputs: string[];
  format: LogFormat;
  csvMapping?: CsvMapping;
  k: number;
  /** Allowed lateness of event time before an hour closes (default 1 h). */
  allowedLatenessMs?: number;
  ownNetworks: string[];
  member: string;
  /** Default: a random id (never the host name). */
  sensorId?: string;
  /** Rule ids and names allowed to be shared as text although not from a public rule set. */
  ruleNameAllowList?: NameAllowList;
  sketchSalt?: string;
  cryptopanKey?: Uint8Array;
  ipInfo: IpInfoService;
  onReject?: (reason: string, where: string, text: string) => void;
  now?: () => number;
  stdin?: NodeJS.ReadableStream;
  /** Receives each hour as soon as it closes (keeps memory flat on long inputs); batches are then not returned. */
  onBatch?: (batch: AggregateBatch) => void;
}

/** Parses, aggregates and closes every hour; returns the batches and the parse summary. */
export async function aggregateOnce(opts: AggregateOnceOptions): Promise<{ summary: ParseSummary; batches: AggregateBatch[] }> {
  const pipeline = new Pipeline({
    k: opts.k,
    ownNetworks: opts.ownNetworks,
    sketchSalt: opts.sketchSalt ?? randomBytes(32).toString('hex'),
    cryptopanKey: opts.cryptopanKey ?? randomBytes(32),
    ipInfo: opts.ipInfo,
    ...(opts.allowedLatenessMs !== undefined ? { allowedLatenessMs: opts.allowedLatenessMs } : {}),
    ...(opts.ruleNameAllowList ? { ruleNameAllowList: opts.ruleNameAllowList } : {}),
  });
  const meta = { member: opts.member, sensorId: opts.sensorId ?? randomSensorId(), k: opts.k };
  const collected: AggregateBatch[] = [];
  const emit = (list: AggregateBatch[]): void => {
    for (const b of list) (opts.onBatch ? opts.onBatch(b) : collected.push(b));
  };
  const ingestOpts = {
    // Hours that ended (by event time) are closed after every chunk, so only recent hours stay in memory.
    onChunk: () => emit(toBatches(pipeline.closeReady(), meta)),
    format: opts.format,
    ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}),
    ...(opts.onReject ? { onReject: opts.onReject } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    eveTypes: pipeline.eveTypes,
  };
  const files = await orderByContentTime((await Promise.all(opts.inputs.map(listInputs))).flat(), opts.format, { ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}), ...(opts.now ? { now: opts.now } : {}) });
  for (const file of files) {
    const c: Cursor = { path: file, dev: 0, ino: 0, offset: 0, line: 0, format: await formatOf(file, opts.format) };
    if (file === '-') {
      if (opts.format === 'auto') c.format = 'unknown';
      await ingestStream(pipeline, (opts.stdin ?? process.stdin) as import('node:stream').Readable, c, ingestOpts);
    } else await ingestFile(pipeline, c, ingestOpts);
    pipeline.summary.files.push({ path: file, format: c.format });
  }
  emit(toBatches(pipeline.closeAll(), meta));
  return { summary: pipeline.summary, batches: collected };
}
