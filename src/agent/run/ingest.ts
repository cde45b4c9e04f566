/** Drives lines from files or stdin through a pipeline, detecting the format per file and tracking cursors. */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { detectFormat, parserFor, type LogFormat } from '../parse/detect.ts';
import type { CsvMapping } from '../parse/csv.ts';
import type { LineParser } from '../parse/types.ts';
import { LineSplitter } from '../input/line-splitter.ts';
import { isGzip, readGzipFrom, readHead, readToEnd } from '../input/file-source.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';

/** Where reading of one file stands; persisted in the agent's checkpoint. */
export interface Cursor {
  path: string;
  dev: number;
  ino: number;
  offset: number;
  line: number;
  format: Exclude<LogFormat, 'auto'> | 'unknown';
}

/** How to read. `onChunk` runs after each chunk is fully processed (a safe checkpoint moment). */
export interface IngestOptions {
  format: LogFormat;
  csvMapping?: CsvMapping;
  now?: () => number;
  maxLineBytes?: number;
  onReject?: (reason: string, where: string, text: string) => void;
  onChunk?: () => void | Promise<void>;
  /** EVE event types to parse fully (from the pipeline); others are skipped cheaply. */
  eveTypes?: ReadonlySet<string>;
}

/** Picks the parser for a file: the forced format or one detected from its first lines. */
export async function formatOf(file: string, forced: LogFormat): Promise<Cursor['format']> {
  if (forced !== 'auto') return forced;
  const head = file === '-' ? '' : await readHead(file);
  const sample = head.split('\n').slice(0, 50);
  return detectFormat(sample) ?? 'unknown';
}

function parserOf(format: Cursor['format'], opts: IngestOptions): LineParser {
  if (format === 'unknown') return () => 'unknown_format';
  return parserFor(format, { ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}), ...(opts.now ? { now: opts.now } : {}), ...(opts.eveTypes ? { eveTypes: opts.eveTypes } : {}) });
}

/**
 * Reads `cursor.path` from `cursor.offset` to its current end, updating the cursor after every chunk.
 * With `finish`, a last line without a newline is processed too (the file is complete).
 */
export async function ingestFile(pipeline: Pipeline, cursor: Cursor, opts: IngestOptions, finish = true): Promise<void> {
  const parser = await primedParser(cursor, opts);
  const splitter = new LineSplitter(opts.maxLineBytes);
  const start = cursor.offset;
  const sink = makeSink(pipeline, parser, cursor, opts);
  if (isGzip(cursor.path)) {
    // Rotated archives are complete: offsets count decompressed bytes; a damaged tail keeps what inflated.
    try {
      await readGzipFrom(cursor.path, start, async (chunk) => {
        splitter.push(chunk, sink);
        cursor.offset = start + splitter.consumed;
        await opts.onChunk?.();
      });
    } catch (e) {
      pipeline.summary.rejected.gzip_damaged = (pipeline.summary.rejected.gzip_damaged ?? 0) + 1;
      opts.onReject?.('gzip_damaged', `${cursor.path}:${cursor.line}`, (e as Error).message);
    }
    splitter.end(sink);
    cursor.offset = start + splitter.consumed;
    return;
  }
  const fh = await open(cursor.path, 'r');
  try {
    await readToEnd(fh, start, async (chunk) => {
      splitter.push(chunk, sink);
      cursor.offset = start + splitter.consumed;
      await opts.onChunk?.();
    });
    if (finish) {
      splitter.end(sink);
      cursor.offset = start + splitter.consumed;
    }
  } finally {
    await fh.close();
  }
}

/** A parser for the cursor's format; a CSV file resumed mid-way first re-reads its header line. */
export async function primedParser(cursor: Cursor, opts: IngestOptions): Promise<LineParser> {
  const parser = parserOf(cursor.format, opts);
  if (cursor.format === 'csv' && cursor.offset > 0 && cursor.path !== '-') {
    const header = (await readHead(cursor.path)).split('\n')[0] ?? '';
    parser(header.replace(/\r$/, ''));
  }
  return parser;
}

/** Reads a stream (stdin) to its end. */
export async function ingestStream(pipeline: Pipeline, stream: Readable, cursor: Cursor, opts: IngestOptions): Promise<void> {
  const splitter = new LineSplitter(opts.maxLineBytes);
  let parser: LineParser | null = cursor.format === 'unknown' && opts.format === 'auto' ? null : parserOf(cursor.format, opts);
  const early: Buffer[] = [];
  let sink = parser ? makeSink(pipeline, parser, cursor, opts) : null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!sink) {
      // Detect from the first 64 KB (or the whole stream if shorter).
      early.push(chunk);
      const head = Buffer.concat(early);
      if (head.length < 65_536) continue;
      cursor.format = detectFormat(head.toString('utf8').split('\n').slice(0, 50)) ?? 'unknown';
      parser = parserOf(cursor.format, opts);
      sink = makeSink(pipeline, parser, cursor, opts);
      splitter.push(head, sink);
      early.length = 0;
    } else splitter.push(chunk, sink);
    await opts.onChunk?.();
  }
  if (!sink) {
    const head = Buffer.concat(early);
    cursor.format = detectFormat(head.toString('utf8').split('\n').slice(0, 50)) ?? 'unknown';
    sink = makeSink(pipeline, parserOf(cursor.format, opts), cursor, opts);
    splitter.push(head, sink);
  }
  splitter.end(sink);
}

function makeSink(pipeline: Pipeline, parser: LineParser, cursor: Cursor, opts: IngestOptions): (line: string, tooLong: boolean) => void {
  const onReject = opts.onReject;
  const reject = onReject ? (reason: string, text: string) => onReject(reason, `${cursor.path}:${cursor.line}`, text) : undefined;
  return (line, tooLong) => {
    cursor.line++;
    if (tooLong) {
      pipeline.summary.linesRead++;
      pipeline.summary.rejected.line_too_long = (pipeline.summary.rejected.line_too_long ?? 0) + 1;
      reject?.('line_too_long', line);
      return;
    }
    pipeline.processLine(line, parser, reject);
  };
}
