/**
 * Dispatches paths to importers: `auto` detects per file; folders without a feed manifest are walked
 * (sorted, recursively) and every file in them is imported.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isRenkeiError } from '../core/errors.ts';
import { importCsv } from './csv-importer.ts';
import { detectFormat } from './detect-format.ts';
import { importFeed } from './feed-importer.ts';
import { importJson } from './json-importer.ts';
import { importText } from './text-importer.ts';
import type { ImportFormat, ImportItem, ListOptions } from './types.ts';

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      try {
        if ((await stat(path.join(p, 'manifest.json'))).isFile()) {
          yield p;
          continue;
        }
      } catch {
        /* not a feed */
      }
      yield* walk(p);
    } else if (e.isFile()) yield p;
  }
}

/** True for a zero-length file or one holding only a UTF-8 BOM and whitespace (nothing to read). */
async function isEmptyFile(p: string, size: number): Promise<boolean> {
  if (size === 0) return true;
  if (size > 4096) return false;
  const text = (await readFile(p)).toString('utf8');
  return text.replace(/^\uFEFF/, '').trim() === '';
}

/** Imports one path with a given format (or detected when `auto`). */
export async function* importPath(p: string, format: ImportFormat | 'auto', opts: ListOptions): AsyncGenerator<ImportItem> {
  let st;
  try {
    st = await stat(p);
  } catch {
    yield { kind: 'reject', file: p, reason: 'no such file or directory' };
    return;
  }
  if (st.isDirectory() && format !== 'feed') {
    const kind = await detectFormat(p);
    if (kind === 'feed' && format === 'auto') {
      yield* importFeed(p, opts);
      return;
    }
    for await (const f of walk(p)) yield* importPath(f, format, opts);
    return;
  }
  if (st.isFile() && (await isEmptyFile(p, st.size))) {
    yield { kind: 'reject', file: p, reason: st.size === 0 ? 'empty file' : 'file holds only a byte-order mark or blanks' };
    return;
  }
  try {
    switch (format) {
      case 'feed':
        yield* importFeed(st.isDirectory() ? p : path.dirname(p), opts);
        return;
      case 'misp':
      case 'stix':
        yield* importJson(p, opts, format);
        return;
      case 'csv':
        yield* importCsv(p, opts);
        return;
      case 'text':
        yield* importText(p, opts);
        return;
    }
    const kind = await detectFormat(p);
    if (kind === 'feed') yield* importFeed(p, opts);
    else if (kind === 'json') yield* importJson(p, opts);
    else if (kind === 'csv') yield* importCsv(p, opts);
    else yield* importText(p, opts);
  } catch (e) {
    if (isRenkeiError(e)) throw e;
    yield { kind: 'reject', file: p, reason: `cannot read: ${(e as Error).message}` };
  }
}

/** Imports several paths in order. */
export async function* importPaths(paths: readonly string[], format: ImportFormat | 'auto', opts: ListOptions): AsyncGenerator<ImportItem> {
  for (const p of paths) yield* importPath(p, format, opts);
}
