/** Input discovery and chunked reading from files (from an offset), directories and stdin. */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
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

/** Reads the first bytes of a file (for format detection). */
export async function readHead(p: string, bytes = 65_536): Promise<string> {
  const fh = await open(p, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
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
