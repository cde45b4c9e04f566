/** Input discovery and chunked reading from files (from an offset), directories and stdin. */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { RenkeiError } from '../../core/errors.ts';

export const CHUNK_BYTES = 1 << 20;

/** Expands an input argument into files: a file, the regular files of a directory (sorted), or '-' for stdin. */
export async function listInputs(input: string): Promise<string[]> {
  if (input === '-') return ['-'];
  let st;
  try {
    st = await stat(input);
  } catch {
    throw new RenkeiError('config_invalid', `input not found: ${input}`);
  }
  if (st.isFile()) return [input];
  if (!st.isDirectory()) throw new RenkeiError('config_invalid', `input is not a file or directory: ${input}`);
  const names = (await readdir(input, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name);
  return names.sort().map((n) => path.join(input, n));
}

/** File identity, so a rotated file (new inode) is read from the start. */
export interface FileId {
  dev: number;
  ino: number;
  size: number;
}

/** Identity of a path now, or null if it is gone. */
export async function fileId(p: string): Promise<FileId | null> {
  try {
    const s = await stat(p);
    return { dev: s.dev, ino: s.ino, size: s.size };
  } catch {
    return null;
  }
}

/** True for gzip-compressed inputs (rotated logs such as `eve.json.2.gz`). */
export function isGzip(p: string): boolean {
  return p.endsWith('.gz');
}

/** Reads the first bytes of a file (decompressed when gzip) for format detection; a BOM is dropped. */
export async function readHead(p: string, bytes = 65_536): Promise<string> {
  if (isGzip(p)) {
    const parts: Buffer[] = [];
    let n = 0;
    try {
      await readGzipFrom(p, 0, (chunk) => {
        parts.push(Buffer.from(chunk));
        n += chunk.length;
        return n >= bytes ? 'stop' : undefined;
      });
    } catch {
      /* a damaged archive: detect from what decompressed */
    }
    return Buffer.concat(parts).subarray(0, bytes).toString('utf8').replace(/^\uFEFF/, '');
  }
  const fh = await open(p, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
}

/**
 * Decompresses a gzip file and hands its content from decompressed byte `offset` on, chunk by chunk
 * (a resumed read re-inflates the skipped part: gzip has no random access). `onChunk` may return 'stop'.
 * Rejects on a damaged archive after the chunks that did decompress.
 */
export async function readGzipFrom(p: string, offset: number, onChunk: (chunk: Buffer) => void | 'stop' | Promise<void>): Promise<number> {
  const src = createReadStream(p, { highWaterMark: CHUNK_BYTES });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  let pos = 0;
  try {
    for await (const raw of gunzip as AsyncIterable<Buffer>) {
      const start = pos;
      pos += raw.length;
      if (pos <= offset) continue;
      const chunk = start < offset ? raw.subarray(offset - start) : raw;
      if ((await onChunk(chunk)) === 'stop') break;
    }
  } finally {
    src.destroy();
    gunzip.destroy();
  }
  return pos;
}

/**
 * Reads an open file from `offset` to its current end, chunk by chunk; `onChunk` runs synchronously per
 * chunk so callers can update cursors before the next await. Returns the offset reached.
 */
export async function readToEnd(fh: import('node:fs/promises').FileHandle, offset: number, onChunk: (chunk: Buffer) => void | Promise<void>): Promise<number> {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = offset;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, pos);
    if (bytesRead === 0) return pos;
    pos += bytesRead;
    await onChunk(buf.subarray(0, bytesRead));
  }
}
