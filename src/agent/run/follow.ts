/**
 * Follows growing files like `tail -F`: keeps each file open, reads what was appended every poll, and on
 * rotation (the path now names a new inode) drains the old handle before switching; on truncation it
 * starts over from 0.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { fileId, readToEnd } from '../input/file-source.ts';
import { LineSplitter } from '../input/line-splitter.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { LineParser } from '../parse/types.ts';
import { primedParser, type Cursor, type IngestOptions } from './ingest.ts';

interface Followed {
  fh: FileHandle;
  splitter: LineSplitter;
  cursor: Cursor;
  base: number;
  parser: LineParser;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

/** Follows `files` until `signal` aborts; `cursorFor` resolves (and resets on rotation) each file's cursor. */
export async function followFiles(
  files: string[],
  pipeline: Pipeline,
  cursorFor: (file: string) => Promise<Cursor | null>,
  opts: IngestOptions,
  loop: { pollMs: number; signal?: AbortSignal; tick: () => void },
): Promise<void> {
  const followed = new Map<string, Followed>();
  try {
    while (!loop.signal?.aborted) {
      for (const f of files) {
        let h = followed.get(f);
        const id = await fileId(f);
        if (h && id && (id.ino !== h.cursor.ino || id.dev !== h.cursor.dev || id.size < h.cursor.offset)) {
          if (id.ino !== h.cursor.ino) await drain(h, pipeline, opts, true);
          await h.fh.close();
          followed.delete(f);
          h = undefined;
        }
        if (!h) {
          const c = await cursorFor(f);
          if (!c) continue;
          let fh: FileHandle;
          try {
            fh = await open(f, 'r');
          } catch {
            continue;
          }
          h = { fh, splitter: new LineSplitter(opts.maxLineBytes), cursor: c, base: c.offset, parser: await primedParser(c, opts) };
          followed.set(f, h);
        }
        await drain(h, pipeline, opts, false);
      }
      loop.tick();
      await sleep(loop.pollMs, loop.signal);
    }
  } finally {
    for (const h of followed.values()) await h.fh.close();
  }
}

async function drain(h: Followed, pipeline: Pipeline, opts: IngestOptions, finish: boolean): Promise<void> {
  const c = h.cursor;
  const where = (): string => `${c.path}:${c.line}`;
  const sink = (line: string, tooLong: boolean): void => {
    c.line++;
    if (tooLong) {
      pipeline.summary.linesRead++;
      pipeline.summary.rejected.line_too_long = (pipeline.summary.rejected.line_too_long ?? 0) + 1;
      opts.onReject?.('line_too_long', where(), line);
      return;
    }
    pipeline.processLine(line, h.parser, opts.onReject ? (reason, text) => opts.onReject!(reason, where(), text) : undefined);
  };
  await readToEnd(h.fh, h.base + h.splitter.fed, async (chunk) => {
    h.splitter.push(chunk, sink);
    c.offset = h.base + h.splitter.consumed;
    await opts.onChunk?.();
  });
  if (finish) {
    h.splitter.end(sink);
    c.offset = h.base + h.splitter.consumed;
  }
}
